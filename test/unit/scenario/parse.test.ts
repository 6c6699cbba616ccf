import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_LOG_SHAPE, DEFAULT_METRIC_SHAPE, DEFAULT_TRACE_SHAPE } from '../../../src/model/shapes.js';
import { DEFAULT_LOAD, parseScenario } from '../../../src/scenario/index.js';

const MINIMAL = 'name: minimal\nsignal: traces\nload:\n  rate: 1000\n';

describe('defaults', () => {
  test('a minimal scenario resolves with every default applied', () => {
    const scenario = parseScenario(MINIMAL, 'scenarios/minimal.yaml');
    assert.equal(scenario.name, 'minimal');
    assert.equal(scenario.description, '');
    assert.equal(scenario.sourcePath, resolve('scenarios/minimal.yaml'));
    assert.deepEqual(scenario.target, { kind: 'sink', managed: false, allowNonLoopback: false, headers: {} });
    assert.equal(scenario.protocol, 'otlp-http');
    assert.equal(scenario.encoding, 'protobuf');
    assert.equal(scenario.compression, 'gzip');
    assert.deepEqual(scenario.shape, DEFAULT_TRACE_SHAPE);
    assert.deepEqual(scenario.load, {
      executor: 'constant-arrival-rate',
      segments: [{ durationS: 30, fromRatePerS: 1000, toRatePerS: 1000 }],
      durationS: 30,
      warmupS: DEFAULT_LOAD.warmupS,
      batchSize: DEFAULT_LOAD.batchSize,
      maxInFlight: DEFAULT_LOAD.maxInFlight,
      workers: DEFAULT_LOAD.workers,
      concurrency: DEFAULT_LOAD.concurrency,
      connections: DEFAULT_LOAD.connections,
      requestTimeoutMs: DEFAULT_LOAD.requestTimeoutS * 1000,
      maxRetries: DEFAULT_LOAD.maxRetries,
      bailOutErrorRate: DEFAULT_LOAD.bailOutErrorRate,
    });
    assert.equal(scenario.seed, 1);
    assert.deepEqual(scenario.expect, []);
    assert.equal(scenario.repeat, 1);
    assert.match(scenario.hash, /^[0-9a-f]{16}$/);
  });

  test('otlp-grpc defaults to no compression', () => {
    const scenario = parseScenario(`${MINIMAL}protocol: otlp-grpc\n`, 'x.yaml');
    assert.equal(scenario.compression, 'none');
  });

  test('each signal gets its own default shape; partial shapes merge over it', () => {
    const metrics = parseScenario(
      'name: m\nsignal: metrics\nload: { rate: 5 }\nshape: { series: 500 }\n',
      'm.yaml',
    );
    assert.deepEqual(metrics.shape, {
      ...DEFAULT_METRIC_SHAPE,
      series: 500,
      kinds: DEFAULT_METRIC_SHAPE.kinds,
    });
    const logs = parseScenario('name: l\nsignal: logs\nload: { rate: 5 }\n', 'l.yaml');
    assert.deepEqual(logs.shape, DEFAULT_LOG_SHAPE);
  });

  test('a given weight map replaces the default mix; absent keys become 0', () => {
    const metrics = parseScenario(
      'name: m\nsignal: metrics\nload: { rate: 5 }\nshape: { kinds: { gauge: 1 } }\n',
      'm.yaml',
    );
    assert.deepEqual((metrics.shape as typeof DEFAULT_METRIC_SHAPE).kinds, {
      gauge: 1,
      sum: 0,
      histogram: 0,
      exponential_histogram: 0,
    });
  });

  test('defaults that would contradict a given field are clamped, given ones are not', () => {
    const traces = parseScenario(
      'name: t\nsignal: traces\nload: { rate: 5 }\nshape: { spansPerTrace: 2 }\n',
      't.yaml',
    );
    assert.equal((traces.shape as typeof DEFAULT_TRACE_SHAPE).maxDepth, 2);
    const metrics = parseScenario(
      'name: m\nsignal: metrics\nload: { rate: 5 }\nshape: { series: 10 }\n',
      'm.yaml',
    );
    assert.equal((metrics.shape as typeof DEFAULT_METRIC_SHAPE).metricNames, 10);
  });

  test('the resolved scenario never shares objects with the defaults', () => {
    const a = parseScenario('name: m\nsignal: metrics\nload: { rate: 5 }\n', 'm.yaml');
    (a.shape as typeof DEFAULT_METRIC_SHAPE).kinds.gauge = 99;
    assert.equal(DEFAULT_METRIC_SHAPE.kinds.gauge, 0.4);
  });

  test('every field can be set explicitly', () => {
    const scenario = parseScenario(
      `name: full.scenario_1
description: everything set
signal: logs
target:
  kind: loki
  endpoint: http://localhost:3100
  managed: true
  allowNonLoopback: false
  headers: { X-Scope-OrgID: tenant-1 }
protocol: otlp-http
encoding: json
compression: zstd
shape: { streams: 7, formats: { json: 1 } }
load:
  executor: constant-arrival-rate
  rate: 2500.5
  duration: 1m
  warmup: 500ms
  batchSize: 100
  maxInFlight: 4
  workers: 2
  connections: 3
  requestTimeout: 2s
  maxRetries: 0
  bailOutErrorRate: 1
seed: 7
expect: ["p99LatencyMs < 50", "achievedRatePerS >= 0.99 * targetRatePerS"]
repeat: 5
`,
      'full.yaml',
    );
    assert.deepEqual(scenario.target, {
      kind: 'loki',
      endpoint: 'http://localhost:3100',
      managed: true,
      allowNonLoopback: false,
      headers: { 'X-Scope-OrgID': 'tenant-1' },
    });
    assert.equal(scenario.encoding, 'json');
    assert.equal(scenario.compression, 'zstd');
    assert.equal(scenario.load.warmupS, 0.5);
    assert.equal(scenario.load.requestTimeoutMs, 2000);
    assert.equal(scenario.load.bailOutErrorRate, 1);
    assert.equal(scenario.load.maxRetries, 0);
    assert.deepEqual(scenario.load.segments, [{ durationS: 60, fromRatePerS: 2500.5, toRatePerS: 2500.5 }]);
    assert.equal(scenario.expect.length, 2);
    assert.equal(scenario.expect[1].refMetric, 'targetRatePerS');
    assert.equal(scenario.seed, 7);
    assert.equal(scenario.repeat, 5);
  });

  test('target shorthand equals the mapping form', () => {
    const short = parseScenario(`${MINIMAL}target: sink\n`, 'a.yaml');
    const long = parseScenario(`${MINIMAL}target: { kind: sink }\n`, 'b.yaml');
    assert.deepEqual(short.target, long.target);
    assert.equal(short.hash, long.hash);
  });
});

