// The job summary Markdown: one row per run with its verdicts first, the verdicts that did not
// pass listed under the table, table cells that survive pipes and newlines, and validate's counts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLAIMS } from '../../../src/claims/catalog.js';
import { evaluateClaims } from '../../../src/claims/evaluate.js';
import { formatRunsStepSummary, formatValidateStepSummary } from '../../../src/reporters/step-summary-md.js';
import { makeRunResult } from './fixture.js';

/** The table's body rows, split into trimmed cells. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(1)
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((cell) => cell.trim()),
    );
}

test('runs: one row per run, the state and verdict counts first, then scenario, target and figures', () => {
  const passed = makeRunResult({ name: 'all-good' });
  passed.verdicts = passed.verdicts.filter((v) => v.state === 'pass');
  const mixed = makeRunResult({ name: 'a|b\nc' });
  const partial = makeRunResult({ name: 'cut' });
  partial.verdicts = [];
  partial.status = 'partial';
  partial.statusReason = 'the backend died';
  const md = formatRunsStepSummary([passed, mixed, partial]);
  assert.match(md, /^### obsbench run: ❌ 2 of 3 run\(s\) failed\n/);
  const table = rows(md);
  assert.equal(table.length, 3, 'one row per run');
  assert.deepEqual(table[0].slice(0, 4), ['✅', '1 pass', 'all-good', 'tempo']);
  assert.deepEqual(table[1].slice(0, 3), ['❌', '1 pass, 1 fail, 1 inconclusive', 'a\\|b c']);
  assert.deepEqual(table[2].slice(0, 3), ['❌', 'no thresholds', 'cut']);
  assert.equal(table[2][7], 'partial: the backend died');
  // accepted/s = 594000 items over 60 s; p99 from the fixture's histogram; CPU s per 1M items.
  assert.deepEqual(table[0].slice(4, 7), [
    '9.9K',
    String(Number(passed.latencyMs.p99.toPrecision(3))),
    '161.60',
  ]);
  assert.match(md, /^- ❌ a\\\|b c: `errorRate < 0\.001`: errorRate = 0\.0025, not < 0\.001$/m);
  assert.match(md, /^- ⚠️ a\\\|b c: `compressionRatio >= 10`: /m);
  assert.doesNotMatch(md, /p99LatencyMs < 50`/, 'passed verdicts stay in the counts');
});

test('runs: nothing failed says so in the heading', () => {
  const r = makeRunResult();
  r.verdicts = [];
  assert.match(formatRunsStepSummary([r]), /^### obsbench run: 1 run\(s\), none failed\n/);
});

test('validate: the verdict counts as a heading over the claims table', () => {
  const verdicts = evaluateClaims(CLAIMS, new Map());
  const md = formatValidateStepSummary(verdicts);
  assert.match(md, new RegExp(`^### obsbench validate: ⚠️ ${CLAIMS.length} inconclusive\\n`));
  assert.match(md, /\| claim \| stated \| measured \|/);
  assert.equal(md.split('\n').filter((l) => /^\| [a-z]+\.[a-z0-9_]+:/.test(l)).length, CLAIMS.length);
});
