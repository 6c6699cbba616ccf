// The other report pages and how `obsbench report` tells its inputs apart: a comparison (with both
// sides' runs overlaid when they are found), a capacity search, claim verdicts; and bad input
// refused with one message naming the file and what was expected.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CapacityReport } from '../../../src/capacity/run-capacity.js';
import { searchCapacity } from '../../../src/capacity/search.js';
import { CLAIMS } from '../../../src/claims/catalog.js';
import { evaluateClaims } from '../../../src/claims/evaluate.js';
import { compareInputs } from '../../../src/compare/compare.js';
import { DEFAULT_GATE } from '../../../src/compare/gate.js';
import { readCompareInput } from '../../../src/compare/inputs.js';
import { isObsbenchError } from '../../../src/errors.js';
import { readHtmlInput, readHtmlInputs } from '../../../src/reporters/html/inputs.js';
import { renderHtmlReport } from '../../../src/reporters/html/report.js';
import { makeRunResult } from './fixture.js';
import {
  capacityAbFixture,
  capacityFixture,
  embeddedData,
  pageFigures,
  verdictsFixture,
} from './html-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'obsbench-html-kinds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function runs(side: string, p99Scale: number, n: number): string {
  for (let i = 0; i < n; i++) {
    const r = makeRunResult({ name: 'scenario-x' });
    r.latencyMs = { ...r.latencyMs, p99: r.latencyMs.p99 * p99Scale * (1 + i / 100) };
    r.timeseries = r.timeseries.slice(0, 50 + i);
    mkdirSync(join(dir, side, `run-${i}`), { recursive: true });
    writeFileSync(join(dir, side, `run-${i}`, 'result.json'), JSON.stringify(r));
  }
  return join(dir, side);
}

test('comparison: figure table with both medians, change and verdict; both sides overlaid per second', () => {
  const base = runs('base', 1, 5);
  const cand = runs('cand', 1.5, 5);
  const comparison = compareInputs(readCompareInput(base), readCompareInput(cand), DEFAULT_GATE);
  const file = join(dir, 'comparison.json');
  writeFileSync(file, JSON.stringify(comparison));
  const input = readHtmlInput(file);
  assert.equal(input.kind, 'comparison');
  assert.ok(input.kind === 'comparison' && input.runs, 'the runs of both sides were found');
  assert.equal(input.runs.base.length, 5);
  const html = renderHtmlReport([input]);
  const figures = comparison.scenarios[0].figures;
  for (const side of ['base', 'cand'] as const) {
    const shown = pageFigures(html, side);
    for (const f of figures) assert.equal(shown.get(f.id), String(f[side].median), `${side} ${f.id}`);
  }
  const p99 = figures.find((f) => f.id === 'latencyMs.p99');
  assert.equal(p99?.verdict, 'worse');
  assert.match(html, /<span class="badge v-worse">worse<\/span>/);
  assert.match(html, /1 regression\(s\)/);
  const charts = embeddedData(html).charts;
  assert.deepEqual(
    charts.map((c) => c.id),
    ['i0-cmp-0-accepted', 'i0-cmp-0-latency'],
  );
  // Seconds 0..53 (the longest run), one series per run of each side.
  assert.equal(charts[0].x.values.length, 54);
  assert.equal(charts[0].series.length, 10);
  assert.equal(charts[0].series[0].values[53], null, 'a shorter run leaves a gap, not a zero');
  assert.deepEqual(embeddedData(html).source[0].data, comparison);
});

test('an ab directory is read by its comparison.json; runs moved with it are still found beside it', () => {
  const ab = join(dir, 'ab');
  mkdirSync(ab);
  const a = runs('ab/a', 1, 2);
  const b = runs('ab/b', 1, 2);
  const comparison = compareInputs(readCompareInput(a), readCompareInput(b), DEFAULT_GATE, {
    expectOtherScenario: true,
  });
  const variants = { a: { side: 'a', description: 'v1.1' }, b: { side: 'b', description: 'v1.2' } };
  // As if the directory had been copied from another machine: the recorded paths are gone.
  writeFileSync(
    join(ab, 'comparison.json'),
    JSON.stringify({ ...variants, ...comparison, base: '/gone/a', cand: '/gone/b' }),
  );
  const input = readHtmlInput(ab);
  assert.ok(input.kind === 'comparison' && input.runs !== null);
  const html = renderHtmlReport([input]);
  assert.match(html, /A \(v1\.1\) median/);
});

test('capacity: the curve by rate, sustained rate marked, and its figures', async () => {
  const limit = 70_000;
  const outcome = await searchCapacity(
    async (ratePerS) => ({
      ratePerS,
      acceptedShare: ratePerS > limit ? limit / ratePerS : 1,
      achievedRatePerS: Math.min(ratePerS, limit),
      p99Ms: ratePerS > limit ? 900 : 20,
      droppedSchedules: 0,
      harnessLimited: false,
      backendCoresAvg: Math.min(1, ratePerS / limit),
      incompleteReason: '',
      resultPath: `steps/${ratePerS}/result.json`,
    }),
    {
      startRatePerS: 10_000,
      maxRatePerS: 1e6,
      maxSteps: 8,
      precision: 0.05,
      criteria: { minAcceptedShare: 0.999, sloP99Ms: 100 },
    },
  );
  const best = outcome.maxSustainableRatePerS;
  assert.ok(best !== null);
  const report: CapacityReport = {
    ...capacityFixture(outcome.curve),
    stoppedBy: outcome.stoppedBy,
    maxSustainableRatePerS: best,
    itemsPerSPerCore: best,
    conclusion: `${best} items/s sustained`,
  };
  const file = join(dir, 'capacity.json');
  writeFileSync(file, JSON.stringify(report));
  const html = renderHtmlReport([readHtmlInput(file)]);
  const charts = embeddedData(html).charts as { x: { values: number[] }; markX?: { value: number } }[];
  assert.equal(charts.length, 2);
  for (const c of charts) {
    assert.equal(c.x.values.length, outcome.curve.length);
    assert.deepEqual(
      c.x.values,
      [...c.x.values].sort((x, y) => x - y),
      'by rate, not in search order',
    );
    assert.equal(c.markX?.value, best);
  }
  const shown = pageFigures(html);
  assert.equal(shown.get('maxSustainableRatePerS'), String(best));
  assert.equal(shown.get('itemsPerCoreSecondUsed'), '');
});

