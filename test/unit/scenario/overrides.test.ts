import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import { parseScenario } from '../../../src/scenario/index.js';

const CONSTANT = 'name: c\nsignal: traces\nload: { rate: 1000, duration: 30s }\n';
const RAMP = `name: r
signal: traces
load:
  executor: ramping-arrival-rate
  startRate: 100
  stages: [{ duration: 10s, target: 1000 }, { duration: 30s, target: 1000 }]
`;
const STEPS =
  'name: s\nsignal: traces\nload: { executor: steps, steps: [{ duration: 10s, rate: 500 }, { duration: 30s, rate: 2000 }] }\n';

describe('overrides', () => {
  test('constant-arrival-rate: durationS and ratePerS set the single segment', () => {
    const { load } = parseScenario(CONSTANT, 'c.yaml', { durationS: 10, ratePerS: 250 });
    assert.deepEqual(load.segments, [{ durationS: 10, fromRatePerS: 250, toRatePerS: 250 }]);
    assert.equal(load.durationS, 10);
  });

  test('ramping: durationS scales stages proportionally; ratePerS scales the plan to its peak', () => {
    const { load } = parseScenario(RAMP, 'r.yaml', { durationS: 20, ratePerS: 5000 });
    assert.deepEqual(load.segments, [
      { durationS: 5, fromRatePerS: 500, toRatePerS: 5000 },
      { durationS: 15, fromRatePerS: 5000, toRatePerS: 5000 },
    ]);
    assert.equal(load.durationS, 20);
  });

  test('steps: same scaling', () => {
    const { load } = parseScenario(STEPS, 's.yaml', { durationS: 4, ratePerS: 1000 });
    assert.deepEqual(load.segments, [
      { durationS: 1, fromRatePerS: 250, toRatePerS: 250 },
      { durationS: 3, fromRatePerS: 1000, toRatePerS: 1000 },
    ]);
  });

  test('max-throughput: durationS sets the duration', () => {
    const scenario = parseScenario(
      'name: m\nsignal: traces\nload: { executor: max-throughput }\n',
      'm.yaml',
      { durationS: 5 },
    );
    assert.equal(scenario.load.durationS, 5);
  });

  test('seed, repeat, warmup, workers, batchSize and endpoint', () => {
    const scenario = parseScenario(`${CONSTANT}target: tempo\n`, 'c.yaml', {
      seed: 9,
      repeat: 3,
      warmupS: 0,
      workers: 2,
      batchSize: 50,
      endpoint: 'http://127.0.0.1:9999',
    });
    assert.equal(scenario.seed, 9);
    assert.equal(scenario.repeat, 3);
    assert.equal(scenario.load.warmupS, 0);
    assert.equal(scenario.load.workers, 2);
    assert.equal(scenario.load.batchSize, 50);
    assert.deepEqual(scenario.target, {
      kind: 'tempo',
      endpoint: 'http://127.0.0.1:9999',
      managed: false,
      allowNonLoopback: false,
      headers: {},
    });
  });

  test('an override makes an incomplete scenario complete (rate given on the command line)', () => {
    const scenario = parseScenario('name: c\nsignal: traces\nload: {}\n', 'c.yaml', { ratePerS: 42 });
    assert.equal(scenario.load.segments[0].fromRatePerS, 42);
    const noLoad = parseScenario('name: c\nsignal: traces\n', 'c.yaml', { ratePerS: 42 });
    assert.equal(noLoad.load.durationS, 30);
  });

  test('overridden values are validated like file values, and the error says they came from the override', () => {
    assert.throws(
      () => parseScenario(CONSTANT, 'c.yaml', { seed: -3 }),
      (error: unknown) =>
        error instanceof ObsbenchError &&
        error.message ===
          'c.yaml: seed: -3 is not allowed: must be an integer from 0 to 4294967295 (generator seed; same seed, same data) (set by override seed)',
    );
    assert.throws(
      () => parseScenario(CONSTANT, 'c.yaml', { durationS: -1 }),
      /c\.yaml: overrides\.durationS: -1 is not allowed: must be a number > 0 \(seconds\)/,
    );
    assert.throws(
      () => parseScenario(CONSTANT, 'c.yaml', { ratePerS: Number.NaN }),
      /overrides\.ratePerS: NaN is not allowed/,
    );
    assert.throws(
      () =>
        parseScenario('name: m\nsignal: traces\nload: { executor: max-throughput }\n', 'm.yaml', {
          ratePerS: 5,
        }),
      /load\.rate: not used by executor max-throughput; .* \(set by override ratePerS\)/,
    );
    assert.throws(
      () => parseScenario(CONSTANT, 'c.yaml', { durationS: 100_000 }),
      /load\.duration: 100000 is not allowed: .*\(set by override durationS\)/,
    );
  });

  test('overrides change the hash (they change what is measured)', () => {
    const plain = parseScenario(CONSTANT, 'c.yaml');
    assert.notEqual(parseScenario(CONSTANT, 'c.yaml', { durationS: 10 }).hash, plain.hash);
    assert.equal(parseScenario(CONSTANT, 'c.yaml', { durationS: 30 }).hash, plain.hash);
  });

  test('a plan that cannot be scaled is left for validation to report', () => {
    assert.throws(
      () =>
        parseScenario(
          'name: s\nsignal: traces\nload: { executor: steps, steps: [{ duration: soon, rate: 5 }] }\n',
          's.yaml',
          { durationS: 5 },
        ),
      /load\.steps\[0\]\.duration: "soon" is not allowed/,
    );
  });
});
