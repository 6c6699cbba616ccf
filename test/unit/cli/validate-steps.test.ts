// The place of each claims run in validate's sequence, as onRun is told it: repetition-major,
// every run once per repetition, indexes 0..total-1 in order, repetitions numbered from 1.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLAIM_RUNS } from '../../../src/claims/catalog.js';
import { claimRunSteps } from '../../../src/cli/validate-claims.js';

test('claimRunSteps: three repetitions of every claims run, numbered 1/3 to 3/3, indexes in order', () => {
  const steps = [1, 2, 3].flatMap((r) => claimRunSteps(r, 3));
  const total = 3 * CLAIM_RUNS.length;
  assert.deepEqual(
    steps.map((s) => s.index),
    Array.from({ length: total }, (_, i) => i),
  );
  for (const s of steps) {
    assert.equal(s.total, total);
    assert.equal(s.repetitions, 3);
  }
  assert.deepEqual(
    steps.map((s) => `${s.run} ${s.repetition}`),
    [1, 2, 3].flatMap((r) => CLAIM_RUNS.map((run) => `${run} ${r}`)),
    'each repetition runs every claims run once, in catalog order',
  );
  const second = steps[CLAIM_RUNS.length + 1];
  assert.deepEqual(second, {
    run: CLAIM_RUNS[1],
    index: CLAIM_RUNS.length + 1,
    total,
    repetition: 2,
    repetitions: 3,
  });
});

test('claimRunSteps: the last run of the last repetition is "total of total", whatever the count', () => {
  for (const repetitions of [2, 5, 20]) {
    const last = claimRunSteps(repetitions, repetitions).at(-1);
    assert.equal(last?.index, repetitions * CLAIM_RUNS.length - 1);
    assert.equal(last?.repetition, repetitions);
    assert.equal(last?.run, CLAIM_RUNS[CLAIM_RUNS.length - 1]);
  }
});
