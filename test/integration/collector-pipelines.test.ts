// The real Collector (obsbench stack install otelcol) running each forwarding pipeline that can
// run here, with its downstream started by the run: at a modest rate the Collector accepts every
// item sent, refuses none, and the downstream's own counters show the data arrived. Also: every
// pipeline config the target writes passes `otelcol validate`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { COLLECTOR_PIPELINES } from '../../src/model/scenario.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { binaryPath } from '../../src/stack/paths.js';
import { collectorTarget } from '../../src/targets/collector.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-pipelines-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('every pipeline config obsbench writes passes otelcol validate (strict: unknown keys fail)', () => {
  for (const pipeline of COLLECTOR_PIPELINES) {
    const files = collectorTarget.configFiles?.({
      dataDir: out,
      configDir: out,
      ports: { http: 14318, grpc: 14317, health: 13133, telemetry: 18888 },
      pipeline,
      downstream: {
        otlpGrpcEndpoint: '127.0.0.1:24317',
        otlpHttpBase: 'http://127.0.0.1:24318',
        remoteWriteUrl: 'http://127.0.0.1:28428/api/v1/write',
      },
    });
    const path = join(out, `${pipeline}.yaml`);
    writeFileSync(path, files?.['otelcol.yaml'] ?? '');
    execFileSync(binaryPath('otelcol'), ['validate', `--config=${path}`], { stdio: 'pipe' });
  }
});

const CASES = [
  {
    title: 'traces -> batch -> otlp_grpc -> the sink',
    signal: 'traces',
    protocol: 'otlp-grpc',
    target: '{ kind: collector, managed: true, pipeline: batch, downstream: { kind: sink } }',
    shape: '{}',
    downstream: 'sink',
    unit: 'spans',
  },
  {
    title: 'metrics -> prometheusremotewrite -> managed VictoriaMetrics',
    signal: 'metrics',
    protocol: 'otlp-http',
    target:
      '{ kind: collector, managed: true, pipeline: remote-write, downstream: { kind: victoriametrics, managed: true } }',
    shape: '{ series: 2000, kinds: { gauge: 0.5, sum: 0.5 } }',
    downstream: 'victoria-metrics',
    unit: 'data points',
  },
  {
    title: 'logs -> otlp_http -> managed VictoriaLogs',
    signal: 'logs',
    protocol: 'otlp-http',
    target:
      '{ kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: victorialogs, managed: true } }',
    shape: '{}',
    downstream: 'victoria-logs',
    unit: 'log records',
  },
  {
    title: 'traces -> tail_sampling -> otlp_grpc -> a second managed Collector',
    signal: 'traces',
    protocol: 'otlp-grpc',
    target:
      '{ kind: collector, managed: true, pipeline: tail-sampling, downstream: { kind: collector, managed: true } }',
    shape: '{}',
    downstream: 'otelcol',
    unit: 'spans',
  },
  {
    title: 'traces -> batch -> otlp_grpc -> managed Jaeger',
    signal: 'traces',
    protocol: 'otlp-http',
    target:
      '{ kind: collector, managed: true, pipeline: batch, downstream: { kind: jaeger, managed: true } }',
    shape: '{}',
    downstream: 'jaeger',
    unit: 'spans',
  },
  {
    title: 'traces -> tail_sampling -> otlp_grpc -> managed Jaeger',
    signal: 'traces',
    protocol: 'otlp-grpc',
    target:
      '{ kind: collector, managed: true, pipeline: tail-sampling, downstream: { kind: jaeger, managed: true } }',
    shape: '{}',
    downstream: 'jaeger',
    unit: 'spans',
  },
  {
    title: 'traces -> spanmetrics -> prometheusremotewrite -> managed VictoriaMetrics',
    signal: 'traces',
    protocol: 'otlp-http',
    target:
      '{ kind: collector, managed: true, pipeline: spanmetrics, downstream: { kind: victoriametrics, managed: true } }',
    shape: '{}',
    downstream: 'victoria-metrics',
    unit: 'samples',
  },
] as const;

for (const c of CASES) {
  test(`Collector pipeline ${c.title}: accepted = sent, none refused, the downstream got it`, async () => {
    const scenario = parseScenario(
      `name: pipeline
signal: ${c.signal}
protocol: ${c.protocol}
target: ${c.target}
shape: ${c.shape}
load: { executor: constant-arrival-rate, rate: 2000, duration: 2s, warmup: 1s, batchSize: 100 }
`,
      'pipeline.yaml',
    );
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.load.acceptedSource, 'backend-counters');
    assert.ok(result.load.itemsSent >= 3_500, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.equal(result.load.itemsRefused, 0);
    const downstream = result.downstream;
    assert.ok(downstream, 'result.downstream is recorded');
    assert.equal(downstream.name, c.downstream);
    assert.equal(downstream.unit, c.unit);
    if (c.unit === 'samples') {
      // spanmetrics writes R.E.D. series, not spans: some samples, in their own unit.
      assert.ok((downstream.itemsAccepted ?? 0) > 0, `samples ${downstream.itemsAccepted}`);
    } else {
      assert.equal(downstream.itemsAccepted, result.load.itemsSent, downstream.note);
    }
    assert.equal(downstream.itemsRefused, 0);
  });
}
