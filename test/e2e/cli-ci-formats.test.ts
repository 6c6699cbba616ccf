// CI formats from the real CLI against the built-in sink: run --junit with a threshold that fails
// and one that passes, the job summary appended to $GITHUB_STEP_SUMMARY (one row per run, verdicts
// first), progress lines on a non-TTY stderr ("run 2 of 2", no carriage returns or escape codes),
// a --junit path that cannot be written refused at parse time, compare --junit on run
// directories, and ab --junit with its "run N of M (A: ...)" lines.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Rng } from '../../src/generators/random.js';
import { makeRunResult } from '../unit/reporters/fixture.js';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  '@_name': string;
  failure?: { '@_message': string };
  skipped?: { '@_message': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  testcase?: Case[];
}

function readJUnit(file: string): { '@_tests': string; '@_failures': string; testsuite: Suite[] } {
  const xml = readFileSync(file, 'utf8');
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites;
}

function assertPlainLines(stderr: string): void {
  assert.ok(!stderr.includes('\r'), 'no carriage return on a non-TTY stderr');
  assert.ok(!stderr.includes('\u001b'), 'no escape codes on a non-TTY stderr');
}

const SCENARIO = `name: e2e-ci
signal: metrics
load: { executor: constant-arrival-rate, rate: 2000, duration: 2s, warmup: 0s, batchSize: 100 }
expect: ["itemsSent > 0", "achievedRatePerS > 1000000000"]
`;

let runsDir = '';

test('run --junit --repeat 2: a suite per run, the impossible threshold a failure; the step summary gets a row per run', async () => {
  runsDir = join(dir, 'runs');
  const junit = join(dir, 'reports', 'run.xml');
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  const scenario = writeScenario(dir, 'ci.yaml', SCENARIO);
  const r = await runCli(
    ['run', scenario, '--repeat', '2', '--ceiling', '0', '--out', runsDir, '--junit', junit],
    90_000,
    undefined,
    { GITHUB_STEP_SUMMARY: summary },
  );
  assert.equal(r.code, 1, `a failed threshold exits 1: ${r.stderr}`);

  const doc = readJUnit(junit);
  assert.deepEqual(
    doc.testsuite.map((s) => s['@_name']),
    ['e2e-ci (repetition 1/2)', 'e2e-ci (repetition 2/2)'],
  );
  assert.equal(doc['@_tests'], '4');
  assert.equal(doc['@_failures'], '2');
  for (const suite of doc.testsuite) {
    const [sent, rate] = suite.testcase ?? [];
    assert.equal(sent['@_name'], 'itemsSent > 0');
    assert.equal(sent.failure, undefined, 'the passing threshold is a plain test case');
    assert.equal(rate['@_name'], 'achievedRatePerS > 1000000000');
    assert.match(
      rate.failure?.['@_message'] ?? '',
      /^measured \d+(\.\d+)?; expected achievedRatePerS > 1000000000: /,
    );
  }

  const md = readFileSync(summary, 'utf8');
  assert.ok(md.startsWith('# earlier step\n'), 'appended, not overwritten');
  const rows = md.split('\n').filter((line) => /^\| (✅|❌|⚠️) \|/.test(line));
  assert.equal(rows.length, 2, 'one row per run');
  for (const row of rows) assert.match(row, /^\| ❌ \| 1 pass, 1 fail \| e2e-ci \| sink \|/);
  assert.match(md, /^- ❌ e2e-ci: `achievedRatePerS > 1000000000`: /m);

  assert.match(r.stderr, /^run 1 of 2 \(e2e-ci, repetition 1\/2\); elapsed \d+ s$/m);
  assert.match(r.stderr, /^run 2 of 2 \(e2e-ci, repetition 2\/2\); elapsed \d+ s; ~\d+ s left$/m);
  assertPlainLines(r.stderr);
  assert.ok(readdirSync(runsDir).length >= 2);
});

