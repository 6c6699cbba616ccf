import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionHint, harnessLimitedStep, harnessRateCap } from '../../../src/capacity/run-capacity.js';
import { judgeStep } from '../../../src/capacity/search.js';
import { parseScenario } from '../../../src/scenario/index.js';

const ceiling = { itemsPerS: 900_000, method: 'test' };
const harness = (scheduleLagP99Ms: number, cpuCoresAvg: number | null | undefined) => ({
  ceilingItemsPerS: null,
  ceilingMethod: '',
  wasBottleneck: false,
  scheduleLagP99Ms,
  ...(cpuCoresAvg === undefined ? {} : { cpuCoresAvg }),
});

test('a rate above the harness ceiling is the harness limit, however idle it was', () => {
  assert.equal(harnessLimitedStep(1_000_000, ceiling, harness(1, 0.2), 1), true);
});

test('late schedules on a busy harness core are the harness limit', () => {
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(71, 0.95), 1), true);
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(71, 1.85), 2), true);
});

test('late schedules with CPU to spare are the backend holding every in-flight slot', () => {
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(71, 0.7), 1), false);
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(71, 0.95), 2), false);
});

test('on time below the ceiling is not harness-limited; late with no CPU figure (an older result) is', () => {
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(20, 1), 1), false);
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(71, undefined), 1), true);
  assert.equal(harnessLimitedStep(600_000, ceiling, harness(71, null), 1), true);
});

test('the search is capped at the harness ceiling, rounded down to three significant digits', () => {
  assert.equal(harnessRateCap(722_333, 1e7), 722_000);
  assert.equal(harnessRateCap(1_236_999, 1e7), 1_230_000);
  assert.equal(harnessRateCap(999.9, 1e7), 999);
  assert.equal(harnessRateCap(722_333, 500_000), null, 'a lower --max-rate caps it already');
  assert.equal(harnessRateCap(0, 1e7), null, 'no ceiling measured');
});

test('a failed step whose backend idled while requests waited for a connection says so', () => {
  const scenario = (protocol: string, connections: number) =>
    parseScenario(
      `name: h\nsignal: metrics\nprotocol: ${protocol}\nload: { executor: constant-arrival-rate, rate: 1000, connections: ${connections} }\n`,
      'h.yaml',
    );
  const rw = scenario('prometheus-remote-write', 8);
  assert.equal(
    connectionHint(rw, 0.64, 1),
    "the backend used 0.64 of its 1 core(s): obsbench's 8 connections may be the limit (set load.connections up to load.maxInFlight, 64)",
  );
  assert.equal(connectionHint(rw, 0.95, 1), '', 'a busy backend is its own limit');
  assert.equal(connectionHint(rw, 0.45, 0.5), '', 'busy against its quota');
  assert.equal(connectionHint(rw, null, 1), '');
  assert.equal(
    connectionHint(scenario('prometheus-remote-write', 64), 0.5, 1),
    '',
    'a connection per request',
  );
  assert.equal(connectionHint(scenario('otlp-grpc', 8), 0.5, 1), '', 'gRPC multiplexes one connection');
  const judged = judgeStep(
    { ...step(), acceptedShare: 0.98, hint: connectionHint(rw, 0.64, 1) },
    { minAcceptedShare: 0.999, sloP99Ms: 500 },
  );
  assert.match(judged.reason, /^accepted 98\.00% < 99\.9%; the backend used 0\.64 of its 1 core/);
});

function step() {
  return {
    ratePerS: 500_000,
    acceptedShare: 1,
    achievedRatePerS: 500_000,
    p99Ms: 100,
    droppedSchedules: 0,
    harnessLimited: false,
    backendCoresAvg: 0.64,
    incompleteReason: '',
    resultPath: '',
  };
}
