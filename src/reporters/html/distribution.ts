// The latency percentile distribution of a run from its HDR histograms, as HdrHistogram plots it:
// on a log-scaled "percentile" axis, x = 1 / (1 - p), so 90%, 99%, 99.9% ... sit equally apart
// and the tail gets as much room as the body.

import type { LatencySummary } from '../../model/run-result.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';

/** Points per decade of the x axis (90% to 99% is one decade). */
const POINTS_PER_DECADE = 10;
/** The x axis stops at 99.9999%: beyond that the histogram's max is the only answer. */
const MAX_X = 1_000_000;

export interface PercentileDistribution {
  /** 1 / (1 - p) for each point: 1 is p0, 10 is p90, 100 is p99. */
  x: number[];
  /** Latency at each point, ms; null when the histogram holds nothing. */
  latencyMs: (number | null)[];
  serviceTimeMs: (number | null)[];
}

/**
 * The x positions for a histogram of `count` samples: from p0 until 1 / (1 - p) reaches the count
 * (a percentile finer than one sample in `count` says nothing new), at least up to p90.
 */
export function percentileAxis(count: number): number[] {
  const top = Math.min(MAX_X, Math.max(10, count));
  const steps = Math.floor(Math.log10(top) * POINTS_PER_DECADE + 1e-9);
  return Array.from({ length: steps + 1 }, (_, k) => 10 ** (k / POINTS_PER_DECADE));
}

/** The percentile (0..100) a point of the axis stands for. */
export function percentileAt(x: number): number {
  return 100 * (1 - 1 / x);
}

/** Both distributions on one axis, or null when neither histogram holds a sample. */
export function percentileDistribution(
  latency: LatencySummary,
  serviceTime: LatencySummary,
): PercentileDistribution | null {
  const count = Math.max(latency.count, serviceTime.count);
  if (count === 0) return null;
  const x = percentileAxis(count);
  return { x, latencyMs: valuesAt(latency, x), serviceTimeMs: valuesAt(serviceTime, x) };
}

function valuesAt(summary: LatencySummary, x: number[]): (number | null)[] {
  const histogram = decoded(summary);
  if (histogram === null) return x.map(() => null);
  return x.map((at) => histogram.percentileMs(percentileAt(at)));
}

function decoded(summary: LatencySummary): LatencyHistogram | null {
  if (summary.count === 0 || !summary.hdrBase64) return null;
  try {
    return LatencyHistogram.fromBase64(summary.hdrBase64);
  } catch {
    // A histogram that does not decode is drawn as absent; the summary figures still show.
    return null;
  }
}
