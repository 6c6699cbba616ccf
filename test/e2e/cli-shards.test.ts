// Shards merge exactly: four `obsbench run --shard I/4` processes at 40K items/s in all, into one
// standalone sink, for traces, metrics and logs, then `obsbench merge`. The merged counts equal
// what the sink counted, the merged p99 is the p99 of the union of the shards' histograms, and
// the per-second series sums the shards' on seconds that line up. Then the merge's bad input,
// each refused in one line with exit 2, using copies of these real shard results.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { LatencyHistogram } from '../../src/stats/latency-histogram.js';
import { CLI, type CliRun, runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
const SHARDS = 4;
const TOTAL_RATE_PER_S = 40_000;
const DURATION_S = 4;
/** Four processes start on two shared cores: the shards' workers must be up before the start. */
const START_LEAD_S = 8;
const RUN_TIMEOUT_MS = 60_000;

type Counters = Record<'traces' | 'metrics' | 'logs', { items: number }>;

let sink: ChildProcess;
let sinkUrl = '';
let sinkLines: string[] = [];

before(async () => {
  sink = spawn(
    process.execPath,
    [CLI, 'sink', '--port', '0', '--grpc-port', '0', '--json', '--interval', '3600'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  sinkUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    sink.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      sinkLines = text.split('\n').filter((l) => l !== '');
      const found = /OTLP\/HTTP (http:\/\/\S+)/.exec(text);
      if (found) resolve(found[1]);
    });
    sink.once('exit', () => reject(new Error(`the sink exited early: ${text}`)));
  });
});

