// Completeness after a run: the backend's count of the run's items, once it has settled (freshly
// written data becomes searchable a second or two later on some backends), against what was
// expected.

import { completenessReport } from '../probes/read/index.js';
import type { CompletenessReport, ReadContext, ReadProbe } from '../probes/read/read-probe.js';
import { type SettleClock, settle } from './settle.js';

export interface CompletenessOptions {
  /** Give up waiting for the count to grow after this long (default 15 s). */
  settleTimeoutMs?: number;
  /** The count is final once unchanged for this long (default 3 s), or once it reaches expected. */
  stableMs?: number;
  pollMs?: number;
  clock?: SettleClock;
}

export async function checkCompleteness(
  probe: ReadProbe,
  ctx: ReadContext,
  expected: number,
  o: CompletenessOptions = {},
): Promise<CompletenessReport> {
  const settled = await settle({
    read: () => probe.countStored(ctx),
    same: (a, b) => a.total === b.total,
    reached: (stored) => stored.total >= expected,
    stableMs: o.stableMs ?? 3000,
    deadlineMs: o.settleTimeoutMs ?? 15_000,
    pollMs: o.pollMs ?? 500,
    clock: o.clock,
  });
  return completenessReport(
    expected,
    settled.value,
    `${probe.unit}; counted by the backend's query API over the run's window`,
  );
}
