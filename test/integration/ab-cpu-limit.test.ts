// obsbench ab against the real Collector short of CPU. One unlimited run first measures the cores
// the Collector needs at 10K spans/s on this machine (about a quarter of a core here). A then gets
// twice that, room to spare, and B half of the need: half the CPU the load needs (cgroup CFS quotas).
// B cannot keep up, requests queue for the whole run and its p99 grows by orders of magnitude in
// every run; the A/B must call that worse and exit 1. (B at exactly the need was tried: it is
// saturated but not always behind: in a quiet clean-clone CI run its interval still reached below A.)
// With both sides at A's limit the gated p99 must not be flagged.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { comparedFigure, runAbCli, runCli, tempDir } from '../e2e/cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const scenario = join(dir, 'collector.yaml');
writeFileSync(
  scenario,
  `name: ab-cpu-limit
signal: traces
protocol: otlp-grpc
target: { kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: sink } }
load: { executor: constant-arrival-rate, rate: 10000, duration: 3s, warmup: 1s, batchSize: 100 }
`,
);

const gate = join(dir, 'gate.yaml');
writeFileSync(gate, 'figures:\n  latencyMs.p99: { worse: 10% }\nminRuns: 4\n');

function ab(settings: string[], gateFile?: string) {
  return runAbCli(scenario, settings, {
    repeat: 4,
    gate: gateFile,
    outDir: join(dir, 'out'),
    timeoutMs: 300_000,
  });
}

/** A's CPU limit: twice the cores one unlimited run of the scenario used, in hundredths. */
async function limitA(): Promise<number> {
  const r = await runCli(
    ['run', scenario, '--ceiling', '0', '--json', '--out', join(dir, 'calibrate')],
    120_000,
  );
  assert.equal(r.code, 0, r.stderr);
  const cores = (JSON.parse(r.stdout) as { backend: { coresAvg: number | null } }[])[0].backend.coresAvg;
  assert.ok(cores !== null && cores > 0, `the Collector's cores were measured: ${cores}`);
  return Math.max(0.02, Math.ceil(cores * 200) / 100);
}

let a = 0;

test('a Collector given half the CPU its load needs is caught at the default gate: p99 worse, exit 1', async () => {
  a = await limitA();
  const r = await ab(['--a', `backend-cpu-limit=${a}`, '--b', `backend-cpu-limit=${Math.max(0.01, a / 4)}`]);
  const p99 = comparedFigure(r.comparison, 'latencyMs.p99');
  assert.equal(p99.verdict, 'worse', `${p99.reason}: ${JSON.stringify(p99.change)}`);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(
    r.comparison.regressions.some((x) => x.figure === 'latencyMs.p99'),
    JSON.stringify(r.comparison.regressions),
  );
});

test("the same A/B with both sides at A's limit flags nothing on p99", async () => {
  assert.ok(a > 0, 'the first test measured the limit');
  const r = await ab(['--a', `backend-cpu-limit=${a}`, '--b', `backend-cpu-limit=${a}`], gate);
  assert.notEqual(comparedFigure(r.comparison, 'latencyMs.p99').verdict, 'worse');
  assert.deepEqual(r.comparison.regressions, []);
  assert.equal(r.code, 0, r.stderr);
});
