import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import {
  durationToS,
  formatDurationS,
  parseDurationS,
  parseScenario,
  parseThreshold,
  THRESHOLD_METRICS,
} from '../../../src/scenario/index.js';

describe('parseDurationS', () => {
  const cases: [string | number, number][] = [
    ['30s', 30],
    ['2m', 120],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['1.5s', 1.5],
    ['1m30s250ms', 90.25],
    ['45', 45],
    [12, 12],
    [0, 0],
    ['0s', 0],
  ];
  for (const [input, expectedS] of cases) {
    test(`${JSON.stringify(input)} -> ${expectedS}s`, () =>
      assert.equal(parseDurationS(input, 'load.duration'), expectedS));
  }

  for (const bad of ['10 sec', '2d', '-5s', 's', '', '1h 30m', 'PT5S', '5S', '.5s']) {
    test(`rejects ${JSON.stringify(bad)} with the field path and the allowed forms`, () => {
      assert.throws(
        () => parseDurationS(bad, '--duration'),
        (error: unknown) =>
          error instanceof ObsbenchError &&
          error.code === 'E_SCENARIO_INVALID' &&
          error.message.startsWith(`--duration: ${JSON.stringify(bad)} is not allowed`) &&
          error.message.includes('"1h30m"'),
      );
    });
  }

  test('rejects negative and non-finite numbers', () => {
    assert.throws(() => parseDurationS(-1, 'x'), ObsbenchError);
    assert.equal(durationToS(Number.POSITIVE_INFINITY), undefined);
    assert.equal(durationToS(Number.NaN), undefined);
  });

  test('numbers keep microseconds; a positive duration under half of one is 0, so "> 0" refuses it', () => {
    assert.equal(durationToS(1.2345678), 1.234568);
    assert.equal(durationToS(2e-25), 0);
    assert.throws(
      () => parseScenario('name: x\nsignal: logs\nload: { rate: 10, duration: 2e-25 }\n', 'x.yaml'),
      /load\.duration/,
    );
  });

  test('a caller can choose the error code (the CLI reports E_USAGE)', () => {
    assert.throws(() => parseDurationS('x', '--duration', 'E_USAGE'), { code: 'E_USAGE' });
  });

  test('formatDurationS output parses back to the same seconds', () => {
    for (const seconds of [0.25, 0.001, 5, 59, 60, 90, 3600, 5400, 86_400, 3725, 12.5]) {
      assert.equal(parseDurationS(formatDurationS(seconds), 'x'), seconds, formatDurationS(seconds));
    }
    assert.equal(formatDurationS(5400), '1h30m');
    assert.equal(formatDurationS(86_400), '24h');
  });
});

describe('parseThreshold', () => {
  test('"<metric> <op> <number>"', () => {
    assert.deepEqual(parseThreshold('p99LatencyMs < 50', 'expect[0]'), {
      source: 'p99LatencyMs < 50',
      metric: 'p99LatencyMs',
      op: '<',
      value: 50,
    });
  });

  test('"<metric> <op> <number> * <metric>"', () => {
    assert.deepEqual(parseThreshold('achievedRatePerS >= 0.99 * targetRatePerS', 'expect[1]'), {
      source: 'achievedRatePerS >= 0.99 * targetRatePerS',
      metric: 'achievedRatePerS',
      op: '>=',
      value: 0.99,
      refMetric: 'targetRatePerS',
    });
  });

  test('every operator, spacing, exponents and a bare metric on the right', () => {
    assert.equal(parseThreshold('droppedSchedules==0', 'e').op, '==');
    assert.equal(parseThreshold('  errorRate <= 1e-3 ', 'e').value, 0.001);
    assert.equal(parseThreshold('itemsSent > -1', 'e').value, -1);
    assert.equal(parseThreshold('compressionRatio >= .5', 'e').value, 0.5);
    assert.deepEqual(parseThreshold('itemsAccepted == itemsSent', 'e'), {
      source: 'itemsAccepted == itemsSent',
      metric: 'itemsAccepted',
      op: '==',
      value: 1,
      refMetric: 'itemsSent',
    });
  });

  test('an unknown metric is rejected with a suggestion and the known list', () => {
    assert.throws(
      () => parseThreshold('p99Latency < 50', 'expect[0]'),
      (error: unknown) =>
        error instanceof ObsbenchError &&
        error.message.includes('expect[0]: "p99Latency < 50" is not allowed') &&
        error.message.includes('did you mean "p99LatencyMs"?') &&
        THRESHOLD_METRICS.every((name) => error.message.includes(name)),
    );
    assert.throws(() => parseThreshold('itemsSent > 0.5 * bogus', 'e'), /unknown metric "bogus"/);
  });

  test('malformed expressions explain the grammar', () => {
    for (const bad of [
      'p99LatencyMs',
      'p99LatencyMs < ',
      '< 50',
      'p99LatencyMs != 3',
      'p99LatencyMs < 50ms',
      '1 < 2',
    ]) {
      assert.throws(() => parseThreshold(bad, 'e'), /must look like "<metric> <op> <number>"/, bad);
    }
    assert.throws(() => parseThreshold('errorRate = 0', 'e'), /use == for equality/);
    assert.throws(() => parseThreshold('errorRate < 1e999', 'e'), /not a finite number/);
  });
});
