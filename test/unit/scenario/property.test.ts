// Property test of the scenario boundary: whatever text arrives, parseScenario either returns a
// resolved Scenario or throws a one-line E_SCENARIO_* ObsbenchError naming the file; nothing else.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ObsbenchError } from '../../../src/errors.js';
import { parseScenario, type Scenario, type ScenarioOverrides } from '../../../src/scenario/index.js';

const SOURCE = 'fuzz/dir/scenario-under-test.yaml';
// SCENARIO_FUZZ_RUNS raises the count for a longer local hunt.
const RUNS = Number(process.env.SCENARIO_FUZZ_RUNS ?? 400);

type Outcome = 'ok' | 'error';

/** Runs parseScenario and checks the contract; returns which way it went. */
function checkContract(text: string, overrides?: ScenarioOverrides): Outcome {
  let scenario: Scenario;
  try {
    scenario = parseScenario(text, SOURCE, overrides);
  } catch (error) {
    if (!(error instanceof ObsbenchError)) {
      throw new Error(`non-ObsbenchError for ${JSON.stringify(text).slice(0, 300)}: ${String(error)}`, {
        cause: error,
      });
    }
    assert.match(error.code, /^E_SCENARIO_(INVALID|YAML|NOT_FOUND)$/);
    assert.ok(!/[\r\n\u2028\u2029]/.test(error.message), `multi-line: ${JSON.stringify(error.message)}`);
    assert.ok(error.message.includes(SOURCE), `no source path: ${error.message}`);
    return 'error';
  }
  assert.match(scenario.hash, /^[0-9a-f]{16}$/);
  assert.ok(Number.isFinite(scenario.load.durationS) && scenario.load.durationS > 0, 'positive duration');
  if (scenario.load.executor !== 'max-throughput') {
    const sumS = scenario.load.segments.reduce((sum, segment) => sum + segment.durationS, 0);
    assert.ok(Math.abs(sumS - scenario.load.durationS) < 1e-6, 'durationS is the sum of segments');
    assert.ok(scenario.load.segments.length > 0);
  }
  for (const segment of scenario.load.segments) {
    assert.ok(segment.fromRatePerS >= 0 && segment.toRatePerS >= 0 && segment.durationS > 0);
  }
  assert.ok(scenario.sourcePath.endsWith('scenario-under-test.yaml'));
  return 'ok';
}

const VALID_DOCUMENTS: Record<string, unknown>[] = [
  { name: 'a', signal: 'traces', load: { rate: 1000, duration: '10s' } },
  {
    name: 'b',
    description: 'metrics',
    signal: 'metrics',
    target: {
      kind: 'victoriametrics',
      endpoint: 'http://127.0.0.1:8428',
      managed: true,
      headers: { 'X-A': 'b' },
    },
    protocol: 'otlp-http',
    encoding: 'json',
    compression: 'zstd',
    shape: {
      series: 1000,
      metricNames: 10,
      kinds: { gauge: 1, sum: 2 },
      churnRate: 0.1,
      churnIntervalS: '1m',
    },
    load: {
      executor: 'constant-arrival-rate',
      rate: 5000,
      duration: 30,
      warmup: '1s',
      batchSize: 100,
      workers: 2,
    },
    seed: 3,
    expect: ['p99LatencyMs < 50', 'achievedRatePerS >= 0.99 * targetRatePerS'],
    repeat: 3,
  },
  {
    name: 'c',
    signal: 'logs',
    protocol: 'otlp-grpc',
    target: { kind: 'loki', endpoint: 'localhost:4317' },
    shape: { streams: 10, formats: { json: 1 }, severities: { info: 1, error: 1 } },
    load: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      stages: [
        { duration: '5s', target: 1000 },
        { duration: '1m', target: 0 },
      ],
    },
  },
  {
    name: 'd',
    signal: 'traces',
    target: 'tempo',
    shape: { spansPerTrace: 20, maxDepth: 5, errorRate: 0.5 },
    load: {
      executor: 'steps',
      steps: [
        { duration: '1s', rate: 10 },
        { duration: 2, rate: 0 },
      ],
    },
  },
  { name: 'e', signal: 'metrics', load: { executor: 'max-throughput', duration: '5s', concurrency: 4 } },
];

const FIELD_NAMES = [
  'name',
  'description',
  'signal',
  'target',
  'protocol',
  'encoding',
  'compression',
  'shape',
  'load',
  'seed',
  'expect',
  'repeat',
  'kind',
  'endpoint',
  'managed',
  'allowNonLoopback',
  'headers',
  'executor',
  'rate',
  'duration',
  'stages',
  'startRate',
  'steps',
  'warmup',
  'batchSize',
  'maxInFlight',
  'workers',
  'concurrency',
  'connections',
  'requestTimeout',
  'maxRetries',
  'bailOutErrorRate',
  'target',
  'services',
  'series',
  'streams',
  'kinds',
  'formats',
  'maxDepth',
  'spansPerTrace',
  '__proto__',
  'constructor',
  'toString',
];

