import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { medianConfidenceInterval, summarizeRuns } from '../../../src/stats/summary.js';
import { seededRandom } from '../reporters/fixture.js';

test('summarizeRuns gives median, mean, sample stddev, min and max', () => {
  const summary = summarizeRuns([4, 1, 3, 2, 10]);
  assert.equal(summary.n, 5);
  assert.equal(summary.median, 3);
  assert.equal(summary.mean, 4);
  // sample variance: (0 + 9 + 1 + 4 + 36) / 4 = 12.5
  assert.ok(Math.abs(summary.stddev - Math.sqrt(12.5)) < 1e-12);
  assert.equal(summary.min, 1);
  assert.equal(summary.max, 10);
  assert.equal(summarizeRuns([7]).stddev, 0);
});

test('order-statistic CI of the median picks the textbook ranks', () => {
  const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const ci = summarizeRuns(ten).medianCi;
  // n = 10 at 95 %: [x(2), x(9)], coverage 1 - 2 * 11/1024.
  assert.equal(ci.low, 2);
  assert.equal(ci.high, 9);
  assert.ok(Math.abs(ci.confidence - (1 - 22 / 1024)) < 1e-9);

  // n = 5 cannot reach 95 %: [min, max] with its true coverage 1 - 2/32.
  const five = medianConfidenceInterval([1, 2, 3, 4, 5]);
  assert.deepEqual([five.low, five.high], [1, 5]);
  assert.ok(Math.abs(five.confidence - 0.9375) < 1e-9);

  // A lower level narrows the interval.
  const narrow = medianConfidenceInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8);
  assert.ok(narrow.low > 2 && narrow.high < 9, `${narrow.low}..${narrow.high}`);
  assert.ok(narrow.confidence >= 0.8);

  const single = medianConfidenceInterval([3]);
  assert.deepEqual([single.low, single.high, single.confidence], [3, 3, 0]);
});

test('the 95 % interval covers the true median in about 95 % of repeated experiments', () => {
  const random = seededRandom(99);
  let covered = 0;
  const experiments = 400;
  for (let e = 0; e < experiments; e++) {
    // Exponential runs with median ln 2.
    const runs = Array.from({ length: 15 }, () => -Math.log(1 - random()));
    const { medianCi } = summarizeRuns(runs);
    if (medianCi.low <= Math.LN2 && Math.LN2 <= medianCi.high) covered++;
  }
  const rate = covered / experiments;
  assert.ok(rate > 0.92 && rate < 0.995, `coverage ${rate}`);
});

test('empty or non-finite input is refused', () => {
  assert.throws(
    () => summarizeRuns([]),
    (e) => isObsbenchError(e) && e.code === 'E_INTERNAL',
  );
  assert.throws(() => summarizeRuns([1, Number.NaN]), /non-finite/);
});
