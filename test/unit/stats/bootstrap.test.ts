// The bootstrap interval of the ratio of medians: seeded (same runs, same interval), centred on
// the true ratio, and covering it in about the stated share of simulated experiments.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/generators/random.js';
import { medianRatioInterval } from '../../../src/stats/bootstrap.js';

test('the same runs and seed always give the same interval', () => {
  const base = [100, 104, 98, 101, 99];
  const cand = [120, 118, 125, 119, 121];
  const a = medianRatioInterval(base, cand, { seed: 7 });
  const b = medianRatioInterval(base, cand, { seed: 7 });
  assert.deepEqual(a, b);
  assert.ok(a);
  assert.ok(Math.abs(a.ratio - 120 / 100) < 1e-12);
  assert.ok(a.low > 1.1 && a.high < 1.3 && a.low <= a.ratio && a.ratio <= a.high, JSON.stringify(a));
});

test('equal sides give an interval around 1; a zero base median gives none', () => {
  const runs = [50, 52, 49, 51, 50, 53];
  const r = medianRatioInterval(runs, runs);
  assert.ok(r && r.low <= 1 && r.high >= 1);
  assert.equal(medianRatioInterval([0, 0, 0], [1, 2, 3]), null);
});

test('covers the true ratio of medians in most simulated experiments', () => {
  const rng = new Rng(42);
  const noisy = (median: number): number => rng.lognormal(median, 0.1);
  let covered = 0;
  const experiments = 200;
  for (let e = 0; e < experiments; e++) {
    const base = Array.from({ length: 9 }, () => noisy(100));
    const cand = Array.from({ length: 9 }, () => noisy(110));
    const r = medianRatioInterval(base, cand, { seed: e, resamples: 500 });
    if (r && r.low <= 1.1 && 1.1 <= r.high) covered++;
  }
  // Percentile bootstraps of medians run a little short of nominal with 9 runs a side.
  assert.ok(covered / experiments > 0.85, `coverage ${covered / experiments}`);
});
