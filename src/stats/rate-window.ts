// Per-second time series of a run (RunResult.timeseries): items sent / accepted / failed per whole
// second since the measured phase started, latency p99 per second, and backend cpu / rss samples.

import type { TimeseriesPoint } from '../model/run-result.js';
import { LatencyHistogram } from './latency-histogram.js';

const INITIAL_SECONDS = 64;
// Latency is recorded when a response arrives, so samples for a second keep coming for a while
// after the next one starts. A few open per-second histograms cover that; a sample for a second
// older than the ring is counted in `lateLatencySamples` (its counts still land in the right second).
const OPEN_SECONDS = 4;

export class PerSecondSeries {
  private capacity = INITIAL_SECONDS;
  private sent = new Float64Array(INITIAL_SECONDS);
  private accepted = new Float64Array(INITIAL_SECONDS);
  private failed = new Float64Array(INITIAL_SECONDS);
  private p99Ms = new Float64Array(INITIAL_SECONDS);
  // NaN = no sample in that second.
  private cpuCores = new Float64Array(INITIAL_SECONDS).fill(Number.NaN);
  private rssBytes = new Float64Array(INITIAL_SECONDS).fill(Number.NaN);
  /** Highest second that received anything, -1 while empty. */
  private lastSecond = -1;

  private readonly openHistograms: LatencyHistogram[] = [];
  private readonly openSecond = new Int32Array(OPEN_SECONDS).fill(-1);
  /** Latency samples that arrived after their second's histogram had been closed. */
  lateLatencySamples = 0;
  /** Calls with a negative elapsed time (before the measured phase); ignored. */
  ignoredSamples = 0;

  constructor() {
    for (let i = 0; i < OPEN_SECONDS; i++) this.openHistograms.push(new LatencyHistogram());
  }

  recordSent(elapsedMs: number, items: number): void {
    const second = this.slot(elapsedMs);
    if (second >= 0) this.sent[second] += items;
  }

  recordAccepted(elapsedMs: number, items: number): void {
    const second = this.slot(elapsedMs);
    if (second >= 0) this.accepted[second] += items;
  }

  recordFailed(elapsedMs: number, items: number): void {
    const second = this.slot(elapsedMs);
    if (second >= 0) this.failed[second] += items;
  }

  /** `elapsedMs` places the sample in a second (the caller decides: completion time is typical). */
  recordLatency(elapsedMs: number, latencyMs: number): void {
    const second = this.slot(elapsedMs);
    if (second < 0) return;
    const ring = second % OPEN_SECONDS;
    const held = this.openSecond[ring];
    if (held !== second) {
      if (held > second) {
        this.lateLatencySamples++;
        return;
      }
      if (held >= 0) this.close(ring);
      this.openSecond[ring] = second;
    }
    this.openHistograms[ring].recordMs(latencyMs);
  }

  /** Backend probe sample; the last sample in a second wins. */
  recordBackend(elapsedMs: number, cpuCores: number | null, rssBytes: number | null): void {
    const second = this.slot(elapsedMs);
    if (second < 0) return;
    if (cpuCores !== null) this.cpuCores[second] = cpuCores;
    if (rssBytes !== null) this.rssBytes[second] = rssBytes;
  }

  /** Number of seconds covered so far (0 while empty). */
  get lengthS(): number {
    return this.lastSecond + 1;
  }

