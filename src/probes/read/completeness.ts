// Completeness: what the backend returns for the run's window against what was expected (items
// sent, or accepted, in the probe's unit). Missing = expected - stored, duplicated = stored -
// expected; the counts alone cannot tell a duplicate from a foreign item in the window, so the
// window must hold this run only. Counting waits until the backend's answer stops growing, since
// freshly written data becomes searchable a second or two later on some backends.

import type { CompletenessReport, ReadContext, ReadProbe, StoredCount } from './read-probe.js';

export interface CompletenessOptions {
  /** Give up waiting for the count to grow after this long (default 15 s). */
  settleTimeoutMs?: number;
  /** The count is final once unchanged for this long (default 3 s), or once it reaches expected. */
  stableMs?: number;
  pollMs?: number;
}

export function completenessReport(
  expected: number,
  stored: StoredCount,
  method: string,
): CompletenessReport {
  const verified = Math.min(stored.total, expected);
  return {
    expected,
    verified,
    missing: Math.max(0, expected - stored.total),
    duplicated: Math.max(0, stored.total - expected),
    ratio: expected > 0 ? verified / expected : null,
    method,
    byGroup: stored.byGroup,
  };
}

export async function checkCompleteness(
  probe: ReadProbe,
  ctx: ReadContext,
  expected: number,
  o: CompletenessOptions = {},
): Promise<CompletenessReport> {
  const settleTimeoutMs = o.settleTimeoutMs ?? 15_000;
  const stableMs = o.stableMs ?? 3000;
  const pollMs = o.pollMs ?? 500;
  const started = performance.now();
  let stored = await probe.countStored(ctx);
  let changedAt = performance.now();
  while (stored.total < expected) {
    const now = performance.now();
    if (now - changedAt >= stableMs || now - started >= settleTimeoutMs) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const next = await probe.countStored(ctx);
    if (next.total !== stored.total) changedAt = performance.now();
    stored = next;
  }
  return completenessReport(
    expected,
    stored,
    `${probe.unit}; counted by the backend's query API over the run's window`,
  );
}
