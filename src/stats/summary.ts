// Summaries of one metric over repeated runs (docs/architecture.md, the repeated-runs rule:
// gates compare medians with confidence intervals, never a single run). Callers drop runs where
// the metric is null first.

import { binomialDistribution, mean, median, sampleStandardDeviation } from 'simple-statistics';
import { ObsbenchError } from '../errors.js';

export interface ConfidenceInterval {
  low: number;
  high: number;
  /** Coverage actually achieved (order statistics give discrete levels; with few runs it is below the one asked for). */
  confidence: number;
  method: 'order-statistic';
}

export interface RunsSummary {
  n: number;
  median: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single run. */
  stddev: number;
  min: number;
  max: number;
  medianCi: ConfidenceInterval;
}

export const DEFAULT_CONFIDENCE = 0.95;

/**
 * Distribution-free CI of the median from order statistics: [x(j), x(n-j+1)] covers the median
 * with probability 1 - 2 * P(B <= j - 1), B ~ Binomial(n, 1/2). No resampling, so no seed and
 * the same runs always give the same interval. Picks the narrowest interval reaching
 * `confidence`; when even [min, max] falls short it returns [min, max] with its true coverage.
 */
export function medianConfidenceInterval(
  sortedValues: readonly number[],
  confidence: number = DEFAULT_CONFIDENCE,
): ConfidenceInterval {
  const n = sortedValues.length;
  if (n === 0) throw new ObsbenchError('E_INTERNAL', 'medianConfidenceInterval needs at least one value');
  if (n === 1) {
    return { low: sortedValues[0], high: sortedValues[0], confidence: 0, method: 'order-statistic' };
  }
  const pmf = binomialDistribution(n, 0.5) ?? [];
  // tail = P(B <= j - 1) for the current j (1-based rank of the lower bound).
  let j = 1;
  let tail = pmf[0] ?? 0;
  let coverage = 1 - 2 * tail;
  // Widen the rank while the next narrower interval still reaches the level.
  while (j + 1 <= n - j) {
    const nextTail = tail + (pmf[j] ?? 0);
    const nextCoverage = 1 - 2 * nextTail;
    if (nextCoverage < confidence) break;
    j++;
    tail = nextTail;
    coverage = nextCoverage;
  }
  return {
    low: sortedValues[j - 1],
    high: sortedValues[n - j],
    confidence: coverage,
    method: 'order-statistic',
  };
}

export function summarizeRuns(
  values: readonly number[],
  confidence: number = DEFAULT_CONFIDENCE,
): RunsSummary {
  if (values.length === 0) throw new ObsbenchError('E_INTERNAL', 'summarizeRuns needs at least one run');
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new ObsbenchError(
        'E_INTERNAL',
        `summarizeRuns got a non-finite value (${value}); drop null metrics first`,
      );
    }
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: median(sorted),
    mean: mean(sorted),
    stddev: sorted.length > 1 ? sampleStandardDeviation(sorted) : 0,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    medianCi: medianConfidenceInterval(sorted, confidence),
  };
}
