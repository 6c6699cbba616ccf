import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import type { LoadOutcome } from '../../../src/load/engine.js';
import { emptyCounters } from '../../../src/load/worker-protocol.js';
import { buildRunResult, plannedRatePerS } from '../../../src/run/build-result.js';
import { parseCpuList } from '../../../src/run/environment.js';
import type { BackendMeasurement } from '../../../src/run/findings.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';

const constant = parseScenario(
  'name: t\nsignal: traces\nload: { executor: constant-arrival-rate, rate: 1000, duration: 10s }\nexpect: ["droppedSchedules == 0"]\n',
  't.yaml',
);

function outcome(accepted: number, dropped: number, stopReason = ''): LoadOutcome {
  const counters = emptyCounters();
  counters.itemsSent = accepted + 10;
  counters.itemsAccepted = accepted;
  counters.itemsFailed = 10;
  counters.itemsAcceptedAllPhases = accepted;
  counters.droppedSchedules = dropped;
  counters.requests = 100;
  const latency = new LatencyHistogram();
  latency.recordMs(5);
  return {
    counters,
    latency,
    serviceTime: latency,
    scheduleLag: new LatencyHistogram(),
    timeseries: [
      { tS: 0, sentPerS: 500, acceptedPerS: 500, failedPerS: 0, latencyP99Ms: 5 },
      { tS: 1, sentPerS: 500, acceptedPerS: 490, failedPerS: 10, latencyP99Ms: 5 },
    ],
    errors: [],
    stopReason,
    measuredDurationS: 10,
    measureStartEpochMs: 1_700_000_000_000,
    harnessCoresBusy: 0.5,
    sampledTraces: [],
  };
}

function build(
  o: LoadOutcome,
  counted: number | null,
  ceilingPerS: number | null,
  refused: number | null = 0,
  measurement: BackendMeasurement | null = null,
) {
  return buildRunResult({
    scenario: constant,
    outcome: o,
    tool: { name: 'obsbench', version: '0.0.0', gitSha: 'x' },
    env: {
      node: 'v20',
      platform: 'linux',
      cpuModel: 'cpu',
      cores: 2,
      totalMemoryBytes: 1,
      harnessCores: null,
      backendCores: null,
    },
    startedAt: new Date(0),
    endedAt: new Date(10_000),
    ceiling: ceilingPerS === null ? null : { itemsPerS: ceilingPerS, method: 'test' },
    targetCounts: counted === null ? null : { accepted: counted, refused },
    backendName: 'sink',
    backendVersion: 'built-in',
    stopReason: o.stopReason,
    measurement,
  });
}

test('planned rate averages ramps over the measured duration', () => {
  const ramp = parseScenario(
    'name: r\nsignal: logs\nload: { executor: ramping-arrival-rate, startRate: 0, stages: [{ duration: 10s, target: 1000 }] }\n',
    'r.yaml',
  );
  assert.equal(plannedRatePerS(ramp), 500);
  assert.equal(plannedRatePerS(constant), 1000);
});

test('a complete run: achieved = accepted per second, lost derived, verdicts evaluated', () => {
  const r = build(outcome(9990, 0), 9990, 50_000);
  assert.equal(r.status, 'complete');
  assert.equal(r.load.achievedRatePerS, 999);
  assert.equal(r.load.itemsLost, 0);
  assert.equal(r.completeness.ratio, 1);
  assert.equal(r.harness.wasBottleneck, false);
  assert.equal(r.verdicts[0].state, 'pass');
  assert.equal(r.timeseries.length, 2);
  assert.equal(r.timeseries[1].failedPerS, 10);
});

test('a run that missed its target with dropped schedules and a low ceiling blames the harness', () => {
  const r = build(outcome(5000, 40), null, 600);
  assert.equal(r.harness.wasBottleneck, true);
  assert.equal(r.verdicts[0].state, 'fail');
  assert.equal(r.completeness.ratio, null);
});

test('schedules dropped behind a slow backend do not blame a harness with room to spare', () => {
  const r = build(outcome(5000, 40), null, 50_000);
  assert.equal(r.load.droppedSchedules, 40);
  assert.equal(r.harness.wasBottleneck, false);
});

