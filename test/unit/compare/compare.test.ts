// compare on runs whose figures are set by hand: A/A stays quiet, a real shift is worse (or
// better), too few runs or a straddling interval is inconclusive, and bad inputs and gate files
// give one clear error each.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeBaseline } from '../../../src/compare/baseline.js';
import { compareInputs } from '../../../src/compare/compare.js';
import { DEFAULT_GATE, parseGate } from '../../../src/compare/gate.js';
import { readCompareInput, readRunResults } from '../../../src/compare/inputs.js';
import { Rng } from '../../../src/generators/random.js';
import type { RunResult } from '../../../src/model/run-result.js';
import { makeRunResult } from '../reporters/fixture.js';

const root = mkdtempSync(join(tmpdir(), 'compare-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A suite directory of runs whose p99 and accepted rate are drawn around the given medians. */
function suite(name: string, runs: number, p99: number, rate: number, seed: number, noise = 0.03): string {
  const rng = new Rng(seed);
  const dir = join(root, name);
  for (let i = 0; i < runs; i++) {
    const r: RunResult = makeRunResult({ name: 'scenario-a' });
    r.latencyMs = { ...r.latencyMs, p99: rng.lognormal(p99, noise) };
    r.load = { ...r.load, achievedRatePerS: rng.lognormal(rate, noise) };
    mkdirSync(join(dir, `run-${i}`), { recursive: true });
    writeFileSync(join(dir, `run-${i}`, 'result.json'), JSON.stringify(r));
  }
  return dir;
}

function verdicts(base: string, cand: string) {
  const c = compareInputs(readCompareInput(base), readCompareInput(cand), DEFAULT_GATE);
  const byId = new Map(c.scenarios[0].figures.map((f) => [f.id, f]));
  return { c, byId };
}

test('A/A: five runs each of the same distribution, no gated figure is worse, many times over', () => {
  let falseAlarms = 0;
  for (let k = 0; k < 20; k++) {
    const { c } = verdicts(
      suite(`aa-base-${k}`, 5, 20, 1000, 100 + k),
      suite(`aa-cand-${k}`, 5, 20, 1000, 200 + k),
    );
    falseAlarms += c.regressions.length;
  }
  assert.equal(falseAlarms, 0);
});

test('a p99 30% higher is worse, and fails the gate; a 30% higher rate is better', () => {
  const { c, byId } = verdicts(suite('base', 5, 20, 1000, 1), suite('slow', 5, 26, 1300, 2));
  const p99 = byId.get('latencyMs.p99');
  assert.equal(p99?.verdict, 'worse', p99?.reason);
  assert.ok(p99?.change && p99.change.low > 0.1);
  assert.ok((p99?.pValue ?? 1) < 0.05);
  assert.equal(byId.get('load.achievedRatePerS')?.verdict, 'better');
  assert.deepEqual(c.regressions, [{ scenario: 'scenario-a', figure: 'latencyMs.p99' }]);
});

test('too few runs, or an interval across the smallest change that matters, is inconclusive', () => {
  const few = verdicts(suite('few-base', 2, 20, 1000, 3), suite('few-cand', 2, 40, 1000, 4)).byId;
  assert.equal(few.get('latencyMs.p99')?.verdict, 'inconclusive');
  assert.match(few.get('latencyMs.p99')?.reason ?? '', /too few runs/);
  const noisy = verdicts(
    suite('noisy-base', 5, 20, 1000, 5, 0.3),
    suite('noisy-cand', 5, 22, 1000, 6, 0.3),
  ).byId;
  assert.equal(noisy.get('latencyMs.p99')?.verdict, 'inconclusive');
});

test('the same inputs give the same comparison', () => {
  const a = verdicts(suite('rep-base', 5, 20, 1000, 7), suite('rep-cand', 5, 21, 1000, 8)).c;
  const b = compareInputs(readCompareInput(a.base), readCompareInput(a.cand), DEFAULT_GATE);
  assert.deepEqual(a, b);
});

test('bad inputs: missing path, empty directory, corrupt result, different scenarios', () => {
  assert.throws(() => readCompareInput(join(root, 'nope')), /no such file or directory/);
  mkdirSync(join(root, 'empty'));
  assert.throws(() => readCompareInput(join(root, 'empty')), /holds no result\.json/);
  mkdirSync(join(root, 'corrupt', 'run'), { recursive: true });
  writeFileSync(join(root, 'corrupt', 'run', 'result.json'), '{"schemaVersion": 1,');
  assert.throws(() => readCompareInput(join(root, 'corrupt')), /result\.json: not valid JSON/);
  const other = join(root, 'other.json');
  writeFileSync(other, JSON.stringify(makeRunResult({ name: 'scenario-b' })));
  const base = suite('pair-base', 3, 20, 1000, 9);
  assert.throws(
    () => compareInputs(readCompareInput(base), readCompareInput(other), DEFAULT_GATE),
    (e: Error & { code?: string }) => e.code === 'E_COMPARE_INPUT' && /share no scenario/.test(e.message),
  );
});

test('gate files are validated with the field named', () => {
  assert.deepEqual(parseGate({ figures: { 'latencyMs.p99': { worse: '10%' } } }, 'g.yaml').figures, {
    'latencyMs.p99': 0.1,
  });
  assert.throws(
    () => parseGate({ figures: { 'latency.p99': { worse: '10%' } } }, 'g.yaml'),
    /figures\.latency\.p99: unknown figure/,
  );
  assert.throws(
    () => parseGate({ figures: { 'latencyMs.p99': { worse: 'ten' } } }, 'g.yaml'),
    /figures\.latencyMs\.p99\.worse/,
  );
  assert.throws(() => parseGate({ figures: {}, extra: 1 }, 'g.yaml'), /extra: unknown field/);
  assert.throws(
    () => parseGate({ figures: { 'latencyMs.p99': { worse: '5%' } }, minRuns: 1 }, 'g.yaml'),
    /minRuns/,
  );
});

test('a baseline of runs reads back as those runs, with what they ran on', () => {
  const dir = suite('for-baseline', 5, 20, 1000, 11);
  const results = readRunResults(dir);
  const baseline = makeBaseline(results, 'b1', dir);
  assert.equal(baseline.scenarios['scenario-a'].latencyHdr.length, 5);
  const file = join(root, 'b1.json');
  writeFileSync(file, JSON.stringify(baseline));
  const fromBaseline = readCompareInput(file).byScenario.get('scenario-a');
  const fromRuns = readCompareInput(dir).byScenario.get('scenario-a');
  assert.deepEqual(
    fromBaseline?.figures.get('latencyMs.p99')?.values,
    fromRuns?.figures.get('latencyMs.p99')?.values,
  );
  assert.deepEqual(fromBaseline?.machines, fromRuns?.machines);
  const c = compareInputs(readCompareInput(file), readCompareInput(dir), DEFAULT_GATE);
  assert.deepEqual(c.regressions, []);
  assert.deepEqual(c.scenarios[0].caveats, []);
});

test('a gated figure one side did not measure is called out, not passed over silently', () => {
  const base = suite('gap-base', 5, 20, 1000, 12);
  const cand = suite('gap-cand', 5, 20, 1000, 13);
  const gate = parseGate({ figures: { 'backend.coresAvg': { worse: '5%' } } }, 'g.yaml');
  for (const run of readRunResults(cand)) assert.ok(run.backend.coresAvg !== null);
  const candNoCores = join(root, 'gap-cand-none');
  mkdirSync(join(candNoCores, 'run'), { recursive: true });
  const r = makeRunResult({ name: 'scenario-a' });
  r.backend = { ...r.backend, coresAvg: null };
  writeFileSync(join(candNoCores, 'run', 'result.json'), JSON.stringify(r));
  const c = compareInputs(readCompareInput(base), readCompareInput(candNoCores), gate);
  assert.deepEqual(c.scenarios[0].caveats, [
    'gated figure backend.coresAvg not measured by the candidate runs',
  ]);
});

test('a backend pinned or CPU-limited on one side only is a caveat, also through a baseline', () => {
  const base = suite('placed-base', 3, 20, 1000, 21);
  const cand = join(root, 'placed-cand');
  for (let i = 0; i < 3; i++) {
    const r = makeRunResult({ name: 'scenario-a' });
    r.env = { ...r.env, backendCores: [1], backendCpuLimitCores: 0.5 };
    mkdirSync(join(cand, `run-${i}`), { recursive: true });
    writeFileSync(join(cand, `run-${i}`, 'result.json'), JSON.stringify(r));
  }
  const expected =
    'backend placements differ: pinned to 2,3, no CPU limit vs pinned to 1, CPU limit 0.5 cores';
  const c = compareInputs(readCompareInput(base), readCompareInput(cand), DEFAULT_GATE);
  assert.ok(c.scenarios[0].caveats.includes(expected), JSON.stringify(c.scenarios[0].caveats));
  const file = join(root, 'placed-baseline.json');
  writeFileSync(file, JSON.stringify(makeBaseline(readRunResults(cand), 'placed', cand)));
  const fromBaseline = compareInputs(readCompareInput(base), readCompareInput(file), DEFAULT_GATE);
  assert.ok(
    fromBaseline.scenarios[0].caveats.includes(expected),
    JSON.stringify(fromBaseline.scenarios[0].caveats),
  );
});
