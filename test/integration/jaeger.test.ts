// The real Jaeger v2 binary (obsbench stack install jaeger): OTLP traces into Badger, the accepted
// count from Jaeger's own receiver counter equal to what was sent, and the read path over its API
// v3: trace by ID, search, freshness of canary traces and every span of the run found again.

import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { runKilledMidRun } from './kill-mid-run.js';
import { assertReadPath } from './read-helpers.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-jaeger-'));
after(() => rmSync(out, { recursive: true, force: true }));

const noJaegerLeft = (): string => execSync("pgrep -f '[j]aeger --config=' || true").toString().trim();

for (const protocol of ['otlp-http', 'otlp-grpc'] as const) {
  test(`managed Jaeger stores every span sent over ${protocol}, and the read path finds them`, async () => {
    const scenario = parseScenario(
      `name: jaeger-${protocol}
signal: traces
target: { kind: jaeger, managed: true }
protocol: ${protocol}
load: { executor: constant-arrival-rate, rate: 2000, duration: 8s, warmup: 1s, batchSize: 200 }
`,
      'jaeger.yaml',
    );
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.load.acceptedSource, 'backend-counters');
    assert.ok(result.load.itemsSent >= 15_000, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.equal(result.load.itemsRefused, 0);
    assert.equal(result.backend.name, 'jaeger');
    assertReadPath(result, { freshness: true });
    assert.deepEqual(Object.keys(result.read.queries).sort(), [
      'search_service',
      'search_service_operation',
      'trace_by_id',
    ]);
    const b = result.backend;
    assert.match(b.probeNote, /blocks in use/);
    assert.ok(b.diskBytes !== null && b.diskBytesAtStart !== null && b.diskBytes > b.diskBytesAtStart);
    assert.ok(b.bytesPerItem !== null && b.bytesPerItem > 1, `bytesPerItem ${b.bytesPerItem}`);
    assert.ok(
      b.compressionRatio !== null && b.compressionRatio > 0,
      `compressionRatio ${b.compressionRatio}`,
    );
    assert.equal(noJaegerLeft(), '', 'no backend left');
  });
}

test('SIGKILL of Jaeger mid-run ends the run within 10 s with a partial result naming it', async () => {
  const scenario = parseScenario(
    `name: jaeger-killed
signal: traces
target: { kind: jaeger, managed: true }
load: { executor: constant-arrival-rate, rate: 2000, duration: 60s, warmup: 0s, batchSize: 100, requestTimeout: 2s, maxRetries: 1 }
`,
    'jaeger-killed.yaml',
  );
  await runKilledMidRun(scenario, {
    outDir: out,
    processPattern: '[j]aeger --config=',
    afterMs: 3000,
    backend: 'jaeger',
  });
});
