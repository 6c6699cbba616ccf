// The place of each claims run (and capacity search) in validate's sequence, as onRun is told it:
// repetition-major, every run and search once per repetition, indexes 0..total-1 in order,
// repetitions numbered from 1.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLAIM_RUNS, CLAIMS } from '../../../src/claims/catalog.js';
import { saturationSearches } from '../../../src/claims/saturation.js';
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

test('claimRunSteps: with searches, each repetition runs every claims run and then every search', () => {
  const searches = saturationSearches(CLAIMS);
  const steps = [1, 2].flatMap((r) => claimRunSteps(r, 2, searches));
  const perRepetition = CLAIM_RUNS.length + searches.length;
  assert.deepEqual(
    steps.map((s) => s.index),
    Array.from({ length: 2 * perRepetition }, (_, i) => i),
  );
  for (const s of steps) assert.equal(s.total, 2 * perRepetition);
  const second = steps.slice(perRepetition);
  assert.deepEqual(
    second.map((s) => (s.search ? `search ${s.run}@${s.search.cpuLimitCores}` : s.run)),
    [...CLAIM_RUNS, 'search victoriametrics-remote-write@null', 'search collector-traces@null'],
  );
  assert.ok(second.every((s) => s.repetition === 2));
});
