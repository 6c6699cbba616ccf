// The HTML report in a real browser (Debian's chromium via playwright-core): a run's report.html
// as `obsbench run` writes it, a comparison page and a capacity page made by `obsbench report`
// from a real compare and a real capacity search of a managed VictoriaMetrics, and a capacity A/B
// page from a capacity-ab.json. Each page loads with no error and no request but its own file,
// every chart drew the points its data holds, the figures in its tables are the result's, and it
// fits a 390 px phone. Screenshots of each go to
// $TMPDIR/obsbench-e2e-html-report/ (replaced on every run) for a look.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { CapacityReport } from '../../src/capacity/run-capacity.js';
import type { Comparison } from '../../src/compare/compare.js';
import { figuresOf } from '../../src/model/figures.js';
import type { RunResult } from '../../src/model/run-result.js';
import { capacityAbFixture } from '../unit/reporters/html-helpers.js';
import { LAPTOP, launchChromium, type PageVisit, PHONE, visit } from './browser.js';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
const shots = join(tmpdir(), 'obsbench-e2e-html-report');
let browser: Browser;

before(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The only subdirectory of `parent` (each command here writes one). */
function onlyDir(parent: string): string {
  const entries = readdirSync(parent, { withFileTypes: true }).filter((e) => e.isDirectory());
  assert.equal(entries.length, 1, `${parent}: ${entries.map((e) => e.name).join(', ')}`);
  return join(parent, entries[0].name);
}

async function sinkRun(name: string): Promise<{ runDir: string; result: RunResult }> {
  const out = join(dir, name);
  const scenario = writeScenario(
    dir,
    'sink.yaml',
    `name: sink-traces-report
signal: traces
target: sink
protocol: otlp-http
compression: gzip
shape: { services: 4, spansPerTrace: 8 }
load: { executor: constant-arrival-rate, rate: 2000, duration: 4s, warmup: 1s, batchSize: 100 }
expect:
  - p99LatencyMs < 5000
`,
  );
  const r = await runCli(['run', scenario, '--ceiling', '0', '--out', out], 60_000);
  // The page is what is tested: a threshold missed on a loaded machine (exit 1) still writes it.
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const runDir = onlyDir(out);
  return { runDir, result: JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult };
}

/** Points of the percentile axis for `count` samples: 10 a decade from p0, up to p90 at least and 99.9999% at most. */
function percentilePoints(count: number): number {
  return Math.floor(Math.log10(Math.min(1e6, Math.max(10, count))) * 10 + 1e-9) + 1;
}

/** Loads the page on a laptop and a phone; no error, no request but the file, no overflow on the phone. */
async function checkPage(file: string, name: string): Promise<PageVisit> {
  const laptop = await visit(browser, file, LAPTOP, { path: join(shots, `${name}-laptop.png`) });
  const phone = await visit(browser, file, PHONE, { path: join(shots, `${name}-phone.png`) });
  for (const [where, v] of [
    ['laptop', laptop],
    ['phone', phone],
  ] as const) {
    assert.deepEqual(v.errors, [], `${name} (${where}): console or page errors`);
    assert.deepEqual(v.requests, [pathToFileURL(file).href], `${name} (${where}): requests beyond the file`);
    assert.equal(v.canvasWidths.length, v.charts.length, `${name} (${where}): one canvas per chart`);
    for (const width of v.canvasWidths) assert.ok(width > 0, `${name}: a chart has no width`);
  }
  assert.ok(
    phone.scrollWidth <= phone.innerWidth,
    `${name}: ${phone.scrollWidth} px wide on a ${phone.innerWidth} px phone`,
  );
  assert.deepEqual(phone.charts, laptop.charts, `${name}: the phone draws the same charts`);
  assert.ok(existsSync(join(shots, `${name}-laptop.png`)));
  return laptop;
}

function chartPoints(v: PageVisit): Record<string, number> {
  return Object.fromEntries(v.charts.map((c) => [c.id, c.points]));
}

/** `make`'s answer, made once on first use, so each test runs alone (--test-name-pattern) or after the others. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

const runA = once(() => sinkRun('run-a'));
const runB = once(() => sinkRun('run-b'));

test('a run writes report.html beside summary.json; its charts and figures are the result', async () => {
  const first = await runA();
  const file = join(first.runDir, 'report.html');
  assert.ok(existsSync(join(first.runDir, 'summary.json')) && existsSync(file));
  const v = await checkPage(file, 'run');
  const r = first.result;
  assert.ok(r.timeseries.length >= 3, `${r.timeseries.length} seconds`);
  assert.deepEqual(chartPoints(v), {
    'i0-run-0-throughput': r.timeseries.length,
    'i0-run-0-latency': r.timeseries.length,
    'i0-run-0-distribution': percentilePoints(Math.max(r.latencyMs.count, r.serviceTimeMs.count)),
  });
  const expected = figuresOf(r).map((f) => [f.id, undefined, f.value === null ? '' : String(f.value)]);
  assert.deepEqual(v.figures, expected);
});

test('obsbench report of a comparison: both medians per figure, both runs overlaid per second', async () => {
  const first = await runA();
  const second = await runB();
  const c = await runCli(['compare', first.runDir, second.runDir, '--json'], 30_000);
  // One run a side decides nothing, but a figure judged worse (exit 1) still writes the comparison.
  assert.ok(c.code === 0 || c.code === 1, `exit ${c.code}: ${c.stderr}`);
  const comparisonFile = join(dir, 'comparison.json');
  writeFileSync(comparisonFile, c.stdout);
  const comparison = JSON.parse(c.stdout) as Comparison;
  const html = join(dir, 'comparison.html');
  const r = await runCli(['report', comparisonFile, '--html', html], 30_000);
  assert.equal(r.code, 0, r.stderr);
  const v = await checkPage(html, 'comparison');
  const seconds = new Set([...first.result.timeseries, ...second.result.timeseries].map((p) => p.tS)).size;
  assert.deepEqual(chartPoints(v), { 'i0-cmp-0-accepted': seconds, 'i0-cmp-0-latency': seconds });
  const expected = comparison.scenarios[0].figures.flatMap((f) => [
    [f.id, 'base', String(f.base.median)],
    [f.id, 'cand', String(f.cand.median)],
  ]);
  assert.deepEqual(
    [...v.figures].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
    expected.sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
  );
});

test('obsbench report of a capacity search of a managed VictoriaMetrics: the curve, sustained rate marked', async () => {
  const scenario = writeScenario(
    dir,
    'vm-capacity.yaml',
    `name: vm-capacity
signal: metrics
target: { kind: victoriametrics, managed: true }
protocol: otlp-http
compression: gzip
shape: { series: 2000, metricNames: 20, kinds: { gauge: 0.5, sum: 0.5 } }
load: { executor: constant-arrival-rate, rate: 2000, duration: 2s, warmup: 1s, batchSize: 200 }
`,
  );
  const out = join(dir, 'capacity');
  const cap = await runCli(
    [
      'capacity',
      scenario,
      '--cores',
      '1',
      '--step',
      '2s',
      '--warmup',
      '1s',
      '--max-steps',
      '2',
      '--slo-p99-ms',
      '5000',
      '--out',
      out,
    ],
    240_000,
  );
  assert.ok(cap.code === 0 || cap.code === 1, cap.stderr);
  const capDir = onlyDir(out);
  const report = JSON.parse(readFileSync(join(capDir, 'capacity.json'), 'utf8')) as CapacityReport;
  // Two steps, or one when the first was harness-limited (schedule lag on a loaded machine).
  assert.ok(report.curve.length === 1 || report.curve.length === 2, `${report.curve.length} steps`);
  const html = join(dir, 'capacity.html');
  const r = await runCli(['report', capDir, '--html', html], 30_000);
  assert.equal(r.code, 0, r.stderr);
  const v = await checkPage(html, 'capacity');
  const steps = report.curve.length;
  assert.deepEqual(chartPoints(v), { 'i0-cap-curve': steps, 'i0-cap-cores': steps });
  const value = (x: number | null): string => (x === null ? '' : String(x));
  assert.deepEqual(v.figures, [
    ['maxSustainableRatePerS', undefined, value(report.maxSustainableRatePerS)],
    ['itemsPerSPerCore', undefined, value(report.itemsPerSPerCore)],
    ['itemsPerCoreSecondUsed', undefined, value(report.itemsPerCoreSecondUsed)],
  ]);
});

test('obsbench report of a capacity A/B directory: the table of both sides and the ratio', async () => {
  const abDir = join(dir, 'capacity-ab');
  mkdirSync(abDir);
  const c = capacityAbFixture();
  writeFileSync(join(abDir, 'capacity-ab.json'), JSON.stringify(c));
  const html = join(dir, 'capacity-ab.html');
  const r = await runCli(['report', abDir, '--html', html], 30_000);
  assert.equal(r.code, 0, r.stderr);
  const v = await checkPage(html, 'capacity-ab');
  assert.deepEqual(chartPoints(v), {});
  assert.deepEqual(v.figures, [
    ['ratio', undefined, String(c.ratio?.value)],
    ['sustainedRatePerS', 'a', String(c.a.sustainedRatePerS?.median)],
    ['sustainedRatePerS', 'b', String(c.b.sustainedRatePerS?.median)],
  ]);
});

test('obsbench report: a missing or corrupt input is one line naming it, exit 2', async () => {
  const corrupt = join(dir, 'corrupt.json');
  writeFileSync(corrupt, '{"curve": [');
  for (const args of [
    ['report', join(dir, 'missing.json'), '--html', join(dir, 'x.html')],
    ['report', corrupt, '--html', join(dir, 'x.html')],
    ['report', join(dir, 'any-input')],
  ]) {
    const r = await runCli(args, 30_000);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /missing\.json|corrupt\.json|--html/);
  }
  assert.equal(existsSync(join(dir, 'x.html')), false);
});
