// obsbench ab against the real Collector: B adds a batch processor in front of the exporter, so
// the latency to the downstream sink grows by about its 200 ms timeout; the A/B must call that
// worse and exit 1. The same A/B with B = A must not flag anything.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { comparedFigure, runAbCli, tempDir } from '../e2e/cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const scenario = join(dir, 'collector.yaml');
writeFileSync(
  scenario,
  `name: ab-collector
signal: traces
protocol: otlp-grpc
target: { kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: sink } }
load: { executor: constant-arrival-rate, rate: 2000, duration: 3s, warmup: 1s, batchSize: 100 }
`,
);
const gate = join(dir, 'gate.yaml');
writeFileSync(gate, 'figures:\n  downstream.latencyMs.p99: { worse: 20% }\nminRuns: 4\n');

function ab(...settings: string[]) {
  return runAbCli(scenario, settings, { repeat: 4, gate, outDir: join(dir, 'out'), timeoutMs: 300_000 });
}

test('a batch processor in B is caught: downstream p99 worse, exit 1', async () => {
  const r = await ab('--b', 'target.pipeline=batch');
  const p99 = comparedFigure(r.comparison, 'downstream.latencyMs.p99');
  assert.equal(p99.verdict, 'worse', `${p99.reason}: ${JSON.stringify(p99.change)}`);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.comparison.regressions, [
    { scenario: 'ab-collector', figure: 'downstream.latencyMs.p99' },
  ]);
});

test('the same A/B with B = A flags nothing', async () => {
  const r = await ab();
  const p99 = comparedFigure(r.comparison, 'downstream.latencyMs.p99');
  assert.notEqual(p99.verdict, 'worse', p99.reason);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.comparison.regressions, []);
});
