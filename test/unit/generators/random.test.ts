import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lognormalQuantiles, normalQuantile, Rng } from '../../../src/generators/random.js';
import { apportion, WeightedChoice } from '../../../src/generators/shares.js';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('Rng', () => {
  test('same seed and stream give the same sequence; others differ', () => {
    assert.deepEqual(draw(new Rng(42), 100), draw(new Rng(42), 100));
    assert.notDeepEqual(draw(new Rng(42), 100), draw(new Rng(43), 100));
    assert.notDeepEqual(draw(new Rng(42, 1), 100), draw(new Rng(42, 2), 100));
    // Seeds beyond 32 bits are not truncated.
    assert.notDeepEqual(draw(new Rng(2 ** 40 + 1), 10), draw(new Rng(1), 10));
  });

  test('fork depends on the seed and stream id, not on how much the parent drew', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    draw(b, 1000);
    assert.deepEqual(draw(a.fork(5), 50), draw(b.fork(5), 50));
    assert.notDeepEqual(draw(a.fork(5), 50), draw(a.fork(6), 50));
  });

  test('distributions: uniform floats and ints in range, normal and log-normal moments', () => {
    const rng = new Rng(1);
    let sum = 0;
    let sumSquares = 0;
    const n = 200_000;
    const lognormals: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = rng.nextFloat();
      assert.ok(f >= 0 && f < 1, 'float out of range');
      const k = rng.nextInt(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7, 'int out of range');
      const z = rng.normal();
      sum += z;
      sumSquares += z * z;
      if (i < 20_000) lognormals.push(rng.lognormal(50, 0.8));
    }
    assert.ok(Math.abs(sum / n) < 0.01, `normal mean ${sum / n}`);
    assert.ok(Math.abs(sumSquares / n - 1) < 0.02, `normal variance ${sumSquares / n}`);
    lognormals.sort((x, y) => x - y);
    const median = lognormals[lognormals.length / 2];
    assert.ok(Math.abs(median - 50) < 2, `log-normal median ${median}`);
  });

  test('normal quantiles and log-normal quantile tables', () => {
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5, 'upper tail');
    assert.ok(Math.abs(normalQuantile(0.01) + 2.326348) < 1e-5, 'lower tail');
    assert.equal(normalQuantile(0.5), 0);
    const table = lognormalQuantiles(180, 0.5, 4096);
    assert.ok(Math.abs(table[2048] - 180) < 0.1, `median ${table[2048]}`);
    for (let i = 1; i < table.length; i++) assert.ok(table[i] > table[i - 1], 'quantiles must increase');
  });

  test('shuffle is a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Rng(3).shuffle(items.slice());
    assert.notDeepEqual(shuffled, items);
    assert.deepEqual(
      shuffled.slice().sort((x, y) => x - y),
      items,
    );
  });
});

describe('shares', () => {
  test('weighted choice follows the normalised shares and never picks a zero share', () => {
    const choice = new WeightedChoice({ a: 1, b: 0, c: 3 }, ['a', 'b', 'c']);
    assert.deepEqual(Array.from(choice.shares), [0.25, 0, 0.75]);
    const rng = new Rng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[choice.pickIndex(rng)]++;
    assert.equal(counts[1], 0);
    assert.ok(Math.abs(counts[0] / 40_000 - 0.25) < 0.01, `share of a ${counts[0] / 40_000}`);
  });

  test('apportion splits exactly (largest remainder) and skips zero shares', () => {
    const result = apportion(10, Float64Array.from([0.34, 0, 0.66]), new Rng(1));
    const counts = [0, 0, 0];
    for (const k of result) counts[k]++;
    assert.deepEqual(counts, [3, 0, 7]);
    const one = apportion(1, Float64Array.from([0.1, 0.2, 0.7]), new Rng(1));
    assert.deepEqual(Array.from(one), [2]);
  });
});
