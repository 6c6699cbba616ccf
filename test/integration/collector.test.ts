// The real OpenTelemetry Collector (obsbench stack install otelcol), managed by the run: every
// signal over OTLP/HTTP and traces over OTLP/gRPC (plain and gzip) into the nop exporter,
// accepted items read from the Collector's own receiver counters and equal to what was sent.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-otelcol-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** Signal, protocol, and compression when not the protocol's default. */
const CASES = [
  ['traces', 'otlp-http', ''],
  ['traces', 'otlp-grpc', ''],
  // grpc-go answers a gzip request with a gzip answer: the sender's inflating side, for real.
  ['traces', 'otlp-grpc', 'gzip'],
  ['metrics', 'otlp-http', ''],
  ['logs', 'otlp-http', ''],
] as const;

for (const [signal, protocol, compression] of CASES) {
  const title = `${signal} over ${protocol}${compression ? ` (${compression})` : ''}`;
  test(`managed Collector: ${title}, accepted by its own counters = sent`, async () => {
    const scenario = parseScenario(
      `name: otelcol-${signal}-${protocol}${compression ? `-${compression}` : ''}
signal: ${signal}
target: { kind: collector, managed: true }
protocol: ${protocol}
${compression ? `compression: ${compression}\n` : ''}load: { executor: constant-arrival-rate, rate: 3000, duration: 2s, warmup: 1s, batchSize: 150 }
`,
      'otelcol.yaml',
    );
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.load.acceptedSource, 'backend-counters');
    assert.ok(result.load.itemsSent >= 5_000, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.equal(result.load.itemsRefused, 0);
    assert.equal(result.completeness.ratio, 1);
    assert.equal(result.backend.version, '0.159.0');
  });
}
