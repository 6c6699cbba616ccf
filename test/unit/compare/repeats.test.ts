// Repeats summarised per figure: grouped by scenario, the median with its interval, spread, and
// figures a run did not measure left out of that figure's count.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeRepeats } from '../../../src/compare/repeats.js';
import { makeRunResult } from '../reporters/fixture.js';

function run(name: string, p99: number, cores: number | null) {
  const r = makeRunResult({ name });
  r.latencyMs = { ...r.latencyMs, p99 };
  r.backend = { ...r.backend, coresAvg: cores };
  return r;
}

test('five repeats of a scenario: median, interval, min, max, cv and values per figure', () => {
  const runs = [10, 14, 11, 13, 12].map((p99, i) => run('a', p99, i === 2 ? null : 0.5));
  runs.push(run('b', 99, 1));
  const [a, b] = summarizeRepeats(runs);
  assert.equal(a.scenario, 'a');
  assert.equal(a.runs, 5);
  const p99 = a.figures['latencyMs.p99'];
  assert.deepEqual([p99.n, p99.median, p99.min, p99.max], [5, 12, 10, 14]);
  assert.deepEqual(p99.values, [10, 14, 11, 13, 12]);
  assert.ok(p99.ci95.low <= 12 && p99.ci95.high >= 12);
  assert.equal(p99.better, 'lower');
  // sample stddev of 10..14 is sqrt(2.5); mean 12
  assert.ok(Math.abs((p99.cv ?? 0) - Math.sqrt(2.5) / 12) < 1e-12);
  assert.equal(a.figures['backend.coresAvg'].n, 4, 'the run without the figure is left out');
  assert.equal(b.runs, 1);
  assert.equal(b.figures['latencyMs.p99'].median, 99);
});
