// Prometheus remote write 1.0 into the real VictoriaMetrics and Prometheus binaries (obsbench stack
// install): every gauge / sum point is counted by the backend's own counters; samples older than
// what Prometheus already holds for a series are refused by its out-of-order counter.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compressBody } from '../../src/encoders/compression.js';
import { promRemoteWrite } from '../../src/encoders/index.js';
import { createGenerator } from '../../src/generators/index.js';
import { createSender } from '../../src/load/sender-factory.js';
import type { MetricBatch } from '../../src/model/index.js';
import type { MetricShape } from '../../src/model/shapes.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { BackendInstance } from '../../src/stack/backend-instance.js';
import { requireInstalled } from '../../src/stack/installed.js';
import { prometheusTarget } from '../../src/targets/prometheus.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-rw-'));
after(() => rmSync(out, { recursive: true, force: true }));

const scenarioText = (kind: string) => `name: rw-${kind}
signal: metrics
target: { kind: ${kind}, managed: true }
protocol: prometheus-remote-write
# A series recurs every 20 requests (1 s): overlapping requests cannot reorder its samples
# unless one is delayed by a second (Prometheus would refuse that as out of order).
shape: { series: 4000, kinds: { gauge: 0.5, sum: 0.5 } }
load: { executor: constant-arrival-rate, rate: 4000, duration: 3s, warmup: 1s, batchSize: 200 }
`;

for (const [kind, backendName] of [
  ['victoriametrics', 'victoria-metrics'],
  ['prometheus', 'prometheus'],
] as const) {
  test(`managed ${kind} accepts every gauge / sum point sent by remote write, by its own counters`, async () => {
    const scenario = parseScenario(scenarioText(kind), `rw-${kind}.yaml`);
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.scenario.compression, 'snappy');
    assert.equal(result.load.acceptedSource, 'backend-counters');
    assert.ok(result.load.itemsSent >= 11_000, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsFailed, 0);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.equal(result.load.itemsRefused, 0);
    assert.equal(result.backend.name, backendName);
    // The OTLP protobuf size stays the denominator: snappy'd remote write is well below it.
    assert.ok(result.load.wireBytes < result.load.rawBytes, JSON.stringify(result.load));
  });
}

test('Prometheus refuses out-of-order remote write samples and counts them itself', async () => {
  const installed = requireInstalled(prometheusTarget.binaryName);
  const instance = await BackendInstance.start({
    target: prometheusTarget,
    binary: installed.binaryPath,
    cores: null,
    logDir: out,
  });
  try {
    const scenario = parseScenario(scenarioText('prometheus'), 'ooo.yaml');
    const shape = scenario.shape as MetricShape;
    const nowUs = Date.now() * 1000;
    const baseline = await instance.scrape();
    /** Sends `batches` batches of the same series starting at `startUs`; returns points acknowledged. */
    async function sendRound(
      startUs: number,
      batches: number,
    ): Promise<{ ok: number; failed: number; message: string }> {
      const generator = createGenerator('metrics', shape, {
        seed: 1,
        workerIndex: 0,
        workerCount: 1,
        startTimeUnixUs: startUs,
        runNonce: 42,
      });
      const sender = createSender(scenario, instance.httpBaseUrl, Date.now() + 5000);
      let ok = 0;
      let failed = 0;
      let message = '';
      try {
        for (let i = 0; i < batches; i++) {
          const batch = generator.next(200, startUs + i * 1000) as MetricBatch;
          const outcome = await sender.send(
            compressBody('snappy', promRemoteWrite.encode(batch)),
            batch.itemCount,
          );
          if (outcome.ok) ok += batch.itemCount;
          else {
            failed += batch.itemCount;
            message = outcome.errorMessage ?? '';
          }
        }
      } finally {
        await sender.close();
      }
      return { ok, failed, message };
    }
    // 1000 series, 5 batches of 200: each series once, now; then the same series 10 minutes earlier.
    const first = await sendRound(nowUs, 5);
    assert.equal(first.ok, 1000);
    const second = await sendRound(nowUs - 10 * 60 * 1_000_000, 5);
    assert.equal(second.ok, 0, 'every old sample is refused');
    assert.equal(second.failed, 1000);
    assert.match(second.message, /^HTTP 400 .*out of (order|bounds)/);
    const text = await instance.scrape();
    const refused =
      (prometheusTarget.refusedItems(text, 'metrics') ?? 0) -
      (prometheusTarget.refusedItems(baseline, 'metrics') ?? 0);
    // Prometheus abandons a remote write request at its first out-of-order sample (400, nothing of
    // it appended), so its counter sees one sample per refused request, not all of them.
    assert.ok(refused >= 5 && refused <= 1000, `its own out-of-order counter moved by ${refused}`);
    const accepted =
      (prometheusTarget.acceptedItems(text, 'metrics', 'prometheus-remote-write') ?? 0) -
      (prometheusTarget.acceptedItems(baseline, 'metrics', 'prometheus-remote-write') ?? 0);
    assert.equal(accepted, 1000, 'accepted excludes the refused samples');
  } finally {
    await instance.stop();
  }
});
