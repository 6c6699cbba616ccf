// Per-second counts of one worker over the measured phase, plus a latency histogram per second
// for the time series' p99. Seconds are whole seconds since the measured phase started.

import { LatencyHistogram } from '../stats/latency-histogram.js';

export class PerSecondCounts {
  readonly sent: number[] = [];
  readonly accepted: number[] = [];
  readonly failed: number[] = [];
  readonly latency: LatencyHistogram[] = [];
  private readonly measureStartEpochMs: number;
  private readonly maxSeconds: number;

  constructor(measureStartEpochMs: number, maxSeconds: number) {
    this.measureStartEpochMs = measureStartEpochMs;
    this.maxSeconds = maxSeconds;
  }

  /** Second index of an instant, clamped into [0, maxSeconds - 1]. */
  secondOf(epochMs: number): number {
    const s = Math.floor((epochMs - this.measureStartEpochMs) / 1000);
    return s < 0 ? 0 : s >= this.maxSeconds ? this.maxSeconds - 1 : s;
  }

  addSent(second: number, items: number): void {
    this.ensure(second);
    this.sent[second] += items;
  }

  addAccepted(second: number, items: number): void {
    this.ensure(second);
    this.accepted[second] += items;
  }

  addFailed(second: number, items: number): void {
    this.ensure(second);
    this.failed[second] += items;
  }

  recordLatencyMs(second: number, ms: number): void {
    this.ensure(second);
    this.latency[second].recordMs(ms);
  }

  private ensure(second: number): void {
    while (this.sent.length <= second) {
      this.sent.push(0);
      this.accepted.push(0);
      this.failed.push(0);
      this.latency.push(new LatencyHistogram());
    }
  }
}
