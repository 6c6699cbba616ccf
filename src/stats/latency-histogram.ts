// Latency recording for the load engine: an HDR histogram in integer microseconds whose V2
// compressed base64 encoding lets histograms from workers and other processes merge exactly.
//
// Coordinated omission: the load engine records latency from the INTENDED send time of each
// request (docs/architecture.md, the open-model rule), so a stalled backend already shows up as
// long latencies for every request that was due during the stall. No extra correction
// (recordValueWithExpectedInterval or copyCorrectedForCoordinatedOmission) is applied here;
// applying one on top would double-count.

import type { Histogram } from 'hdr-histogram-js';
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { LatencySummary } from '../model/run-result.js';

const LOWEST_US = 1;
/** One hour: anything slower is clamped to this value and counted in `clampedCount`. */
export const HIGHEST_US = 3_600_000_000;
const SIGNIFICANT_DIGITS = 3;

// 32-bit counters: recordValue measured ~5x faster than 'packed' (about 100 vs 520 ns per call on
// the 2-core dev box, node 20) for 95 KB instead of 63 KB. A bucket overflows only after 2^32
// samples at one value, and samples are requests, not items.
const BIT_BUCKET_SIZE = 32;

function newHistogram(): Histogram {
  return build({
    bitBucketSize: BIT_BUCKET_SIZE,
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    autoResize: false,
    useWebAssembly: false,
  });
}

export class LatencyHistogram {
  private readonly histogram: Histogram;

  constructor() {
    this.histogram = newHistogram();
  }

  /** Hot path: rounds to whole microseconds, clamps into [0, 1 h]; allocates nothing. */
  recordMs(ms: number): void {
    let us = Math.round(ms * 1000);
    // NaN and negative values (clock steps) count as 0 rather than throwing inside the library.
    if (!(us > 0)) us = 0;
    else if (us > HIGHEST_US) us = HIGHEST_US;
    this.histogram.recordValue(us);
  }

  /**
   * Records `count` samples of `us` microseconds at once (a latency shared by many items, e.g. every
   * span under one stamped resource); rounded and clamped as recordMs does; allocates nothing.
   */
  recordUsCount(us: number, count: number): void {
    let value = Math.round(us);
    if (!(value > 0)) value = 0;
    else if (value > HIGHEST_US) value = HIGHEST_US;
    this.histogram.recordValueWithCount(value, count);
  }

  /** Adds another histogram, or one encoded by `toBase64` (here or in another process). */
  merge(other: LatencyHistogram | string): void {
    const source = typeof other === 'string' ? decode(other) : other.histogram;
    if (source.maxValue > HIGHEST_US) {
      // Encoded elsewhere with a wider range: add value by value so the excess is clamped.
      addClamped(this.histogram, source);
    } else {
      this.histogram.add(source);
    }
  }

  toBase64(): string {
    return encodeIntoCompressedBase64(this.histogram);
  }

  static fromBase64(encoded: string): LatencyHistogram {
    const result = new LatencyHistogram();
    result.merge(encoded);
    return result;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /**
   * Samples at the 1 h ceiling. Derived from the histogram itself (not a side counter) so that it
   * survives merges of encoded histograms; it includes the few genuine values within the top
   * bucket's 0.1 % resolution.
   */
  get clampedCount(): number {
    return this.count === 0 ? 0 : getCountAtValue(this.histogram, HIGHEST_US);
  }

  /** Latency at `percentile` (0..100), in ms; 0 for an empty histogram. */
  percentileMs(percentile: number): number {
    return this.count === 0 ? 0 : this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    const empty = h.totalCount === 0;
    return {
      count: h.totalCount,
      p50: empty ? 0 : h.getValueAtPercentile(50) / 1000,
      p90: empty ? 0 : h.getValueAtPercentile(90) / 1000,
      p99: empty ? 0 : h.getValueAtPercentile(99) / 1000,
      p999: empty ? 0 : h.getValueAtPercentile(99.9) / 1000,
      // The top of the max's bucket rather than the exact max, which the encoding does not carry:
      // this way a summary is the same whether computed here, after a round trip or after a merge.
      max: empty ? 0 : h.getValueAtPercentile(100) / 1000,
      mean: empty ? 0 : h.mean / 1000,
      hdrBase64: this.toBase64(),
    };
  }

  reset(): void {
    this.histogram.reset();
  }
}

function decode(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, BIT_BUCKET_SIZE, false);
}

// getCountAtValue and the iteration helpers exist on the JS implementation but are not in the
// package's public Histogram type; this is the one place that reaches for them.
interface JsHistogramInternals {
  getCountAtValue(value: number): number;
  countsArrayLength: number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
}

function getCountAtValue(histogram: Histogram, value: number): number {
  return (histogram as unknown as JsHistogramInternals).getCountAtValue(value);
}

function addClamped(target: Histogram, source: Histogram): void {
  const internals = source as unknown as JsHistogramInternals;
  for (let i = 0; i < internals.countsArrayLength; i++) {
    const count = internals.getCountAtIndex(i);
    if (count > 0) target.recordValueWithCount(Math.min(internals.valueFromIndex(i), HIGHEST_US), count);
  }
}
