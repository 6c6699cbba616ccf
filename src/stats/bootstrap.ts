// The relative change between two sets of runs with an interval: a seeded percentile bootstrap of
// the ratio of their medians. Seeded, so the same runs always give the same interval.

import { Rng } from '../generators/random.js';

export interface RatioInterval {
  /** median(candidate) / median(base). */
  ratio: number;
  low: number;
  high: number;
  confidence: number;
  resamples: number;
}

const DEFAULT_RESAMPLES = 2000;

/**
 * Interval of median(cand) / median(base), resampling each side with replacement. null when the
 * base median is 0 (no ratio to speak of).
 */
export function medianRatioInterval(
  base: readonly number[],
  cand: readonly number[],
  o: { confidence?: number; resamples?: number; seed?: number } = {},
): RatioInterval | null {
  const confidence = o.confidence ?? 0.95;
  const resamples = o.resamples ?? DEFAULT_RESAMPLES;
  const baseMedian = medianOf([...base]);
  if (base.length === 0 || cand.length === 0 || baseMedian === 0) return null;
  const rng = new Rng(o.seed ?? 1);
  const ratios = new Float64Array(resamples);
  const a = new Float64Array(base.length);
  const b = new Float64Array(cand.length);
  let kept = 0;
  for (let i = 0; i < resamples; i++) {
    for (let k = 0; k < a.length; k++) a[k] = base[Math.floor(rng.nextFloat() * base.length)];
    for (let k = 0; k < b.length; k++) b[k] = cand[Math.floor(rng.nextFloat() * cand.length)];
    const denominator = medianOf(a);
    if (denominator !== 0) ratios[kept++] = medianOf(b) / denominator;
  }
  const sorted = ratios.subarray(0, kept).sort();
  const tail = (1 - confidence) / 2;
  return {
    ratio: medianOf([...cand]) / baseMedian,
    low: sorted[Math.floor(tail * (kept - 1))],
    high: sorted[Math.ceil((1 - tail) * (kept - 1))],
    confidence,
    resamples: kept,
  };
}

function medianOf(values: number[] | Float64Array): number {
  const sorted = values instanceof Float64Array ? values.slice().sort() : values.sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
