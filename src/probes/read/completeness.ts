// Completeness: what the backend returns for the run's window against what was expected (items
// sent, or accepted, in the probe's unit). Missing = expected - stored, duplicated = stored -
// expected; the counts alone cannot tell a duplicate from a foreign item in the window, so the
// window must hold this run only. (The run waits for the count to settle: src/run/completeness.ts.)

import type { CompletenessReport, StoredCount } from './read-probe.js';

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
