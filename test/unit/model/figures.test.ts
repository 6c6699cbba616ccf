// The decision figures read from a result: each with a unit and a direction, null where the run
// did not measure it, and one p99 per read query.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figureIds, figureSpec, figuresOf, readQueryFigureId } from '../../../src/model/figures.js';
import { makeRunResult } from '../reporters/fixture.js';

test('every fixed figure is read from the result, with its direction', () => {
  const result = makeRunResult();
  const figures = figuresOf(result);
  const byId = new Map(figures.map((f) => [f.id, f]));
  for (const id of figureIds()) assert.ok(byId.has(id), id);
  assert.equal(byId.get('load.achievedRatePerS')?.value, result.load.achievedRatePerS);
  assert.equal(byId.get('load.achievedRatePerS')?.better, 'higher');
  assert.equal(byId.get('latencyMs.p99')?.value, result.latencyMs.p99);
  assert.equal(byId.get('latencyMs.p99')?.better, 'lower');
  assert.equal(byId.get('load.acceptedShare')?.value, result.load.itemsAccepted / result.load.itemsSent);
  assert.equal(
    byId.get('backend.cpuSecondsPerMillionItems')?.value,
    result.backend.cpuSecondsPerMillionItems,
  );
});

test('unmeasured figures are null, and each read query adds its p99', () => {
  const result = makeRunResult();
  result.backend.coresAvg = null;
  result.downstream = undefined;
  result.read.queries = { instant: { ...result.latencyMs, p99: 12.5 } };
  const byId = new Map(figuresOf(result).map((f) => [f.id, f]));
  assert.equal(byId.get('backend.coresAvg')?.value, null);
  assert.equal(byId.get('downstream.latencyMs.p99')?.value, null);
  assert.equal(byId.get(readQueryFigureId('instant'))?.value, 12.5);
  assert.deepEqual(figureSpec(readQueryFigureId('instant')), {
    id: 'read.queries.instant.p99',
    unit: 'ms',
    better: 'lower',
    label: 'read query instant p99',
  });
  assert.equal(figureSpec('no.such.figure'), undefined);
});