test('run --junit in a directory that cannot be made: refused before anything runs', async () => {
  const file = join(dir, 'not-a-directory');
  writeFileSync(file, '');
  const out = join(dir, 'never-run');
  const scenario = writeScenario(dir, 'bad-junit.yaml', SCENARIO);
  const r = await runCli(
    ['run', scenario, '--ceiling', '0', '--out', out, '--junit', join(file, 'run.xml')],
    30_000,
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--junit: .* cannot be made: .*not-a-directory is a file, not a directory/);
  assert.ok(!existsSync(out), 'no run started');
});

test('compare --junit on run directories: a regression is a failure, too few runs are skipped', async () => {
  assert.ok(runsDir, 'the run test went first');
  const own = join(dir, 'compare-own.xml');
  const r = await runCli(['compare', runsDir, runsDir, '--junit', own], 30_000);
  assert.equal(r.code, 0, r.stderr);
  const doc = readJUnit(own);
  const cases = doc.testsuite[0].testcase ?? [];
  assert.equal(cases.length, 4, 'a case per figure of the default gate');
  // The sink has no process to measure: backend figures are skipped as unmeasured, the others
  // as inconclusive with two runs a side.
  for (const c of cases) {
    const why = c['@_name'].startsWith('backend.')
      ? /^gated figure backend\.\S+ not measured by the base and candidate runs$/
      : /^inconclusive: too few runs \(2 vs 2; 3 needed a side\)/;
    assert.match(c.skipped?.['@_message'] ?? '', why, c['@_name']);
  }

  const sides = ['base', 'slow'].map((side, s) => {
    const rng = new Rng(s + 1);
    for (let i = 0; i < 5; i++) {
      const result = makeRunResult({ name: 'fixture' });
      result.latencyMs = { ...result.latencyMs, p99: rng.lognormal(side === 'base' ? 20 : 30, 0.03) };
      mkdirSync(join(dir, side, `run-${i}`), { recursive: true });
      writeFileSync(join(dir, side, `run-${i}`, 'result.json'), JSON.stringify(result));
    }
    return join(dir, side);
  });
  const junit = join(dir, 'compare.xml');
  const slow = await runCli(['compare', ...sides, '--junit', junit], 30_000);
  assert.equal(slow.code, 1, slow.stderr);
  const gated = readJUnit(junit).testsuite[0];
  assert.equal(gated['@_failures'], '1');
  const p99 = gated.testcase?.find((c) => c['@_name'].startsWith('latencyMs.p99 '));
  assert.match(p99?.failure?.['@_message'] ?? '', /^worse: .*base 2\d.* candidate 3\d.*change \+\d/);

  const bad = await runCli(['compare', ...sides, '--junit', dir], 30_000);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--junit: .* is not a file path/);
});

test('ab --junit: "run N of 2 (A: ...)" lines on stderr and a case per gated figure, skipped with one run a side', async () => {
  const scenario = writeScenario(dir, 'ab.yaml', SCENARIO.replace(/expect: .*\n/, ''));
  const junit = join(dir, 'ab.xml');
  const r = await runCli(
    [
      'ab',
      scenario,
      '--b',
      'load.batchSize=50',
      '--repeat',
      '1',
      '--ceiling',
      '0',
      '--out',
      join(dir, 'ab'),
      '--junit',
      junit,
    ],
    90_000,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^ab: run 1 of 2 \(A: as written\); elapsed \d+ s$/m);
  assert.match(r.stderr, /^ab: run 2 of 2 \(B: load\.batchSize=50\); elapsed \d+ s; ~\d+ s left$/m);
  assertPlainLines(r.stderr);
  const doc = readJUnit(junit);
  assert.equal(doc.testsuite[0].testcase?.length, 4);
  assert.equal(doc.testsuite[0]['@_skipped'], '4', 'one run a side decides nothing');
  const html = /^ab: report (.+)$/m.exec(r.stderr)?.[1];
  assert.ok(html && existsSync(html), `the A/B's report.html is written beside its runs: ${r.stderr}`);
  assert.match(readFileSync(html, 'utf8'), /<html[\s>][\s\S]*comparison/i);
});
