// The Mann-Whitney U test (Wilcoxon rank-sum): do two sets of runs come from distributions where
// one tends to be larger? Distribution-free, so one slow outlier run cannot fake a regression the
// way it moves a mean. Exact p-values for small samples without ties (the usual case: a handful of
// runs per side), the normal approximation with tie correction otherwise.

export interface RankTest {
  /** U of the first sample: how many (a, b) pairs have a > b, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal-approximation';
}

/** Largest n1 * n2 for which the exact distribution is enumerated. */
const EXACT_MAX_PAIRS = 400;

export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, pValue: 1, method: 'exact' };
  const { rankSumA, tieTerm } = ranks(a, b);
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  if (tieTerm === 0 && n1 * n2 <= EXACT_MAX_PAIRS) {
    return { u, pValue: exactTwoSided(u, n1, n2), method: 'exact' };
  }
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, pValue: 1, method: 'normal-approximation' };
  // Continuity correction towards the mean.
  const z = (Math.abs(u - meanU) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), method: 'normal-approximation' };
}

/** Rank sum of `a` in the pooled sample (mid-ranks for ties) and the tie term sum(t^3 - t). */
function ranks(a: readonly number[], b: readonly number[]): { rankSumA: number; tieTerm: number } {
  const pooled = [
    ...a.map((value) => ({ value, fromA: true })),
    ...b.map((value) => ({ value, fromA: false })),
  ];
  pooled.sort((x, y) => x.value - y.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1].value === pooled[i].value) j++;
    const midRank = (i + j + 2) / 2;
    const t = j - i + 1;
    if (t > 1) tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (pooled[k].fromA) rankSumA += midRank;
    i = j + 1;
  }
  return { rankSumA, tieTerm };
}

/** P(|U - mean| >= |u - mean|) under the null, from the exact distribution of U. */
function exactTwoSided(u: number, n1: number, n2: number): number {
  const counts = uDistribution(n1, n2);
  let total = 0;
  for (const c of counts) total += c;
  const meanU = (n1 * n2) / 2;
  const distance = Math.abs(u - meanU);
  let extreme = 0;
  for (let k = 0; k < counts.length; k++) {
    if (Math.abs(k - meanU) >= distance - 1e-9) extreme += counts[k];
  }
  return Math.min(1, extreme / total);
}

/** Number of arrangements giving each U = 0..n1*n2 (the classic recurrence, built up by n). */
function uDistribution(n1: number, n2: number): number[] {
  // f[m][k]: arrangements of m first-sample and some second-sample items with U = k.
  let table: number[][] = [];
  // With no second-sample items every arrangement has U = 0.
  for (let m = 0; m <= n1; m++) table[m] = [1];
  for (let n = 1; n <= n2; n++) {
    const next: number[][] = [];
    for (let m = 0; m <= n1; m++) {
      const size = m * n + 1;
      const row = new Array<number>(size).fill(0);
      // The largest item is from the second sample (U unchanged) or the first (adds n to U).
      const withoutFirst = table[m];
      for (let k = 0; k < withoutFirst.length; k++) row[k] += withoutFirst[k];
      if (m > 0) {
        const prev = next[m - 1];
        for (let k = 0; k < prev.length; k++) row[k + n] += prev[k];
      }
      next[m] = row;
    }
    table = next;
  }
  return table[n1];
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
