// Intended send times of an open-model rate plan: the k-th request is due when the plan's
// cumulative item count reaches k * batchSize. Segments move the rate linearly, so each due time
// is the root of a quadratic inside one segment; nothing depends on when earlier sends finished.

import type { RateSegment } from '../model/scenario.js';

export class ArrivalSchedule {
  private readonly segments: readonly RateSegment[];
  private readonly itemsPerRequest: number;
  /** Index of the segment holding the next due time. */
  private segmentIndex = 0;
  /** Plan time (ms) at which the current segment starts. */
  private segmentStartMs = 0;
  /** Cumulative items of the plan at the start of the current segment. */
  private segmentStartItems = 0;
  /** Requests scheduled so far. */
  private scheduled = 0;
  /** Plan time (ms) of the next due request, or Infinity when the plan is over. */
  nextDueMs = 0;
  readonly totalDurationMs: number;

  /**
   * @param segments the plan, already divided among workers
   * @param itemsPerRequest items carried by one request (the batch size)
   * @param phaseItems offsets the first request inside the first interval (0 = at time 0)
   */
  constructor(segments: readonly RateSegment[], itemsPerRequest: number, phaseItems = 0) {
    this.segments = segments;
    this.itemsPerRequest = itemsPerRequest;
    this.totalDurationMs = segments.reduce((sum, s) => sum + s.durationS * 1000, 0);
    this.phaseItems = phaseItems;
    this.nextDueMs = this.solve();
  }

  private readonly phaseItems: number;

  /** Move to the following request; returns its due time (plan ms) or Infinity. */
  advance(): number {
    this.scheduled++;
    this.nextDueMs = this.solve();
    return this.nextDueMs;
  }

  /** Requests scheduled (advanced past) so far. */
  get requestsScheduled(): number {
    return this.scheduled;
  }

  /** The plan's rate (items/s) at plan time tMs; 0 outside the plan. */
  rateAtPerS(tMs: number): number {
    let start = 0;
    for (const s of this.segments) {
      const d = s.durationS * 1000;
      if (tMs < start + d) return s.fromRatePerS + ((s.toRatePerS - s.fromRatePerS) * (tMs - start)) / d;
      start += d;
    }
    return 0;
  }

  /** Items the plan asks for between plan times 0 and tMs. */
  itemsUntil(tMs: number): number {
    let start = 0;
    let items = 0;
    for (const s of this.segments) {
      const d = s.durationS * 1000;
      const t = Math.min(Math.max(tMs - start, 0), d);
      const slopePerMs2 = (s.toRatePerS - s.fromRatePerS) / 1000 / d;
      items += (s.fromRatePerS / 1000) * t + (slopePerMs2 * t * t) / 2;
      start += d;
    }
    return items;
  }

  private solve(): number {
    const wantItems = this.scheduled * this.itemsPerRequest + this.phaseItems;
    while (this.segmentIndex < this.segments.length) {
      const s = this.segments[this.segmentIndex];
      const d = s.durationS * 1000;
      const a = s.fromRatePerS / 1000; // items per ms at segment start
      const slope = (s.toRatePerS - s.fromRatePerS) / 1000 / d; // items per ms^2
      const segmentItems = a * d + (slope * d * d) / 2;
      const need = wantItems - this.segmentStartItems;
      if (need <= segmentItems + 1e-9 && segmentItems > 0) {
        let t: number;
        if (Math.abs(slope) < 1e-15) {
          t = need / a;
        } else {
          // slope/2 t^2 + a t - need = 0, the root within [0, d]
          const disc = a * a + 2 * slope * need;
          t = (-a + Math.sqrt(Math.max(disc, 0))) / slope;
        }
        // The plan is the half-open interval [0, total): a request due exactly at its end belongs
        // to no one (it would add one batch to every run).
        const dueMs = this.segmentStartMs + t;
        if (t >= 0 && t <= d) return dueMs < this.totalDurationMs - 1e-9 ? dueMs : Number.POSITIVE_INFINITY;
      }
      this.segmentStartMs += d;
      this.segmentStartItems += segmentItems;
      this.segmentIndex++;
    }
    return Number.POSITIVE_INFINITY;
  }
}
