// The --a / --b settings of ab and capacity, parsed once at the edge: scenario fields, a release,
// the backend's cores and its CPU limit, and one usage error naming the side for anything else.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { variant } from '../../../src/cli/variants.js';
import { ObsbenchError } from '../../../src/errors.js';

test('fields, a release, cores and a CPU limit each land in their own place', () => {
  const v = variant(
    'b',
    ['load.batchSize=2000', 'victoria-metrics@v1.148.9', 'backend-cores=0', 'backend-cpu-limit=0.5'],
    undefined,
  );
  assert.equal(v.side, 'b');
  assert.deepEqual(
    v.fields.map((f) => [f.path.join('.'), f.value]),
    [
      ['load.batchSize', 2000],
      ['target.version', 'v1.148.9'],
    ],
  );
  assert.deepEqual(v.backendCores, [0]);
  assert.equal(v.backendCpuLimitCores, 0.5);
  assert.match(v.description, /backend-cpu-limit=0\.5/);
});

test('a side without settings runs the scenario as written', () => {
  const v = variant('a', [], undefined);
  assert.deepEqual(v.fields, []);
  assert.equal(v.backendCores, null);
  assert.equal(v.backendCpuLimitCores, null);
});

test('a CPU limit outside 0.01 .. the machine cores, or not a number, is refused naming the side', () => {
  for (const bad of ['backend-cpu-limit=0', 'backend-cpu-limit=half', 'backend-cpu-limit=1000']) {
    assert.throws(
      () => variant('b', [bad], undefined),
      (e: unknown) =>
        e instanceof ObsbenchError && e.code === 'E_USAGE' && /--b backend-cpu-limit/.test(e.message),
      bad,
    );
  }
});

test('a setting that is neither field=value, a backend setting nor NAME@VERSION is refused', () => {
  assert.throws(
    () => variant('a', ['cpu-limit=0.5'], undefined),
    (e: unknown) => e instanceof ObsbenchError && /--a "cpu-limit=0.5": expected field=value/.test(e.message),
  );
});