test('validate: one row per claim with its verdict and measured figure', () => {
  const r = makeRunResult();
  const verdicts = evaluateClaims(CLAIMS, new Map([['victoriametrics-remote-write', { result: r }]]));
  const file = join(dir, 'verdicts.json');
  writeFileSync(file, JSON.stringify(verdicts));
  const html = renderHtmlReport(readHtmlInputs([file]));
  const shown = pageFigures(html);
  assert.equal(shown.size, CLAIMS.length);
  for (const v of verdicts) {
    assert.equal(shown.get(v.id), v.measured === null ? '' : String(v.measured));
    assert.ok(html.includes(`<span class="badge v-${v.verdict}">`));
  }
});

test('validate: a unit that already says "per core" is not followed by another "per core"', () => {
  const file = join(dir, 'per-core-verdicts.json');
  writeFileSync(file, JSON.stringify(verdictsFixture()));
  const html = renderHtmlReport(readHtmlInputs([file]));
  assert.match(html, /<td>850K samples\/s per core<\/td>/);
  assert.equal(html.includes('per core per core'), false);
  assert.match(html, /\[800K, 900K\] over 3 runs/);
});

test("capacity A/B: each side's sustained rate with its interval and searches, and the ratio B / A", () => {
  const abDir = join(dir, 'capacity-ab');
  mkdirSync(abDir);
  const c = capacityAbFixture();
  writeFileSync(join(abDir, 'capacity-ab.json'), JSON.stringify(c));
  const input = readHtmlInput(abDir);
  assert.equal(input.kind, 'capacity-ab');
  const html = renderHtmlReport([input]);
  assert.equal(pageFigures(html, 'a').get('sustainedRatePerS'), '20000');
  assert.equal(pageFigures(html, 'b').get('sustainedRatePerS'), '24000');
  assert.equal(pageFigures(html).get('ratio'), '1.2');
  assert.match(html, /\[1\.100, 1\.300\] \(95% bootstrap interval\)/);
  assert.match(html, /B sustains more than A: the whole interval is above 1\./);
  assert.match(html, /<td>23K, 24K, 25K<\/td>/);
  assert.match(html, /<title>obsbench capacity A\/B: vm<\/title>/);
  assert.deepEqual(embeddedData(html).source[0], { kind: 'capacity-ab', data: c });
  const none = { ...c, b: { ...c.b, sustainedRatePerS: null, unsustained: 3 }, ratio: null };
  const without = renderHtmlReport([{ kind: 'capacity-ab', comparison: none }]);
  assert.equal(pageFigures(without, 'b').get('sustainedRatePerS'), '');
  assert.equal(pageFigures(without).get('ratio'), '');
  assert.match(without, /No ratio: a sustained rate was not found on both sides\./);
});

test('several run inputs share one runs section; other kinds keep their own', () => {
  const inputs = readHtmlInputs([join(dir, 'base', 'run-0'), join(dir, 'cand'), join(dir, 'verdicts.json')]);
  assert.deepEqual(
    inputs.map((i) => i.kind),
    ['runs', 'validate'],
  );
  assert.equal(inputs[0].kind === 'runs' && inputs[0].results.length, 6);
});

test('bad input: missing, not JSON, of no known kind or missing a field, each named with what was expected', () => {
  const notJson = join(dir, 'broken.json');
  writeFileSync(notJson, '{"schemaVersion": 1, "scen');
  const unknown = join(dir, 'unknown.json');
  writeFileSync(unknown, '{"hello": "world"}');
  const partial = join(dir, 'partial-comparison.json');
  writeFileSync(
    partial,
    JSON.stringify({
      base: 'a',
      cand: 'b',
      gate: 'g',
      unpaired: [],
      regressions: [],
      scenarios: [{ scenario: 's', baseRuns: 1, candRuns: 1, caveats: [], figures: [{ id: 'x' }] }],
    }),
  );
  const noSeries = join(dir, 'no-series.json');
  const { timeseries: _ts, ...withoutSeries } = makeRunResult();
  writeFileSync(noSeries, JSON.stringify(withoutSeries));
  const cases: [string, RegExp][] = [
    [
      noSeries,
      /no-series\.json: timeseries is missing, expected an array; rerun the scenario or fix the file$/,
    ],
    [join(dir, 'nope.json'), /nope\.json: no such file or directory/],
    [notJson, /broken\.json: not valid JSON .*expected a result\.json/],
    [
      unknown,
      /unknown\.json: not a report input \(expected a result\.json, a run or suite directory, a comparison\.json/,
    ],
    [
      partial,
      /partial-comparison\.json: scenarios\[0\]\.figures\[0\]: label is missing, expected a string; write it again with obsbench compare --json/,
    ],
  ];
  for (const [path, message] of cases) {
    assert.throws(
      () => readHtmlInput(path),
      (e) => isObsbenchError(e) && e.exitCode === 2 && message.test(e.message) && !e.message.includes('\n'),
      path,
    );
  }
});
