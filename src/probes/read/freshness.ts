// Freshness: how long after a write is accepted the item can be queried. start() writes canary 0,
// which creates the run's canary series (or stream), and waits until it is visible: that first
// delay is reported apart as seriesVisibleMs, because a new series can take far longer than a new
// sample (VictoriaMetrics: several seconds). From then on a canary goes in every intervalMs and is
// polled every pollMs until the query API returns it (a sample) or timeoutMs passes (a timeout).
// A sample's resolution is pollMs plus one query; it is never 0, since the first poll follows the write.

import type { ReadContext, ReadProbe } from './read-probe.js';

export interface FreshnessOptions {
  intervalMs: number;
  pollMs: number;
  timeoutMs: number;
}

export interface FreshnessResult {
  /** Write accepted -> first poll that saw it, ms, in canary order (canaries 1, 2, …). */
  samplesMs: number[];
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Canaries still invisible after timeoutMs. */
  timeouts: number;
  /** Canary 0 (a new series or stream): write accepted -> visible, ms; null if it never showed. */
  seriesVisibleMs: number | null;
  /** Canary writes the backend did not accept (these have no sample). */
  writeErrors: number;
  /** Canary writes the backend accepted, canary 0 included. */
  writesAccepted: number;
  /** Polls that failed (the canary counted as not yet visible). */
  pollErrors: number;
  lastError: string;
}

/** Nearest-rank percentile of ascending values; null when empty. */
export function percentile(sortedValues: readonly number[], p: number): number | null {
  if (sortedValues.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedValues.length));
  return sortedValues[Math.min(rank, sortedValues.length) - 1];
}

export class FreshnessProbe {
  private readonly probe: ReadProbe;
  private readonly ctx: ReadContext;
  private readonly o: FreshnessOptions;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private abandoned = false;
  private seq = 0;
  private primed: Promise<boolean> | null = null;
  private readonly pending = new Set<Promise<void>>();
  private readonly samples: { seq: number; ms: number }[] = [];
  private seriesVisibleMs: number | null = null;
  private timeouts = 0;
  private writeErrors = 0;
  private writesAccepted = 0;
  /**
   * Canary writes go one at a time: each takes its timestamp when written, so a slow write can
   * never be overtaken by the next (an out-of-order sample Prometheus would refuse and count).
   */
  private writeChain: Promise<unknown> = Promise.resolve();
  private writeInFlight = false;
  private pollErrors = 0;
  private lastError = '';

  constructor(probe: ReadProbe, ctx: ReadContext, o: FreshnessOptions) {
    this.probe = probe;
    this.ctx = ctx;
    this.o = o;
  }

  /** Writes canary 0, then starts the measured canaries once it is visible (or timed out). */
  start(): void {
    if (this.primed || this.stopped) return;
    this.primed = this.measure(0).then((ms) => {
      this.seriesVisibleMs = ms;
      if (!this.stopped) this.tick();
      return ms !== null;
    });
  }

  /** Resolves once measured canaries have begun: true if canary 0 became visible. */
  ready(): Promise<boolean> {
    return this.primed ?? Promise.resolve(false);
  }

  /** Stops at once: canaries in flight give up at their next poll (a dead or frozen backend). */
  abandon(): void {
    this.abandoned = true;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops sending canaries, waits for those in flight (at most timeoutMs each), and summarises. */
  async stop(): Promise<FreshnessResult> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.primed;
    await Promise.all([...this.pending]);
    const ordered = [...this.samples].sort((a, b) => a.seq - b.seq).map((s) => s.ms);
    // A canary that never showed ranks as timeoutMs (a lower bound on its delay), so timeouts
    // raise the percentiles instead of vanishing from them.
    const ranked = [...ordered, ...new Array<number>(this.timeouts).fill(this.o.timeoutMs)].sort(
      (a, b) => a - b,
    );
    return {
      samplesMs: ordered,
      p50Ms: percentile(ranked, 50),
      p99Ms: percentile(ranked, 99),
      maxMs: ranked.length === 0 ? null : ranked[ranked.length - 1],
      timeouts: this.timeouts,
      seriesVisibleMs: this.seriesVisibleMs,
      writeErrors: this.writeErrors,
      writesAccepted: this.writesAccepted,
      pollErrors: this.pollErrors,
      lastError: this.lastError,
    };
  }

  private tick(): void {
    if (this.stopped) return;
    // While a canary write is still out (a slow or frozen backend), skip this one: writes must not
    // queue up behind it.
    if (this.writeInFlight) {
      this.timer = setTimeout(() => this.tick(), this.o.intervalMs);
      return;
    }
    const seq = ++this.seq;
    const canary = this.measure(seq).then((ms) => {
      if (ms !== null) this.samples.push({ seq, ms });
    });
    this.pending.add(canary);
    canary.finally(() => this.pending.delete(canary));
    this.timer = setTimeout(() => this.tick(), this.o.intervalMs);
  }

  /** Write accepted -> visible, ms; null on a write error or a timeout (both counted). */
  private async measure(seq: number): Promise<number | null> {
    try {
      const write = this.writeChain.then(() => {
        if (this.abandoned) throw new Error('abandoned');
        this.writeInFlight = true;
        return this.probe.canary.write(this.ctx, seq).finally(() => {
          this.writeInFlight = false;
        });
      });
      this.writeChain = write.catch(() => undefined);
      await write;
      this.writesAccepted++;
    } catch (error) {
      this.writeErrors++;
      this.lastError = String(error);
      return null;
    }
    const acceptedAt = performance.now();
    const deadline = acceptedAt + this.o.timeoutMs;
    for (;;) {
      await sleep(Math.min(this.o.pollMs, Math.max(0, deadline - performance.now())));
      if (this.abandoned) return null;
      let visible = false;
      try {
        visible = await this.probe.canary.isVisible(this.ctx, seq);
      } catch (error) {
        this.pollErrors++;
        this.lastError = String(error);
      }
      const now = performance.now();
      if (visible) return now - acceptedAt;
      if (now >= deadline) {
        this.timeouts++;
        return null;
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
