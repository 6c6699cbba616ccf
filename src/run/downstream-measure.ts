import type { DownstreamRoute } from '../model/scenario.js';
import type { HopCounts } from './findings.js';
import type { Hop } from './hop.js';
import type { MeasureContext, RunMeasure } from './measure.js';
import { settle } from './settle.js';

const POLL_MS = 250;
/** Counters unchanged this long (after the pipeline's own delay) count as settled. */
const STABLE_MS = 1000;
/** Longest wait beyond the pipeline's own delay for data in flight through the first hop. */
const SETTLE_MAX_MS = 10_000;

export class DownstreamMeasure implements RunMeasure {
  readonly phase = null;

  constructor(
    private readonly downstream: Hop,
    private readonly route: DownstreamRoute,
  ) {}

  async start(): Promise<void> {}

  async loadEnded(): Promise<void> {}

  /**
   * Waits until the count reaches what the first hop accepted (same-unit downstreams), or has not
   * moved for a second once the pipeline's own delay has passed, or a deadline beyond that delay.
   */
  async finish(ctx: MeasureContext): Promise<void> {
    if (ctx.died) return;
    const expected = this.route.unit === 'items' ? (ctx.found.targetCounts?.accepted ?? null) : null;
    const settled = await settle<HopCounts | null>({
      read: () => this.downstream.counts(),
      same: (a, b) => a?.accepted === b?.accepted && a?.refused === b?.refused,
      reached: (counts) => counts === null || (expected !== null && counts.accepted >= expected),
      stableMs: STABLE_MS,
      stableNotBeforeMs: this.route.delayMs,
      deadlineMs: this.route.delayMs + SETTLE_MAX_MS,
      pollMs: POLL_MS,
    }).catch(() => null);
    const counts = settled?.value ?? null;
    ctx.found.downstream = {
      name: this.downstream.name,
      version: this.downstream.version,
      signal: this.route.signal,
      unit: this.route.unit,
      accepted: counts?.accepted ?? null,
      refused: counts?.refused ?? null,
      latencyMs: this.downstream.addedLatency(),
    };
  }

  async dispose(): Promise<void> {}
}
