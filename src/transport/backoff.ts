// Exponential backoff with jitter for retries (the OTLP spec asks for both), plus a cancellable
// wait so close() never leaves a timer holding the process open.

/** First retry waits about this long; each further retry doubles it. */
const BACKOFF_INITIAL_MS = 100;
const BACKOFF_MAX_MS = 5000;
/** The delay is scaled by a factor drawn uniformly from [1 - JITTER, 1 + JITTER]. */
const BACKOFF_JITTER = 0.2;
/** Without a run deadline, a server-requested wait longer than this is cut to it, so a send always ends. */
export const RETRY_AFTER_MAX_MS = 60_000;

/** Small seeded PRNG (mulberry32) so retry timing is reproducible from the scenario seed. */
export function createJitterSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Delay before retry number `retryIndex` (0 = the first retry). */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  const baseMs = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(retryIndex, 30));
  return baseMs * (1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * random());
}

/** Pending waits of one sender; cancelAll() ends them early (they resolve false). */
export class RetryWaits {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: (completed: boolean) => void }>();
  private cancelled = false;

  wait(delayMs: number): Promise<boolean> {
    if (this.cancelled) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve(true);
        }, delayMs),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    this.cancelled = true;
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.pending.clear();
  }
}
