import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Threshold, ThresholdOp } from '../../../src/model/scenario.js';
import {
  evaluateThresholds,
  formatFigure,
  resultMetric,
  THRESHOLD_METRICS,
} from '../../../src/result/thresholds.js';
import { makeRunResult } from '../reporters/fixture.js';

function threshold(metric: string, op: ThresholdOp, value: number, refMetric?: string): Threshold {
  const right = refMetric === undefined ? `${value}` : `${value} * ${refMetric}`;
  return { source: `${metric} ${op} ${right}`, metric, op, value, ...(refMetric ? { refMetric } : {}) };
}

test('every threshold metric maps to the right result field', () => {
  const r = makeRunResult();
  const expected: Record<(typeof THRESHOLD_METRICS)[number], number> = {
    p50LatencyMs: r.latencyMs.p50,
    p90LatencyMs: r.latencyMs.p90,
    p99LatencyMs: r.latencyMs.p99,
    p999LatencyMs: r.latencyMs.p999,
    maxLatencyMs: r.latencyMs.max,
    p99ServiceTimeMs: r.serviceTimeMs.p99,
    achievedRatePerS: 9_950,
    targetRatePerS: 10_000,
    acceptedRatePerS: 594_000 / 60,
    itemsSent: 597_000,
    itemsAccepted: 594_000,
    itemsRefused: 1_000,
    itemsFailed: 1_500,
    itemsLost: 500,
    droppedSchedules: 3,
    errorRate: 15 / 5_970,
    retries: 4,
    compressionRatio: 10,
    bytesPerItem: 42.09,
    backendCoresAvg: 1.6,
    backendRssMaxBytes: 571_000_000,
    backendRssAvgBytes: 540_000_000,
    cpuSecondsPerMillionItems: 161.6,
    freshnessMs: 850,
    downstreamP99LatencyMs: 42,
  };
  assert.deepEqual(Object.keys(expected).sort(), [...THRESHOLD_METRICS].sort());
  for (const name of THRESHOLD_METRICS) assert.equal(resultMetric(r, name), expected[name], name);
  // p99 and service p99 are different figures in the fixture, so a swapped mapping would show.
  assert.notEqual(r.latencyMs.p99, r.serviceTimeMs.p99);
  assert.equal(resultMetric(r, 'noSuchMetric'), null);
});

test('pass and fail verdicts carry the measured value and a readable reason', () => {
  const r = makeRunResult();
  const [pass, fail] = evaluateThresholds(r, [
    threshold('p99LatencyMs', '<', 50),
    threshold('errorRate', '<', 0.001),
  ]);
  assert.equal(pass.state, 'pass');
  assert.equal(pass.kind, 'threshold');
  assert.equal(pass.measured, r.latencyMs.p99);
  assert.equal(pass.statement, 'p99LatencyMs < 50');
  assert.equal(pass.reason, `p99LatencyMs = ${formatFigure(r.latencyMs.p99)} < 50`);
  assert.equal(fail.state, 'fail');
  assert.equal(fail.reason, 'errorRate = 0.002513, not < 0.001');
  assert.equal(fail.id, 'threshold:errorRate<0.001');
});

test('a reference metric scales the limit', () => {
  const r = makeRunResult();
  const [pass, fail] = evaluateThresholds(r, [
    threshold('achievedRatePerS', '>=', 0.99, 'targetRatePerS'),
    threshold('achievedRatePerS', '>=', 0.999, 'targetRatePerS'),
  ]);
  assert.equal(pass.state, 'pass');
  assert.equal(pass.reason, 'achievedRatePerS = 9950 >= 0.99 * targetRatePerS (= 9900)');
  assert.equal(fail.state, 'fail');
  assert.match(fail.reason, /not >= 0\.999 \* targetRatePerS \(= 9990\)/);
});

test('operators, including == with float noise', () => {
  const r = makeRunResult();
  r.backend.compressionRatio = 0.1 + 0.2; // 0.30000000000000004
  const states = evaluateThresholds(r, [
    threshold('itemsLost', '==', 500),
    threshold('itemsLost', '<=', 500),
    threshold('itemsLost', '<', 500),
    threshold('itemsLost', '>', 499),
    threshold('compressionRatio', '==', 0.3),
    threshold('compressionRatio', '==', 0.3001),
    threshold('acceptedRatePerS', '==', 0.99, 'targetRatePerS'),
  ]).map((v) => v.state);
  assert.deepEqual(states, ['pass', 'pass', 'fail', 'pass', 'pass', 'fail', 'pass']);
});

test('missing measurements make a verdict inconclusive, with the reason', () => {
  const r = makeRunResult();
  r.backend.compressionRatio = null;
  r.backend.coresAvg = null;
  r.serviceTimeMs = { ...r.serviceTimeMs, count: 0, p99: 0 };
  r.load.requests = 0;
  const verdicts = evaluateThresholds(r, [
    threshold('compressionRatio', '>=', 10),
    threshold('p99ServiceTimeMs', '<', 50),
    threshold('achievedRatePerS', '>=', 1000, 'backendCoresAvg'),
    threshold('errorRate', '<', 0.01),
    threshold('spansPerCore', '>', 1),
  ]);
  for (const v of verdicts) assert.equal(v.state, 'inconclusive', v.statement);
  assert.equal(verdicts[0].measured, null);
  assert.match(verdicts[0].reason, /compressionRatio was not measured.*tempo/);
  assert.match(verdicts[1].reason, /no request completed/);
  assert.equal(verdicts[2].measured, 9_950);
  assert.match(verdicts[2].reason, /reference backendCoresAvg was not measured/);
  assert.match(verdicts[3].reason, /no requests were sent/);
  assert.match(verdicts[4].reason, /unknown metric 'spansPerCore'/);
});
