// Waiting for a reading to settle: a backend's counter that lags its answers, a downstream that
// still receives what a first hop buffered, a data dir still being written, a query answer that
// still grows. Poll until the value reaches a target, or stops moving, or a deadline passes;
// every such wait in a run goes through here. The clock is injectable so tests need no waiting.

export interface SettleClock {
  nowMs(): number;
  sleepMs(ms: number): Promise<void>;
}

export const realClock: SettleClock = {
  nowMs: () => performance.now(),
  sleepMs: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SettleOptions<T> {
  read(): Promise<T>;
  /** Two readings the same value (default: ===). */
  same?(a: T, b: T): boolean;
  /** Done as soon as a reading satisfies it (e.g. the count reached what was sent). */
  reached?(value: T): boolean;
  /**
   * Done once the value has not changed for this long (measured from the last change, or the
   * first reading) and `acceptStable` agrees. Infinity: only `reached` or the deadline end it.
   */
  stableMs: number;
  /** A stable value ends the wait only if this holds (default: always). */
  acceptStable?(value: T): boolean;
  /** Stability ends the wait no sooner than this (a pipeline's own delay); `reached` still does. */
  stableNotBeforeMs?: number;
  /** Give up after this long with the last reading. */
  deadlineMs: number;
  pollMs: number;
  clock?: SettleClock;
}

export interface Settled<T> {
  value: T;
  /** Why the wait ended. */
  by: 'reached' | 'stable' | 'deadline';
  waitedMs: number;
}

export async function settle<T>(o: SettleOptions<T>): Promise<Settled<T>> {
  const clock = o.clock ?? realClock;
  const same = o.same ?? ((a: T, b: T) => a === b);
  const stableNotBeforeMs = o.stableNotBeforeMs ?? 0;
  const startedAt = clock.nowMs();
  let value = await o.read();
  // Stable from the first answer, not from the question: a slow first read is no evidence.
  let changedAt = clock.nowMs();
  for (;;) {
    const now = clock.nowMs();
    const waitedMs = now - startedAt;
    if (o.reached?.(value)) return { value, by: 'reached', waitedMs };
    const stable = waitedMs >= stableNotBeforeMs && now - changedAt >= o.stableMs;
    if (stable && (o.acceptStable?.(value) ?? true)) return { value, by: 'stable', waitedMs };
    if (waitedMs >= o.deadlineMs) return { value, by: 'deadline', waitedMs };
    await clock.sleepMs(Math.min(o.pollMs, o.deadlineMs - waitedMs));
    const next = await o.read();
    if (!same(next, value)) changedAt = clock.nowMs();
    value = next;
  }
}
