// What an exported k6 script says and does, checked against the scenario it came from: the
// k6 rate is items/s / batchSize (per second, or per minute rounded when that is not whole), the
// VUs follow maxInFlight (or concurrency) x workers, one build line names the signal's own
// extension, each `expect:` is either a k6 threshold or listed as not exported, and a target that
// cannot take what the extension sends is refused with one line (exit 2).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { isObsbenchError } from '../../../src/errors.js';
import { k6Rates } from '../../../src/export/k6-load.js';
import { k6Script } from '../../../src/export/k6-script.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { generateCase, K6_CASES } from './k6-fixtures.js';

interface Stage {
  duration: string;
  target: number;
}
interface K6Scenario {
  executor: string;
  rate?: number;
  startRate?: number;
  timeUnit?: string;
  stages?: Stage[];
  vus?: number;
  preAllocatedVUs?: number;
  maxVUs?: number;
  duration?: string;
  startTime?: string;
}
interface Options {
  scenarios: Record<string, K6Scenario>;
  thresholds?: Record<string, string[]>;
}

/** The script's `options` literal, evaluated (it holds only plain values), as this realm's objects. */
function optionsOf(script: string): Options {
  const start = script.indexOf('export const options = ');
  const end = script.indexOf('\n};\n', start);
  assert.ok(start >= 0 && end > start, 'no options literal');
  const literal = script.slice(start + 'export const options = '.length, end + 2);
  return JSON.parse(JSON.stringify(runInNewContext(`(${literal})`))) as Options;
}

const BUILD_LINES: Record<string, string> = {
  traces: '//   xk6 build --with github.com/grafana/xk6-client-tracing@v0.0.10',
  metrics: '//   xk6 build --with github.com/grafana/xk6-client-prometheus-remote@v0.4.0',
  logs: '//   xk6 build --with github.com/grafana/xk6-loki@v1.0.3',
};

/** Iterations per timeUnit expected for an item rate. */
function expectedIterations(itemsPerS: number, batchSize: number, timeUnit: string | undefined): number {
  const perS = itemsPerS / batchSize;
  if (timeUnit === '1s') return perS;
  assert.equal(timeUnit, '1m');
  return perS === 0 ? 0 : Math.max(1, Math.round(perS * 60));
}

for (const name of K6_CASES) {
  test(`${name}: k6 iterations are the scenario's items/s / batchSize, VUs its in-flight limit`, async () => {
    const { scenario, script } = await generateCase(name);
    const { load } = scenario;
    const measured = optionsOf(script).scenarios.measured;
    if (load.executor === 'max-throughput') {
      assert.equal(measured.executor, 'constant-vus');
      assert.equal(measured.vus, load.concurrency * load.workers);
      assert.equal(measured.duration, `${load.durationS}s`);
      return;
    }
    assert.equal(measured.preAllocatedVUs, load.maxInFlight * load.workers);
    assert.equal(measured.maxVUs, load.maxInFlight * load.workers);
    const unit = measured.timeUnit;
    if (load.executor === 'constant-arrival-rate') {
      assert.equal(measured.rate, expectedIterations(load.segments[0].toRatePerS, load.batchSize, unit));
      assert.equal(measured.duration, `${load.durationS}s`);
      return;
    }
    assert.equal(measured.executor, 'ramping-arrival-rate');
    assert.equal(measured.startRate, expectedIterations(load.segments[0].fromRatePerS, load.batchSize, unit));
    // Holding stages (not the 0 s jumps of steps) carry each segment's duration and end rate.
    const stages = (measured.stages ?? []).filter((s) => s.duration !== '0s');
    assert.deepEqual(
      stages,
      load.segments.map((g) => ({
        duration: `${g.durationS}s`,
        target: expectedIterations(g.toRatePerS, load.batchSize, unit),
      })),
    );
    if (load.executor === 'steps') {
      const jumps = (measured.stages ?? []).filter((s) => s.duration === '0s');
      const changes = load.segments.filter(
        (g, i) => i > 0 && g.toRatePerS !== load.segments[i - 1].toRatePerS,
      );
      assert.equal(jumps.length, changes.length);
    }
  });

  test(`${name}: one build line for the signal's extension, the run line, and the not-exported list`, async () => {
    const { scenario, script } = await generateCase(name);
    const builds = script.split('\n').filter((line) => line.includes('xk6 build --with'));
    assert.deepEqual(builds, [BUILD_LINES[scenario.signal]]);
    assert.ok(script.includes('\n//   ./k6 run script.js\n'));
    assert.match(script, /^\/\/ Not exported \(no k6 equivalent\):$/m);
    const notExported = script.slice(script.indexOf('// Not exported (no k6 equivalent):'));
    assert.match(notExported, /coordinated omission/);
    assert.match(notExported, new RegExp(`seeded, deterministic data \\(seed ${scenario.seed}\\)`));
    assert.match(notExported, /harness ceiling/);
    assert.match(notExported, /accepted and refused counters/);
  });

  test(`${name}: each expect is a k6 threshold on the measured scenario or listed as not exported`, async () => {
    const { scenario, script } = await generateCase(name);
    const thresholds = optionsOf(script).thresholds ?? {};
    const notExported = script.slice(script.indexOf('// Not exported (no k6 equivalent):'));
    let matched = 0;
    for (const t of scenario.expect) {
      const asThreshold = script.includes(`//   - expect "${t.source}" -> `);
      const unmatched = notExported.includes(`//   - expect "${t.source}": `);
      assert.ok(
        asThreshold !== unmatched,
        `${t.source}: threshold ${asThreshold}, not exported ${unmatched}`,
      );
      if (asThreshold) matched++;
    }
    const expressions = Object.values(thresholds).flat();
    assert.equal(expressions.length, matched);
    for (const key of Object.keys(thresholds)) assert.match(key, /\{scenario:measured\}$/);
    // Request metrics exist only where the extension sends through k6's HTTP client.
    const requestMetrics = Object.keys(thresholds).filter((k) => k.startsWith('http_req_'));
    if (scenario.signal === 'traces') assert.deepEqual(requestMetrics, []);
  });
}

