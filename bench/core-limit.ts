// Which of two pinned cores held a bench row back: the load tool's or the sink's. A row whose
// sink core saturated while the tool's core did not measured the sink, not the tool, and says so.

/** Which side held a row back: the core at or above SATURATED_SHARE busy, the other below it. */
export type CoreLimit = 'harness' | 'sink' | 'both' | 'neither' | 'unknown';

/** A core at or above this busy share is saturated. */
export const SATURATED_SHARE = 0.9;

export function limitOf(harness: number | null, sink: number | null): CoreLimit {
  if (harness === null || sink === null) return 'unknown';
  const h = harness >= SATURATED_SHARE;
  const s = sink >= SATURATED_SHARE;
  return h && s ? 'both' : h ? 'harness' : s ? 'sink' : 'neither';
}

/** A share or ratio to three decimals for a report; null stays null. */
export function round3(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}
