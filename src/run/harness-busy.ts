// When late schedules blame the harness: only when it had no CPU to spare. Schedules also run late
// behind a slow target (every in-flight slot taken, then the queued ones start in a burst as slots
// free up) while the harness's cores sit partly idle; that is the target's doing.

/** Share of the harness's cores busy at or above which the harness counts as out of CPU. */
const HARNESS_BUSY_SHARE = 0.9;

/**
 * True when the schedule lag p99 exceeds `lateMs` and the harness used at least 90% of its cores
 * over the measured phase (or its CPU is unknown, as in older results).
 */
export function lateForWantOfCpu(
  scheduleLagP99Ms: number,
  cpuCoresAvg: number | null | undefined,
  harnessCoreCount: number,
  lateMs: number,
): boolean {
  if (scheduleLagP99Ms <= lateMs) return false;
  return cpuCoresAvg == null || cpuCoresAvg >= HARNESS_BUSY_SHARE * harnessCoreCount;
}