test('metrics-constant: p99ServiceTimeMs, errorRate and droppedSchedules become k6 thresholds with their values', async () => {
  const { script } = await generateCase('metrics-constant');
  assert.deepEqual(optionsOf(script).thresholds, {
    'dropped_iterations{scenario:measured}': ['count==0'],
    'http_req_failed{scenario:measured}': ['rate<0.01'],
    'http_req_duration{scenario:measured}': ['p(99)<100'],
  });
  assert.match(script, /expect "achievedRatePerS >= 0\.99 \* targetRatePerS": compares with another figure/);
  assert.match(script, /expect "itemsRefused == 0": obsbench counts items/);
});

test('a warmup at rate 0 is left out; otherwise it runs first and the measured scenario starts after it', async () => {
  const ramping = await generateCase('traces-ramping');
  assert.deepEqual(Object.keys(optionsOf(ramping.script).scenarios), ['measured']);
  assert.match(ramping.script, /Warmup: 2s at rate 0 sends nothing/);
  const constant = await generateCase('traces-constant');
  const { warmup, measured } = optionsOf(constant.script).scenarios;
  assert.equal(warmup.duration, '2s');
  assert.equal(warmup.rate, measured.rate);
  assert.equal(measured.startTime, '2s');
});

test('k6Rates: whole iterations a second when every rate divides, else a minute (rounded, at least 1)', () => {
  assert.deepEqual(k6Rates([50_000], 500), { timeUnit: '1s', rates: [100], rounded: false });
  assert.deepEqual(k6Rates([0, 20_000, 0], 400), { timeUnit: '1s', rates: [0, 50, 0], rounded: false });
  assert.deepEqual(k6Rates([10_000, 12_345], 1000), { timeUnit: '1m', rates: [600, 741], rounded: true });
  assert.deepEqual(k6Rates([500], 1000), { timeUnit: '1m', rates: [30], rounded: false });
  assert.deepEqual(k6Rates([1], 1000), { timeUnit: '1m', rates: [1], rounded: true });
});

function scenarioText(fields: string): string {
  return `name: t\nload: { executor: constant-arrival-rate, rate: 1000, duration: 5s }\n${fields}\n`;
}

test('a target that cannot take what the extension sends is refused in one line, exit 2', () => {
  const scenario = parseScenario(
    scenarioText('signal: metrics\ntarget: { kind: collector, managed: true }\nprotocol: otlp-http'),
    'collector-metrics.yaml',
  );
  assert.throws(
    () => k6Script(scenario, { version: 'x', sourceLabel: 'collector-metrics.yaml' }),
    (error: unknown) => {
      assert.ok(isObsbenchError(error));
      assert.equal(error.exitCode, 2);
      assert.doesNotMatch(error.message, /\n/);
      assert.match(error.message, /collector-metrics\.yaml: protocol otlp-http/);
      assert.match(error.message, /prometheus-remote-write, which target collector does not ingest/);
      return true;
    },
  );
});

test('OTLP metrics into a target that takes remote write: remote write, and the header says the protocol differs', () => {
  const scenario = parseScenario(
    scenarioText('signal: metrics\ntarget: { kind: victoriametrics, endpoint: "http://127.0.0.1:18428" }'),
    'vm.yaml',
  );
  const script = k6Script(scenario, { version: 'x', sourceLabel: 'vm.yaml', scriptName: 'vm.js' });
  assert.match(script, /Protocol differs: the scenario sends OTLP metrics \(otlp-http\)/);
  assert.ok(script.includes("const ENDPOINT = __ENV.OBSBENCH_ENDPOINT || 'http://127.0.0.1:18428';"));
  assert.match(script, /url: `\$\{ENDPOINT\}\/api\/v1\/write`/);
  assert.ok(script.includes('\n//   ./k6 run vm.js\n'));
});