  /**
   * The series so far, one point per second from `fromS` (default 0) up to but excluding `toS`
   * (default: past the last second seen). Open seconds report their p99 so far; calling this
   * mid-run is fine and changes nothing. A window keeps once-a-second checks O(window), not O(run).
   */
  points(fromS = 0, toS = this.lastSecond + 1): TimeseriesPoint[] {
    for (let ring = 0; ring < OPEN_SECONDS; ring++) {
      const second = this.openSecond[ring];
      if (second >= 0) this.p99Ms[second] = this.openHistograms[ring].percentileMs(99);
    }
    const result: TimeseriesPoint[] = [];
    const end = Math.min(toS, this.lastSecond + 1);
    for (let second = Math.max(0, fromS); second < end; second++) {
      const point: TimeseriesPoint = {
        tS: second,
        sentPerS: this.sent[second],
        acceptedPerS: this.accepted[second],
        failedPerS: this.failed[second],
        latencyP99Ms: this.p99Ms[second],
      };
      if (!Number.isNaN(this.cpuCores[second])) point.backendCpuCores = this.cpuCores[second];
      if (!Number.isNaN(this.rssBytes[second])) point.backendRssBytes = this.rssBytes[second];
      result.push(point);
    }
    return result;
  }

  reset(): void {
    this.sent.fill(0);
    this.accepted.fill(0);
    this.failed.fill(0);
    this.p99Ms.fill(0);
    this.cpuCores.fill(Number.NaN);
    this.rssBytes.fill(Number.NaN);
    this.lastSecond = -1;
    this.openSecond.fill(-1);
    for (const histogram of this.openHistograms) histogram.reset();
    this.lateLatencySamples = 0;
    this.ignoredSamples = 0;
  }

  /** The second for `elapsedMs`, growing the arrays if needed; -1 for negative times. */
  private slot(elapsedMs: number): number {
    if (!(elapsedMs >= 0)) {
      this.ignoredSamples++;
      return -1;
    }
    const second = Math.floor(elapsedMs / 1000);
    if (second >= this.capacity) this.grow(second + 1);
    if (second > this.lastSecond) this.lastSecond = second;
    return second;
  }

  private close(ring: number): void {
    this.p99Ms[this.openSecond[ring]] = this.openHistograms[ring].percentileMs(99);
    this.openHistograms[ring].reset();
    this.openSecond[ring] = -1;
  }

  private grow(minCapacity: number): void {
    let capacity = this.capacity * 2;
    while (capacity < minCapacity) capacity *= 2;
    this.sent = growArray(this.sent, capacity, 0);
    this.accepted = growArray(this.accepted, capacity, 0);
    this.failed = growArray(this.failed, capacity, 0);
    this.p99Ms = growArray(this.p99Ms, capacity, 0);
    this.cpuCores = growArray(this.cpuCores, capacity, Number.NaN);
    this.rssBytes = growArray(this.rssBytes, capacity, Number.NaN);
    this.capacity = capacity;
  }
}

function growArray(old: Float64Array, capacity: number, fillValue: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(old);
  if (fillValue !== 0) next.fill(fillValue, old.length);
  return next;
}

/**
 * Merges the series of several workers second by second: counts add up; latency p99 takes the
 * maximum, an upper bound of the true merged p99 (at most 1 % of each worker's samples, hence of
 * all samples, exceed it). Backend samples come from one probe, so the first present value wins.
 */
export function mergeTimeseries(series: readonly (readonly TimeseriesPoint[])[]): TimeseriesPoint[] {
  const merged: TimeseriesPoint[] = [];
  for (const points of series) {
    for (const p of points) {
      while (merged.length <= p.tS) {
        merged.push({ tS: merged.length, sentPerS: 0, acceptedPerS: 0, failedPerS: 0, latencyP99Ms: 0 });
      }
      const point = merged[p.tS];
      point.sentPerS += p.sentPerS;
      point.acceptedPerS += p.acceptedPerS;
      point.failedPerS += p.failedPerS;
      if (p.latencyP99Ms > point.latencyP99Ms) point.latencyP99Ms = p.latencyP99Ms;
      if (point.backendCpuCores === undefined && p.backendCpuCores !== undefined) {
        point.backendCpuCores = p.backendCpuCores;
      }
      if (point.backendRssBytes === undefined && p.backendRssBytes !== undefined) {
        point.backendRssBytes = p.backendRssBytes;
      }
    }
  }
  return merged;
}