after(() => {
  if (sink.exitCode === null) sink.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Stops the sink; its last line is its counters. */
async function stopSink(): Promise<Counters> {
  const exited = new Promise((resolve) => sink.once('exit', resolve));
  sink.kill('SIGTERM');
  await exited;
  return JSON.parse(sinkLines[sinkLines.length - 1]) as Counters;
}

const SCENARIOS = {
  traces: 'signal: traces\nprotocol: otlp-http\ncompression: gzip',
  // Gauges and sums only: remote write sends one sample per point (a histogram point is many).
  metrics:
    'signal: metrics\nprotocol: prometheus-remote-write\ncompression: snappy\nshape: { series: 2000, kinds: { gauge: 0.5, sum: 0.5 } }',
  logs: 'signal: logs\nprotocol: otlp-http\ncompression: gzip\nshape: { streams: 64 }',
} as const;
type Signal = keyof typeof SCENARIOS;

function scenarioFile(signal: Signal): string {
  return writeScenario(
    dir,
    `${signal}.yaml`,
    `name: shards-${signal}
${SCENARIOS[signal]}
target: { kind: sink, endpoint: "${sinkUrl}" }
seed: 11
load: { executor: constant-arrival-rate, rate: ${TOTAL_RATE_PER_S}, duration: ${DURATION_S}s, warmup: 0s, batchSize: 200, workers: 1 }
expect:
  - itemsFailed == 0
`,
  );
}

const read = (file: string): RunResult => JSON.parse(readFileSync(file, 'utf8')) as RunResult;

/** Every shard's result.json under `outDir`, by shard index. */
function shardResults(outDir: string): { file: string; result: RunResult }[] {
  return readdirSync(outDir)
    .map((d) => join(outDir, d, 'result.json'))
    .map((file) => ({ file, result: read(file) }))
    .sort((a, b) => (a.result.shard?.index ?? 0) - (b.result.shard?.index ?? 0));
}

const runs = new Map<
  Signal,
  { shards: { file: string; result: RunResult }[]; merged: RunResult; mergeRun: CliRun }
>();

async function runShards(signal: Signal): Promise<void> {
  const file = scenarioFile(signal);
  const outDir = join(dir, signal);
  const startAt = ((Date.now() + START_LEAD_S * 1000) / 1000).toFixed(3);
  const shardRuns = await Promise.all(
    Array.from({ length: SHARDS }, (_, i) =>
      runCli(
        [
          'run',
          file,
          '--shard',
          `${i}/${SHARDS}`,
          '--start-at',
          startAt,
          '--run-id',
          `shards-${signal}`,
          '--ceiling',
          '0',
          '--out',
          outDir,
        ],
        RUN_TIMEOUT_MS,
      ),
    ),
  );
  for (const [i, r] of shardRuns.entries()) assert.equal(r.code, 0, `shard ${i}: ${r.stderr}${r.stdout}`);
  const mergedDir = join(dir, `${signal}-merged`);
  const mergeRun = await runCli(['merge', outDir, '--out', mergedDir], RUN_TIMEOUT_MS);
  assert.equal(mergeRun.code, 0, mergeRun.stderr + mergeRun.stdout);
  runs.set(signal, { shards: shardResults(outDir), merged: read(join(mergedDir, 'result.json')), mergeRun });
}

test('four shards per signal run into one sink and merge', { timeout: 240_000 }, async () => {
  for (const signal of Object.keys(SCENARIOS) as Signal[]) await runShards(signal);
  const counted = await stopSink();
  for (const [signal, { shards, merged, mergeRun }] of runs) {
    const what = `${signal}:`;
    assert.equal(shards.length, SHARDS, what);
    assert.deepEqual(
      shards.map((s) => s.result.shard?.index),
      [0, 1, 2, 3],
      what,
    );
    for (const s of shards) {
      assert.equal(
        s.result.load.targetRatePerS,
        TOTAL_RATE_PER_S / SHARDS,
        `${what} a shard's target is its share`,
      );
      assert.equal(
        s.result.load.droppedSchedules,
        0,
        `${what} shard ${s.result.shard?.index} dropped schedules`,
      );
      // Thresholds are the whole run's: judged on the merge, not on a shard's share.
      assert.deepEqual(s.result.verdicts, [], what);
      assert.deepEqual(
        s.result.shard?.expect.map((t) => t.source),
        ['itemsFailed == 0'],
        what,
      );
      // Planned on one clock, and actually on time: sending in its first second, schedules under 1 s late.
      assert.ok(
        s.result.timeseries[0].sentPerS > 0,
        `${what} shard ${s.result.shard?.index} sent in second 0`,
      );
      assert.ok(
        s.result.harness.scheduleLagP99Ms < 1000,
        `${what} lag ${s.result.harness.scheduleLagP99Ms} ms`,
      );
    }
    // Counts: the merge sums the shards, and the sum is what the sink itself counted.
    assert.equal(
      merged.load.itemsSent,
      counted[signal].items,
      `${what} merged itemsSent vs the sink's count`,
    );
    assert.equal(
      merged.load.itemsAccepted,
      counted[signal].items,
      `${what} merged itemsAccepted vs the sink's count`,
    );
    assert.equal(merged.load.itemsSent, TOTAL_RATE_PER_S * DURATION_S, `${what} the whole plan was sent`);
    assert.equal(merged.load.targetRatePerS, TOTAL_RATE_PER_S, what);
    assert.equal(
      merged.load.requests,
      shards.reduce((n, s) => n + s.result.load.requests, 0),
      what,
    );
    // Latency: the merged summary is the union of the shards' HDR histograms.
    const union = new LatencyHistogram();
    for (const s of shards) union.merge(s.result.latencyMs.hdrBase64);
    assert.equal(merged.latencyMs.count, union.count, what);
    assert.equal(merged.latencyMs.p99, union.summary().p99, `${what} merged p99 vs the union's`);
    assert.equal(merged.latencyMs.p50, union.summary().p50, what);
    // Seconds: the shards started together, and each merged second sums theirs.
    assert.ok(merged.merged, what);
    assert.ok(merged.merged.startSpreadMs < 1000, `${what} starts ${merged.merged.startSpreadMs} ms apart`);
    assert.deepEqual(merged.merged.shardsMissing, [], what);
    for (const point of merged.timeseries) {
      const shardSum = shards.reduce((n, s) => n + (s.result.timeseries[point.tS]?.sentPerS ?? 0), 0);
      assert.equal(point.sentPerS, shardSum, `${what} second ${point.tS}`);
    }
    assert.equal(
      merged.timeseries.reduce((n, p) => n + p.sentPerS, 0),
      merged.load.itemsSent,
      what,
    );
    // Thresholds are evaluated on the merged figures.
    assert.equal(merged.verdicts.length, 1, what);
    assert.equal(merged.verdicts[0].state, 'pass', what);
    assert.equal(merged.status, 'complete', what);
    assert.match(mergeRun.stdout, /NOTE +shards-\w+: Merged from 4 of 4 shards/, what);
  }
});

test('the merged result is read by report and compare like any other', { timeout: 120_000 }, async () => {
  const mergedDir = join(dir, 'traces-merged');
  const html = join(dir, 'merged.html');
  const report = await runCli(['report', mergedDir, '--html', html], RUN_TIMEOUT_MS);
  assert.equal(report.code, 0, report.stderr);
  assert.match(
    readFileSync(html, 'utf8'),
    /Merged from 4 of 4 shards of run shards-traces, whose measured phases began within \d+ ms/,
  );
  const compare = await runCli(['compare', mergedDir, mergedDir], RUN_TIMEOUT_MS);
  assert.equal(compare.code, 0, compare.stderr + compare.stdout);
  assert.match(compare.stdout, /shards-traces/);
});

/** Copies of the traces shards, changed by `edit`, as the merge's inputs. */
function shardCopies(name: string, edit: (results: RunResult[]) => void): string[] {
  const copyDir = join(dir, name);
  const files = shardResults(join(dir, 'traces')).map((s) => s.file);
  const results = files.map(read);
  edit(results);
  return results.map((result, i) => {
    const file = join(copyDir, `shard-${i}`, 'result.json');
    cpSync(files[i], file);
    writeFileSync(file, JSON.stringify(result));
    return file;
  });
}

async function refused(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(['merge', ...args, '--out', join(dir, 'refused')], RUN_TIMEOUT_MS);
  assert.equal(r.code, 2, `exit 2: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
}

test('merge refuses shards of another scenario, run or count, a shard twice, and a missing shard', {
  timeout: 120_000,
}, async () => {
  const traces = shardResults(join(dir, 'traces')).map((s) => s.file);
  const metrics = shardResults(join(dir, 'metrics')).map((s) => s.file);
  await refused(
    [...traces.slice(0, 3), metrics[3]],
    /run id "shards-metrics", but .* has "shards-traces"; merge the shards of one run only/,
  );
  const otherScenario = shardCopies('other-scenario', (rs) => {
    rs[2].scenario.hash = 'ffffffffffffffff';
  });
  await refused(
    otherScenario,
    /scenario "shards-traces \(ffffffffffffffff\)", but .*; merge the shards of one run only/,
  );
  const otherCount = shardCopies('other-count', (rs) => {
    if (rs[1].shard) rs[1].shard.count = 5;
  });
  await refused(otherCount, /shard count 5, but .* has 4/);
  await refused(
    [...traces, traces[2]],
    /shard 2 of 4 is given twice: .* and .*; give each shard's result once/,
  );
  await refused(traces.slice(0, 3), /shard\(s\) 3 of 4 missing \(have 0, 1, 2\); .* --allow-missing/);
  await refused([join(dir, 'traces-merged', 'result.json')], /not a shard's result/);
});

test('merge --allow-missing merges what is there, names what is missing, and marks the result partial', {
  timeout: 60_000,
}, async () => {
  const traces = shardResults(join(dir, 'traces'));
  const out = join(dir, 'partial-merge');
  const r = await runCli(
    ['merge', traces[0].file, traces[2].file, '--allow-missing', '--out', out],
    RUN_TIMEOUT_MS,
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stdout,
    /NOTE +shards-traces: Merged from 2 of 4 shards of run shards-traces, .*; missing: shard\(s\) 1, 3\./,
  );
  const merged = read(join(out, 'result.json'));
  assert.equal(merged.status, 'partial');
  assert.match(merged.statusReason, /shard\(s\) 1, 3 of 4 missing/);
  assert.deepEqual(merged.merged?.shardsMissing, [1, 3]);
  assert.equal(merged.load.itemsSent, traces[0].result.load.itemsSent + traces[2].result.load.itemsSent);
});
