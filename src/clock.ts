// Wall-clock time shared by every thread: performance.now() alone is relative to each
// worker's own time origin, so cross-thread instants use the epoch.

export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Resolve after ms, at the timers' 1 ms granularity (a wait under 1 ms takes about 1 ms). No spin
 * on setImmediate below 1 ms: that kept a load worker's event loop busy between schedules, so a
 * fast open-model run read as a full core of harness CPU whatever its real work. An open-model
 * request then starts up to about 1 ms late, which its latency, measured from the intended start,
 * includes.
 */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
