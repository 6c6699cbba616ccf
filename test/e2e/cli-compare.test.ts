// obsbench compare from the command line: exit 1 on a gated regression with the table printed,
// 0 when nothing gated is worse, Markdown written, and one clear line with exit 2 for bad input.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../src/generators/random.js';
import { makeRunResult } from '../unit/reporters/fixture.js';
import { runCli, tempDir } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

function suite(name: string, p99: number, seed: number): string {
  const rng = new Rng(seed);
  for (let i = 0; i < 5; i++) {
    const r = makeRunResult({ name: 'scenario-a' });
    r.latencyMs = { ...r.latencyMs, p99: rng.lognormal(p99, 0.03) };
    mkdirSync(join(dir, name, `run-${i}`), { recursive: true });
    writeFileSync(join(dir, name, `run-${i}`, 'result.json'), JSON.stringify(r));
  }
  return join(dir, name);
}

test('a slower candidate fails the gate with exit 1; the same distribution passes', async () => {
  const base = suite('base', 20, 1);
  const md = join(dir, 'out', 'compare.md');
  const stepSummary = join(dir, 'step-summary.md');
  const slow = await runCli(['compare', base, suite('slow', 30, 2), '--markdown', md], 30_000, undefined, {
    GITHUB_STEP_SUMMARY: stepSummary,
  });
  assert.equal(slow.code, 1, slow.stderr);
  assert.match(slow.stdout, /latencyMs\.p99.*WORSE/);
  assert.match(slow.stdout, /REGRESSION: scenario-a latencyMs\.p99/);
  assert.match(readFileSync(md, 'utf8'), /\*\*1 regression\(s\)\*\*/);
  assert.equal(
    readFileSync(stepSummary, 'utf8'),
    readFileSync(md, 'utf8'),
    'the job summary gets the same Markdown',
  );
  const same = await runCli(['compare', base, suite('same', 20, 3), '--json'], 30_000);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(JSON.parse(same.stdout).regressions, []);
});

test('bad input: one line naming the problem, exit 2', async () => {
  const base = suite('b2', 20, 4);
  const gate = join(dir, 'gate.yaml');
  writeFileSync(gate, 'figures:\n  latencyMs.p99: { worse: lots }\n');
  for (const args of [
    ['compare', base, join(dir, 'missing')],
    ['compare', base, base, '--gate', gate],
    ['compare', base],
  ]) {
    const r = await runCli(args, 30_000);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
