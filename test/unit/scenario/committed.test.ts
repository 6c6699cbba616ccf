import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DURATION_PATTERN,
  loadScenarios,
  SCENARIO_SCHEMA_FILE,
  scenarioJsonSchema,
  scenarioJsonSchemaText,
} from '../../../src/scenario/index.js';

describe('committed scenario files', () => {
  test('every scenario in scenarios/ loads, is named <target>-<signal>[-<protocol>] and is unique', async () => {
    const scenarios = await loadScenarios('scenarios');
    const names = scenarios.map((s) => s.name);
    assert.deepEqual(names, [
      'collector-logs-otlp-http-otlp-forward',
      'collector-logs-otlp-http',
      'collector-metrics-otlp-grpc',
      'collector-metrics-otlp-http-remote-write',
      'collector-metrics-otlp-http',
      'collector-traces-otlp-grpc-batch-jaeger',
      'collector-traces-otlp-grpc-batch',
      'collector-traces-otlp-grpc-otlp-forward',
      'collector-traces-otlp-grpc-spanmetrics',
      'collector-traces-otlp-grpc-tail-sampling-jaeger',
      'collector-traces-otlp-grpc-tail-sampling',
      'collector-traces-otlp-grpc',
      'collector-traces-otlp-http',
      'jaeger-traces-otlp-grpc',
      'jaeger-traces-otlp-http',
      'prometheus-metrics-otlp-http',
      'prometheus-metrics-prometheus-remote-write',
      'sink-logs-loki-push',
      'sink-logs-otlp-http',
      'sink-metrics-otlp-http',
      'sink-traces-max-throughput',
      'sink-traces-otlp-grpc',
      'sink-traces-otlp-http',
      'sink-traces-ramp',
      'sink-traces-steps',
      'victorialogs-logs-loki-push',
      'victorialogs-logs-otlp-http',
      'victoriametrics-metrics-otlp-http',
      'victoriametrics-metrics-prometheus-remote-write',
      'vmagent-metrics-otlp-http',
      'vmagent-metrics-prometheus-remote-write',
    ]);
    for (const scenario of scenarios) {
      assert.ok(scenario.name.startsWith(`${scenario.target.kind}-${scenario.signal}`), scenario.name);
      // A Collector pipeline other than nop ends the name: <target>-<signal>-<protocol>-<pipeline>,
      // or that and the downstream's kind, for a pipeline also committed into the sink.
      const pipeline = scenario.target.pipeline;
      if (pipeline !== undefined && pipeline !== 'nop') {
        const downstream = scenario.target.downstream;
        assert.ok(downstream, `${scenario.name} has a downstream`);
        const base = `collector-${scenario.signal}-${scenario.protocol}-${pipeline}`;
        assert.ok([base, `${base}-${downstream.kind}`].includes(scenario.name), scenario.name);
      }
      // Only the sink runs without a backend; every other committed scenario manages its own.
      assert.ok(scenario.target.kind === 'sink' || scenario.target.managed, scenario.name);
    }
    const byName = new Map(scenarios.map((s) => [s.name, s]));
    assert.equal(byName.get('sink-traces-otlp-grpc')?.protocol, 'otlp-grpc');
    assert.equal(byName.get('sink-traces-ramp')?.load.executor, 'ramping-arrival-rate');
    assert.equal(byName.get('sink-traces-steps')?.load.executor, 'steps');
    assert.equal(byName.get('sink-traces-max-throughput')?.load.executor, 'max-throughput');
  });

  test('the real-backend quickstart: traces, metrics, logs into managed backends', async () => {
    const scenarios = await loadScenarios('scenarios/quickstart-stack.yaml');
    assert.deepEqual(
      scenarios.map((s) => [s.signal, s.target.kind, s.target.managed]),
      [
        ['traces', 'collector', true],
        ['metrics', 'victoriametrics', true],
        ['logs', 'victorialogs', true],
      ],
    );
  });

  test('the quickstart suite: traces, metrics, logs into the sink, about 30 s in all', async () => {
    const scenarios = await loadScenarios('scenarios/quickstart.yaml');
    assert.deepEqual(
      scenarios.map((s) => s.signal),
      ['traces', 'metrics', 'logs'],
    );
    const totalS = scenarios.reduce((sum, s) => sum + s.load.durationS + s.load.warmupS, 0);
    assert.ok(totalS >= 25 && totalS <= 40, `quickstart takes ${totalS}s`);
    for (const scenario of scenarios) {
      assert.equal(scenario.target.kind, 'sink');
      assert.ok(scenario.expect.length > 0, `${scenario.name} has thresholds`);
      assert.ok(scenario.load.segments[0].fromRatePerS <= 50_000, 'moderate rate');
    }
  });

  test('scenarios/suites: each loads; the stack suite runs every managed-backend scenario once', async () => {
    for (const name of (await readdir('scenarios/suites')).filter((n) => n.endsWith('.yaml'))) {
      const members = await loadScenarios(join('scenarios/suites', name));
      assert.ok(members.length > 0, name);
    }
    const stack = (await loadScenarios('scenarios/suites/stack.yaml')).map((s) => s.name);
    const managed = (await loadScenarios('scenarios')).filter((s) => s.target.managed).map((s) => s.name);
    assert.deepEqual([...stack].sort(), [...managed].sort());
  });

  test('every YAML file points editors at the schema', async () => {
    for (const dir of ['scenarios', 'scenarios/quickstart', 'scenarios/suites']) {
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.yaml'))) {
        const text = await readFile(join(dir, name), 'utf8');
        const expected = dir === 'scenarios' ? './schema.json' : '../schema.json';
        assert.ok(text.startsWith(`# yaml-language-server: $schema=${expected}\n`), `${dir}/${name}`);
      }
    }
  });

  test(`${SCENARIO_SCHEMA_FILE} is fresh (regenerate with: npx tsx scripts/write-schema.ts)`, async () => {
    const committed = JSON.parse(await readFile(SCENARIO_SCHEMA_FILE, 'utf8'));
    assert.deepEqual(committed, JSON.parse(scenarioJsonSchemaText()));
  });

  test('the JSON Schema describes the user-facing format: strict, required fields, patterns, defaults', () => {
    const schema = scenarioJsonSchema();
    /** The node at a path of keys inside the schema. */
    const at = (...keys: (string | number)[]): unknown =>
      keys.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], schema);
    assert.equal(at('$schema'), 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(at('anyOf', 0, 'required'), ['name', 'signal', 'load']);
    assert.equal(at('anyOf', 0, 'additionalProperties'), false);
    assert.deepEqual(at('anyOf', 1, 'required'), ['kind', 'scenarios']);
    const load = ['anyOf', 0, 'properties', 'load'];
    assert.equal(at(...load, 'additionalProperties'), false);
    assert.equal(at(...load, 'properties', 'rate', 'exclusiveMinimum'), 0);
    assert.equal(at(...load, 'properties', 'batchSize', 'maximum'), 100_000);
    assert.equal(at(...load, 'properties', 'duration', 'anyOf', 1, 'pattern'), DURATION_PATTERN);
    assert.match(at(...load, 'properties', 'batchSize', 'description') as string, /Default: 500\./);
    assert.equal((at('anyOf', 0, 'properties', 'shape', 'anyOf') as unknown[]).length, 3);
    assert.deepEqual((at('anyOf', 0, 'properties', 'target', 'anyOf', 0, 'enum') as string[]).slice(0, 2), [
      'sink',
      'tempo',
    ]);
  });
});
