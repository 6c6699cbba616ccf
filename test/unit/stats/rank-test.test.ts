// The rank test against answers that can be checked by hand, and against brute-force enumeration
// of every split where the normal approximation is used.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mannWhitneyU, normalCdf } from '../../../src/stats/rank-test.js';

test('exact p-values of completely separated samples are 2 / C(n1 + n2, n1)', () => {
  assert.deepEqual(mannWhitneyU([1, 2, 3], [4, 5, 6]), { u: 0, pValue: 2 / 20, method: 'exact' });
  const five = mannWhitneyU([10, 11, 12, 13, 14], [1, 2, 3, 4, 5]);
  assert.equal(five.u, 25);
  assert.ok(Math.abs(five.pValue - 2 / 252) < 1e-12);
});

test('exact: n1 = n2 = 4 with U = 1 has p = 4/70 (U = 0 and U = 1 have one arrangement each, both tails)', () => {
  const r = mannWhitneyU([1, 2, 3, 5], [4, 6, 7, 8]);
  assert.equal(r.u, 1);
  assert.ok(Math.abs(r.pValue - 4 / 70) < 1e-12);
});

test('identical-looking samples are not different', () => {
  const r = mannWhitneyU([1, 4, 5, 8], [2, 3, 6, 7]);
  assert.equal(r.u, 8);
  assert.equal(r.pValue, 1);
});

/** Two-sided p by enumerating every split of the pooled values (the definition of the test). */
function permutationP(a: number[], b: number[]): number {
  const pooled = [...a, ...b];
  const n = pooled.length;
  const stat = (xs: number[], ys: number[]): number => {
    let u = 0;
    for (const x of xs) for (const y of ys) u += x > y ? 1 : x === y ? 0.5 : 0;
    return u;
  };
  const mean = (a.length * b.length) / 2;
  const observed = Math.abs(stat(a, b) - mean);
  let extreme = 0;
  let total = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) bits++;
    if (bits !== a.length) continue;
    const xs = pooled.filter((_, i) => mask & (1 << i));
    const ys = pooled.filter((_, i) => !(mask & (1 << i)));
    total++;
    if (Math.abs(stat(xs, ys) - mean) >= observed - 1e-9) extreme++;
  }
  return extreme / total;
}

test('with ties, the normal approximation tracks the permutation p-value', () => {
  const cases: [number[], number[]][] = [
    [
      [3, 3, 4, 5, 5, 6],
      [5, 6, 6, 7, 8, 8],
    ],
    [
      [10, 12, 12, 13, 15, 15, 16],
      [11, 12, 14, 15, 15, 17, 18],
    ],
  ];
  for (const [a, b] of cases) {
    const r = mannWhitneyU(a, b);
    assert.equal(r.method, 'normal-approximation');
    const exact = permutationP(a, b);
    assert.ok(Math.abs(r.pValue - exact) < 0.03, `approx ${r.pValue} vs permutation ${exact}`);
  }
});

test('normalCdf matches known values', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
});