const ENUM_WORDS = [
  'traces',
  'metrics',
  'logs',
  'sink',
  'tempo',
  'otlp-http',
  'otlp-grpc',
  'json',
  'protobuf',
  'gzip',
  'snappy',
  'zstd',
  'none',
  'steps',
  'max-throughput',
  'ramping-arrival-rate',
  'constant-arrival-rate',
  'suite',
  'scenario',
];

const scalar = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    0.5,
    1e9,
    1e300,
    -0,
    100_000,
    100_001,
    4_294_967_296,
    '',
    ' ',
    '30s',
    '0s',
    '25h',
    '1h30m',
    null,
    true,
  ),
  fc.constantFrom(...ENUM_WORDS),
  fc.constantFrom(
    'http://127.0.0.1:4318',
    '127.0.0.1:4317',
    'http://10.0.0.1',
    'p99LatencyMs < 5',
    'bogus > 1',
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);

const { value: jsonish } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 5,
    }),
  ),
}));

interface Mutation {
  pick: number;
  op: 'delete' | 'set' | 'add';
  key: string;
  value: unknown;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('delete', 'set', 'set', 'add'),
  key: fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 6 })),
  value: jsonish,
});

/** Every container in the document with one of its keys: the places a mutation can hit. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      slots(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots((value as Record<string, unknown>)[key], out);
    }
  }
  return out;
}

function mutate(document: Record<string, unknown>, mutations: Mutation[]): unknown {
  const copy = structuredClone(document);
  for (const m of mutations) {
    const places = slots(copy);
    const [container, key] = places[m.pick % places.length];
    if (m.op === 'add' && !Array.isArray(container)) {
      Object.defineProperty(container, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (m.op === 'delete') {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    } else {
      (container as Record<string | number, unknown>)[key] = m.value;
    }
  }
  return copy;
}

function toText(value: unknown, asJson: boolean): string {
  if (asJson) {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  }
  return stringify(value);
}

const overridesArb: fc.Arbitrary<ScenarioOverrides | undefined> = fc.option(
  fc.record(
    {
      durationS: fc.oneof(fc.double(), fc.constantFrom(1, 10, 3600)),
      ratePerS: fc.oneof(fc.double(), fc.constantFrom(1, 1000, 1e9)),
      seed: fc.oneof(fc.integer(), fc.double()),
      workers: fc.integer({ min: -2, max: 300 }),
      batchSize: fc.integer({ min: -2, max: 200_000 }),
      warmupS: fc.double(),
      repeat: fc.integer({ min: -1, max: 200 }),
      endpoint: fc.constantFrom('http://127.0.0.1:1', 'localhost:4317', 'nope', ''),
    },
    { requiredKeys: [] },
  ),
  { freq: 2, nil: undefined },
);

const YAML_TOKENS = [
  'name',
  'signal',
  'load',
  'rate',
  'shape',
  'target',
  'expect',
  ':',
  ': ',
  ' ',
  ' ',
  '\n',
  '\n  ',
  '  ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '!custom ',
  '|',
  '>',
  '? ',
  'traces',
  'metrics',
  '5',
  '-1',
  '1e400',
  '.inf',
  '.nan',
  '10s',
  'null',
  '~',
  '\t',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '@',
  '`',
  'é',
  '\u2028',
  '\r\n',
  '\\',
  '0x1F',
  '0o17',
  '<<: ',
  'true',
  'kind: suite\n',
];

describe('parseScenario property: every input yields a Scenario or a one-line E_SCENARIO_* error', () => {
  test('random YAML-like text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 40 }).map((tokens) => tokens.join('')),
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
        ),
        (text) => {
          checkContract(text);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('random JSON-ish documents, as YAML or as JSON text, with random overrides', () => {
    fc.assert(
      fc.property(jsonish, fc.boolean(), overridesArb, (value, asJson, overrides) => {
        checkContract(toText(value, asJson), overrides);
      }),
      { numRuns: RUNS },
    );
  });

  test('mutated valid scenarios (and some still resolve)', () => {
    const outcomes = { ok: 0, error: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_DOCUMENTS),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        overridesArb,
        (document, mutations, asJson, overrides) => {
          outcomes[checkContract(toText(mutate(document, mutations), asJson), overrides)]++;
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(outcomes.ok > 0 && outcomes.error > 0, `outcomes ${JSON.stringify(outcomes)}`);
  });

  test('the unmutated seeds are valid, with and without plausible overrides', () => {
    for (const document of VALID_DOCUMENTS) {
      assert.equal(checkContract(stringify(document)), 'ok', String(document.name));
      assert.equal(
        checkContract(JSON.stringify(document), { durationS: 7, ratePerS: 500, seed: 2 }) !== undefined,
        true,
      );
    }
  });
});