test('a harness whose schedule lags with its cores busy is blamed when the target rate is missed', () => {
  const o = outcome(5000, 0);
  for (let i = 0; i < 100; i++) o.scheduleLag.recordMs(250);
  const cores = availableParallelism();
  assert.equal(build({ ...o, harnessCoresBusy: cores }, null, 50_000).harness.wasBottleneck, true);
  assert.equal(build({ ...o, harnessCoresBusy: null }, null, 50_000).harness.wasBottleneck, true);
  // Late while the harness had CPU to spare: the target held every in-flight slot.
  assert.equal(build({ ...o, harnessCoresBusy: 0.5 * cores }, null, 50_000).harness.wasBottleneck, false);
});

test('accepted comes from the target counters, minus the warmup share it acknowledged', () => {
  const o = outcome(9000, 0);
  o.counters.itemsAcceptedAllPhases = 10_000; // 1000 accepted during warmup
  const r = build(o, 9_500, null, 40);
  assert.equal(r.load.acceptedSource, 'backend-counters');
  assert.equal(r.load.itemsAccepted, 8_500, 'the target counted 500 fewer than it acknowledged');
  assert.equal(r.load.itemsRefused, 40);
  assert.equal(r.load.itemsLost, 9010 - 8500 - 40 - 10);
  assert.equal(r.completeness.ratio, 0.95);
});

test('a target counting more than it was sent (another unit) is not used for accepted items', () => {
  const r = build(outcome(9990, 0), 50_000, null);
  assert.equal(r.load.acceptedSource, 'responses');
  assert.equal(r.load.itemsAccepted, 9990);
  assert.equal(r.completeness.ratio, null);
  assert.match(r.completeness.method, /not comparable/);
});

test('an interrupted run is partial with its reason', () => {
  const r = build(outcome(100, 0, 'interrupted'), 100, null);
  assert.equal(r.status, 'partial');
  assert.equal(r.statusReason, 'interrupted');
});

test('CPU lists parse ranges and singles', () => {
  assert.deepEqual(parseCpuList('0-2,5\n'), [0, 1, 2, 5]);
  assert.deepEqual(parseCpuList('1'), [1]);
});

test('a managed backend: CPU, RSS, disk, bytes per item and compression from the probes', () => {
  const o = outcome(9990, 0);
  o.counters.itemsAcceptedAllPhases = 12_000;
  o.counters.rawBytesAcceptedAllPhases = 6_000_000;
  const m: BackendMeasurement = {
    usage: { cpuSeconds: 5.2, coresAvg: 0.5, rssAvgBytes: 100, rssMaxBytes: 150, samples: 21 },
    diskAtStart: { bytes: 50_000, allocatedBytes: 60_000, files: 2 },
    disk: { bytes: 650_000, allocatedBytes: 700_000, files: 9 },
    ownStorageFigures: { storageBytesPerSample: 0.9 },
    perSecond: [{ cpuCores: 0.4, rssBytes: 90, acceptedPerS: 480 }],
    note: '',
    answering: true,
  };
  const r = build(o, 12_000, null, 0, m);
  assert.equal(r.backend.cpuSeconds, 0.5 * 10, 'average cores over the 10 s measured phase');
  assert.equal(r.backend.rssMaxBytes, 150);
  assert.equal(r.backend.diskBytes, 650_000);
  assert.equal(r.backend.diskBytesAtStart, 50_000);
  assert.equal(r.backend.diskAllocatedBytes, 700_000);
  assert.equal(r.backend.bytesPerItem, 50, 'disk growth over every item stored, warmup included');
  assert.equal(r.backend.compressionRatio, 10, 'raw OTLP bytes of every stored item over the disk growth');
  assert.equal(r.backend.cpuSecondsPerMillionItems, (0.5 * 10 * 1e6) / r.load.itemsAccepted);
  assert.deepEqual(r.backend.ownStorageFigures, { storageBytesPerSample: 0.9 });
  assert.equal(r.timeseries[0].backendCpuCores, 0.4);
  assert.equal(r.timeseries[0].backendAcceptedPerS, 480);
  assert.equal(r.timeseries[1].backendCpuCores, undefined, 'no probe reading for that second');
});

test('without a managed backend the probe figures are null, with the reason', () => {
  const r = build(outcome(9990, 0), 9990, null);
  assert.equal(r.backend.cpuSeconds, null);
  assert.equal(r.backend.compressionRatio, null);
  assert.match(r.backend.probeNote, /not managed/);
});