describe('executors resolve to segments', () => {
  test('constant-arrival-rate: one flat segment of the duration', () => {
    const { load } = parseScenario(
      'name: c\nsignal: traces\nload: { rate: 10000, duration: 2m }\n',
      'c.yaml',
    );
    assert.deepEqual(load.segments, [{ durationS: 120, fromRatePerS: 10000, toRatePerS: 10000 }]);
    assert.equal(load.durationS, 120);
  });

  test('ramping-arrival-rate: linear stages from startRate, each from the previous target', () => {
    const { load } = parseScenario(
      `name: r
signal: traces
load:
  executor: ramping-arrival-rate
  startRate: 100
  stages: [{ duration: 10s, target: 50000 }, { duration: 1m, target: 50000 }, { duration: 5s, target: 0 }]
`,
      'r.yaml',
    );
    assert.deepEqual(load.segments, [
      { durationS: 10, fromRatePerS: 100, toRatePerS: 50000 },
      { durationS: 60, fromRatePerS: 50000, toRatePerS: 50000 },
      { durationS: 5, fromRatePerS: 50000, toRatePerS: 0 },
    ]);
    assert.equal(load.durationS, 75);
  });

  test('ramping-arrival-rate starts from 0 by default', () => {
    const { load } = parseScenario(
      'name: r\nsignal: traces\nload: { executor: ramping-arrival-rate, stages: [{ duration: 10s, target: 5 }] }\n',
      'r.yaml',
    );
    assert.equal(load.segments[0].fromRatePerS, 0);
  });

  test('steps: flat segments, durations summed', () => {
    const { load } = parseScenario(
      'name: s\nsignal: traces\nload: { executor: steps, steps: [{ duration: 10s, rate: 1000 }, { duration: 0.5s, rate: 0 }, { duration: 20, rate: 3000 }] }\n',
      's.yaml',
    );
    assert.deepEqual(load.segments, [
      { durationS: 10, fromRatePerS: 1000, toRatePerS: 1000 },
      { durationS: 0.5, fromRatePerS: 0, toRatePerS: 0 },
      { durationS: 20, fromRatePerS: 3000, toRatePerS: 3000 },
    ]);
    assert.equal(load.durationS, 30.5);
  });

  test('max-throughput: no segments, its own duration', () => {
    const { load } = parseScenario(
      'name: m\nsignal: traces\nload: { executor: max-throughput, duration: 45s, concurrency: 16 }\n',
      'm.yaml',
    );
    assert.deepEqual(load.segments, []);
    assert.equal(load.durationS, 45);
    assert.equal(load.concurrency, 16);
    const defaulted = parseScenario(
      'name: m\nsignal: traces\nload: { executor: max-throughput }\n',
      'm.yaml',
    );
    assert.equal(defaulted.load.durationS, DEFAULT_LOAD.durationS);
  });
});

describe('hash', () => {
  test('ignores where the file lives and how values were spelled, not what they mean', () => {
    const a = parseScenario(MINIMAL, 'a/one.yaml');
    const b = parseScenario(
      'load: { duration: 30s, rate: 1000 }\nsignal: traces\nname: minimal\n',
      '/elsewhere/two.yaml',
    );
    assert.equal(a.hash, b.hash);
    assert.notEqual(parseScenario(MINIMAL.replace('1000', '1001'), 'a.yaml').hash, a.hash);
    assert.notEqual(parseScenario(`${MINIMAL}seed: 2\n`, 'a.yaml').hash, a.hash);
  });

  test('inline scenarios keep an empty sourcePath', () => {
    assert.equal(parseScenario(MINIMAL, '').sourcePath, '');
  });
});
