// Where there is no measurement the charts leave a gap, not a zero: a second in which no request
// completed (a stall) has no p99, on a run's chart and on a comparison's overlay, and a capacity
// step that could not run has neither an accepted share nor a p99. A zero there would read as the
// best latency of the run.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimeseriesPoint } from '../../../src/model/run-result.js';
import { capacitySections } from '../../../src/reporters/html/capacity-page.js';
import { runCharts } from '../../../src/reporters/html/chart-spec.js';
import { comparisonSections } from '../../../src/reporters/html/comparison-page.js';
import { makeRunResult } from './fixture.js';
import { capacityFixture, capacityStep, comparisonFixture } from './html-helpers.js';

/** The fixture's run with second 10 stalled and second 11 answered only by refusals. */
function stalledRun() {
  const r = makeRunResult({ name: 'scenario-x' });
  const at = (tS: number, p: Partial<TimeseriesPoint>) => Object.assign(r.timeseries[tS], p);
  at(10, { acceptedPerS: 0, failedPerS: 0, latencyP99Ms: 0 });
  at(11, { acceptedPerS: 0, failedPerS: 0, latencyP99Ms: 35 });
  at(12, { acceptedPerS: 0, failedPerS: 800, latencyP99Ms: 0.5 });
  return r;
}

test("a run's p99 per second: a gap where no request completed, the value everywhere else", () => {
  const r = stalledRun();
  const latency = runCharts(r, 'r').charts.find((c) => c.id === 'r-latency');
  const p99 = latency?.series[0].values ?? [];
  assert.equal(p99.length, r.timeseries.length);
  assert.equal(p99[10], null, 'a stalled second is a gap');
  assert.equal(p99[11], 35, 'a second with a latency recorded keeps it');
  assert.equal(p99[12], 0.5, 'failed requests are completed requests');
  assert.equal(p99[9], r.timeseries[9].latencyP99Ms);
  assert.equal(p99.filter((v) => v === null).length, 1);
});

test("a comparison's p99 overlay: the stalled second of one run is a gap, the other run's is drawn", () => {
  const runs = { base: [makeRunResult({ name: 'scenario-x' })], cand: [stalledRun()] };
  const { charts } = comparisonSections(comparisonFixture(), runs, 'c');
  const latency = charts.find((c) => c.id === 'c-0-latency');
  assert.ok(latency);
  const [base, cand] = latency.series;
  assert.equal(cand.values[10], null);
  assert.equal(base.values[10], runs.base[0].timeseries[10].latencyP99Ms);
  const accepted = charts.find((c) => c.id === 'c-0-accepted');
  assert.equal(accepted?.series[1].values[10], 0, 'nothing accepted is a real 0 items/s');
});

test('a capacity step that could not run is a gap on the curve and "not run" in the table', () => {
  const notRun = {
    ...capacityStep(40_000, false),
    acceptedShare: 0,
    achievedRatePerS: 0,
    p99Ms: 0,
    backendCoresAvg: null,
    incompleteReason: 'backend did not start',
    resultPath: '',
  };
  const report = capacityFixture([capacityStep(10_000, true), capacityStep(20_000, true), notRun]);
  const { body, charts } = capacitySections(report, 'cap');
  const [accepted, p99] = charts[0].series;
  assert.deepEqual(charts[0].x.values, [10_000, 20_000, 40_000]);
  assert.deepEqual(accepted.values, [100, 100, null]);
  assert.deepEqual(p99.values, [20, 20, null]);
  assert.equal(charts[1].series[0].values[2], null);
  assert.match(
    body,
    /<td>3<\/td><td><span data-step-rate="40000">40K<\/span><\/td><td>not run<\/td><td>-<\/td><td>-<\/td>/,
  );
});
