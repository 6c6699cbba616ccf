// The time left of a sequence of runs or steps, from made-up durations: the mean of those done
// times those left, the prior before any is done, and the line a long command prints.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatSequenceLine, secondsLeft } from '../../../src/reporters/eta.js';

test('secondsLeft: mean duration of the pieces done times the pieces left', () => {
  assert.equal(secondsLeft([30, 50], 3), 120);
  assert.equal(secondsLeft([10], 1), 10);
  assert.equal(secondsLeft([10, 20, 30], 0), 0, 'nothing left');
});

test('secondsLeft: unknown until a piece has finished; a bad measurement is ignored', () => {
  assert.equal(secondsLeft([], 4), null);
  assert.equal(secondsLeft([Number.NaN], 4), null);
  assert.equal(secondsLeft([Number.NaN, 40], 2), 80);
  assert.equal(secondsLeft([-5, 40], 2), 80);
});

test('formatDuration: seconds, minutes with seconds, hours with minutes', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(8.4), '8 s');
  assert.equal(formatDuration(59.6), '1 min 00 s');
  assert.equal(formatDuration(185), '3 min 05 s');
  assert.equal(formatDuration(3725), '1 h 02 min');
  assert.equal(formatDuration(-3), '0 s');
});

test('formatSequenceLine: "N of M", the detail, elapsed, and what is left (only the count of a bound says at most)', () => {
  const base = { command: 'validate', piece: 'run', total: 12, totalIsBound: false, elapsedS: 190 };
  assert.equal(
    formatSequenceLine({
      ...base,
      index: 3,
      detail: 'victoriametrics-remote-write, repetition 2/3',
      leftS: secondsLeft([60, 65, 62], 9),
    }),
    'validate: run 4 of 12 (victoriametrics-remote-write, repetition 2/3); elapsed 3 min 10 s; ~9 min 21 s left',
  );
  assert.equal(
    formatSequenceLine({ ...base, index: 0, detail: '', leftS: null, elapsedS: 0 }),
    'validate: run 1 of 12; elapsed 0 s',
  );
  assert.equal(
    formatSequenceLine({ ...base, command: '', index: 1, total: 6, detail: 'vm', leftS: 50, elapsedS: 10 }),
    'run 2 of 6 (vm); elapsed 10 s; ~50 s left',
    'obsbench run names no command: the piece does',
  );
  assert.equal(
    formatSequenceLine({
      command: 'capacity',
      piece: 'step',
      index: 2,
      total: 8,
      totalIsBound: true,
      detail: '4000 items/s',
      elapsedS: 70,
      leftS: secondsLeft([30, 40], 6),
    }),
    'capacity: step 3 of at most 8 (4000 items/s); elapsed 1 min 10 s; ~3 min 30 s left',
    'a bound on the steps is said as one; the time left is an estimate, not a bound',
  );
});
