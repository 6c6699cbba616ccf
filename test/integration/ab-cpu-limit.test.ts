// obsbench ab against the real Collector given half the CPU: at 10K spans/s it needs about a
// quarter of a core, so with A at half a core and B at a quarter (cgroup CFS quotas) B is
// saturated and its p99 grows tenfold; the A/B must call that worse and exit 1. With both sides
// at half a core it must flag nothing.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Comparison } from '../../src/compare/compare.js';
import { runAbCli, tempDir } from '../e2e/cli-helpers.js';

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

function ab(...settings: string[]) {
  return runAbCli(scenario, settings, { repeat: 4, outDir: join(dir, 'out'), timeoutMs: 300_000 });
}

function figure(c: Comparison, id: string) {
  const found = c.scenarios[0].figures.find((f) => f.id === id);
  assert.ok(found, `${id} was measured on both sides`);
  return found;
}

test('a Collector given half the CPU of A is caught at the default gate: p99 worse, exit 1', async () => {
  const r = await ab('--a', 'backend-cpu-limit=0.5', '--b', 'backend-cpu-limit=0.25');
  const p99 = figure(r.comparison, 'latencyMs.p99');
  assert.equal(p99.verdict, 'worse', `${p99.reason}: ${JSON.stringify(p99.change)}`);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(
    r.comparison.regressions.some((x) => x.figure === 'latencyMs.p99'),
    JSON.stringify(r.comparison.regressions),
  );
});

test('the same A/B with both sides at half a core flags nothing', async () => {
  const r = await ab('--a', 'backend-cpu-limit=0.5', '--b', 'backend-cpu-limit=0.5');
  assert.notEqual(figure(r.comparison, 'latencyMs.p99').verdict, 'worse');
  assert.deepEqual(r.comparison.regressions, []);
  assert.equal(r.code, 0, r.stderr);
});
