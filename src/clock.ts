// Wall-clock time shared by every thread: performance.now() alone is relative to each
// worker's own time origin, so cross-thread instants use the epoch.

export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolve after ms (setImmediate below 1 ms, where setTimeout would oversleep). */
export function sleepMs(ms: number): Promise<void> {
  if (ms < 1) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
