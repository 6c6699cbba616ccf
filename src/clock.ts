// Wall-clock time shared by every thread: performance.now() alone is relative to each
// worker's own time origin, so cross-thread instants use the epoch.

export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Resolve after ms, at the timers' 1 ms granularity (a wait under 1 ms takes about 1 ms). It used to
 * spin on setImmediate below 1 ms, which kept a load worker's event loop busy between schedules:
 * any open-model run at more than ~1000 requests/s read as a full core of harness CPU whatever its
 * real work (remote write at 1M samples/s: 1.0 core spinning, 0.6 without). An open-model request
 * then starts up to about 1 ms late, which its latency, measured from the intended start, includes.
 */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
