import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import {
  CsvReporter,
  getReporter,
  isReporterName,
  JsonReporter,
  REPORTER_NAMES,
  type ReporterName,
  RUNS_CSV_HEADER,
  runsCsv,
  TIMESERIES_CSV_HEADER,
  timeseriesCsv,
} from '../../../src/reporters/index.js';
import { makeRunResult } from './fixture.js';

const root = await mkdtemp(join(tmpdir(), 'obsbench-reporters-'));
after(() => rm(root, { recursive: true, force: true }));

function parse(csv: string): Record<string, string>[] {
  const [header, ...rows] = csv.trimEnd().split('\n');
  const names = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    assert.equal(cells.length, names.length, row);
    return Object.fromEntries(names.map((name, i) => [name, cells[i]]));
  });
}

test('runs.csv parses back to the header columns and the run figures', () => {
  const a = makeRunResult();
  const b = makeRunResult({ name: 'tempo-slow', wasBottleneck: true });
  b.backend.compressionRatio = null;
  const csv = runsCsv([a, b]);
  assert.deepEqual(csv.split('\n')[0].split(','), RUNS_CSV_HEADER);
  for (const column of [
    'scenario',
    'signal',
    'protocol',
    'seed',
    'status',
    'latencyP999Ms',
    'serviceTimeP99Ms',
    'backendCoresAvg',
    'harnessCeilingItemsPerS',
    'verdictsPassed',
    'verdictsFailed',
  ]) {
    assert.ok(RUNS_CSV_HEADER.includes(column), column);
  }
  const rows = parse(csv);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].run, '1');
  assert.equal(rows[0].scenario, 'tempo-otlp-grpc-10k');
  assert.equal(rows[0].protocol, 'otlp-grpc');
  assert.equal(rows[0].seed, '42');
  assert.equal(rows[0].targetRatePerS, '10000');
  assert.equal(rows[0].itemsAccepted, '594000');
  assert.equal(rows[0].itemsLost, '500');
  assert.equal(rows[0].wireBytes, '61500000');
  assert.equal(Number(rows[0].latencyP99Ms), a.latencyMs.p99);
  assert.equal(Number(rows[0].serviceTimeP50Ms), a.serviceTimeMs.p50);
  assert.equal(rows[0].compressionRatio, '10');
  assert.equal(rows[0].harnessCeilingItemsPerS, '480000');
  assert.equal(rows[0].harnessWasBottleneck, 'false');
  assert.equal(rows[0].verdictsPassed, '1');
  assert.equal(rows[0].verdictsFailed, '1');
  assert.equal(rows[0].verdictsInconclusive, '1');
  assert.equal(rows[1].run, '2');
  assert.equal(rows[1].compressionRatio, ''); // not measured
  assert.equal(rows[1].harnessWasBottleneck, 'true');
});

test('timeseries.csv has one row per run-second', () => {
  const a = makeRunResult();
  const b = makeRunResult({ name: 'other' });
  delete b.timeseries[5].backendCpuCores;
  const rows = parse(timeseriesCsv([a, b]));
  assert.deepEqual(Object.keys(rows[0]), TIMESERIES_CSV_HEADER);
  assert.equal(rows.length, a.timeseries.length + b.timeseries.length);
  const dip = rows.find((row) => row.run === '1' && row.tS === '30');
  assert.deepEqual(dip, {
    run: '1',
    scenario: 'tempo-otlp-grpc-10k',
    tS: '30',
    sentPerS: '10000',
    acceptedPerS: '9500',
    failedPerS: '500',
    latencyP99Ms: '48.5',
    backendCpuCores: String(a.timeseries[30].backendCpuCores),
    backendRssBytes: '542000000',
  });
  assert.equal(rows.find((row) => row.run === '2' && row.tS === '5')?.backendCpuCores, '');
});

test('a scenario name with a comma is quoted, not split', () => {
  const r = makeRunResult({ name: 'tempo, 10k' });
  assert.match(runsCsv([r]).split('\n')[1], /^1,"tempo, 10k",traces,/);
});

test('reporters write their files atomically and return the paths', async () => {
  const results = [makeRunResult(), makeRunResult({ name: 'tempo-slow', wasBottleneck: true })];
  const outDir = join(root, 'out');
  const csvFiles = await new CsvReporter().report(results, { outDir });
  assert.deepEqual(csvFiles, [join(outDir, 'runs.csv'), join(outDir, 'timeseries.csv')]);
  assert.equal(await readFile(csvFiles[0], 'utf8'), runsCsv(results));

  const [summaryPath] = await new JsonReporter().report(results, { outDir });
  assert.equal(summaryPath, join(outDir, 'summary.json'));
  const file = JSON.parse(await readFile(summaryPath, 'utf8'));
  assert.equal(file.summaryVersion, 2);
  const summary = file.runs;
  assert.equal(summary.length, 2);
  assert.equal(summary[0].scenario, 'tempo-otlp-grpc-10k');
  assert.equal(summary[0].load.acceptedRatePerS, 9_900);
  assert.equal(summary[0].latencyMs.p99, results[0].latencyMs.p99);
  assert.equal('hdrBase64' in summary[0].latencyMs, false);
  assert.deepEqual(
    [summary[0].verdicts.passed, summary[0].verdicts.failed, summary[0].verdicts.inconclusive],
    [1, 1, 1],
  );
  assert.equal(summary[1].harness.wasBottleneck, true);
  assert.deepEqual(
    file.repeats.map((r: { scenario: string; runs: number }) => [r.scenario, r.runs]),
    [
      ['tempo-otlp-grpc-10k', 1],
      ['tempo-slow', 1],
    ],
  );
  assert.equal(file.repeats[0].figures['latencyMs.p99'].median, results[0].latencyMs.p99);
  assert.deepEqual((await readdir(outDir)).sort(), ['runs.csv', 'summary.json', 'timeseries.csv']);
});

test('registry: every name gives its reporter; unknown names are a usage error', () => {
  assert.deepEqual(REPORTER_NAMES, ['json', 'csv', 'html']);
  for (const name of REPORTER_NAMES) assert.equal(getReporter(name).name, name);
  assert.equal(isReporterName('csv'), true);
  assert.equal(isReporterName('toString'), false);
  assert.throws(
    () => getReporter('xml' as ReporterName),
    (e) => isObsbenchError(e) && e.code === 'E_USAGE' && /json, csv/.test(e.message),
  );
});
