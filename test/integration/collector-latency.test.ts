// Collector latency: the real Collector between the harness and the built-in sink,
// with and without the batch processor, at the same modest rate. Every measured batch carries its
// send time; the sink reports how long the spans took to reach it (result.downstream.latencyMs)
// beside the Collector's own CPU and RSS (result.backend).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-collector-latency-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** The batch processor's timeout in stack/collector/pipelines/batch.yaml: `batch: {}`, the default. */
const BATCH_TIMEOUT_MS = 200;

async function run(pipeline: 'batch' | 'otlp-forward'): Promise<RunResult> {
  const scenario = parseScenario(
    `name: collector-latency-${pipeline}
signal: traces
protocol: otlp-grpc
target: { kind: collector, managed: true, pipeline: ${pipeline}, downstream: { kind: sink } }
load: { executor: constant-arrival-rate, rate: 2000, duration: 4s, warmup: 1s, batchSize: 100 }
`,
    `${pipeline}.yaml`,
  );
  const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
  assert.equal(result.status, 'complete', result.statusReason);
  return result;
}

test('batch vs no batch: the sink measures the latency each pipeline adds, beside its CPU and RSS', async () => {
  assert.match(readFileSync('stack/collector/pipelines/batch.yaml', 'utf8'), /^ {2}batch: \{\}$/m);
  const batch = await run('batch');
  const direct = await run('otlp-forward');
  const figures: Record<string, unknown> = {};
  for (const [name, result] of [
    ['batch', batch],
    ['otlp-forward', direct],
  ] as const) {
    const latency = result.downstream?.latencyMs;
    assert.ok(latency, `${name}: result.downstream.latencyMs is recorded`);
    // Only measured batches are stamped: the sink's sample is the spans sent after the warmup.
    assert.equal(latency.count, result.load.itemsSent, `${name}: one sample per measured span`);
    assert.equal(result.downstream?.itemsAccepted, result.load.itemsSent, result.downstream?.note);
    assert.ok(latency.p50 > 0 && latency.p50 <= latency.p99 && latency.p99 <= latency.max, name);
    assert.ok((result.backend?.coresAvg ?? 0) > 0, `${name}: coresAvg ${result.backend?.coresAvg}`);
    assert.ok(
      (result.backend?.rssAvgBytes ?? 0) > 10e6,
      `${name}: rssAvgBytes ${result.backend?.rssAvgBytes}`,
    );
    figures[name] = {
      p50Ms: latency.p50,
      p99Ms: latency.p99,
      maxMs: latency.max,
      coresAvg: result.backend?.coresAvg,
      rssAvgMiB: Math.round((result.backend?.rssAvgBytes ?? 0) / 2 ** 20),
    };
  }
  console.log(JSON.stringify(figures));
  const b = batch.downstream?.latencyMs;
  const d = direct.downstream?.latencyMs;
  assert.ok(b && d);
  // Without a batch processor a span is forwarded as it arrives: well under a second.
  assert.ok(d.p99 < 250, `no-batch p99 ${d.p99} ms`);
  // With it, spans wait for the batch to fill (8192, never at 200 spans per 100 ms) or its timeout:
  // about half the timeout on average, hardly more than the whole timeout. (The p99, not the max:
  // on a loaded machine one span's max reached 757 ms, the scheduler's doing, not the batch's.)
  assert.ok(b.p50 > d.p50 + BATCH_TIMEOUT_MS / 5, `batch p50 ${b.p50} vs no-batch ${d.p50}`);
  assert.ok(b.p99 > BATCH_TIMEOUT_MS / 2, `batch p99 ${b.p99}`);
  assert.ok(b.p99 < BATCH_TIMEOUT_MS + 300, `batch p99 ${b.p99} (max ${b.max})`);
});
