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
import { BackendInstance } from '../../src/stack/backend-instance.js';
import { requireInstalled } from '../../src/stack/installed.js';
import { jaegerTarget } from '../../src/targets/jaeger.js';
import { assertCheckedAfterRestart, runKilledMidRun } from './kill-mid-run.js';
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
    // The run's own traces fetched back by ID: at least 500 of the ~2,250, every span of each.
    const sample = result.completeness.traceSample;
    assert.ok(sample, 'a trace sample was checked');
    assert.ok(sample.sampled >= 500 && sample.sampled <= 2000, `sampled ${sample.sampled}`);
    assert.equal(sample.complete, sample.sampled, JSON.stringify(sample.mismatches));
    assert.equal(sample.ratio, 1);
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

test('an external Jaeger: load to its OTLP endpoint, the read path to its queryEndpoint', async () => {
  // Started here as a user would run it, apart from the run: obsbench only knows its addresses.
  const jaeger = await BackendInstance.start({
    target: jaegerTarget,
    binary: requireInstalled('jaeger').binaryPath,
    cores: null,
  });
  try {
    const scenario = parseScenario(
      `name: jaeger-external
signal: traces
target: { kind: jaeger, endpoint: "${jaeger.otlpHttpBase}", queryEndpoint: "${jaeger.queryBaseUrl}" }
protocol: otlp-http
load: { executor: constant-arrival-rate, rate: 1000, duration: 4s, warmup: 0s, batchSize: 100 }
`,
      'jaeger-external.yaml',
    );
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.deepEqual(Object.keys(result.read.queries).sort(), [
      'search_service',
      'search_service_operation',
      'trace_by_id',
    ]);
    assert.ok(result.read.freshnessMs !== null && result.read.freshnessMs > 0, result.read.note);
    assert.equal(result.completeness.missing, 0, JSON.stringify(result.completeness).slice(0, 300));
    const sample = result.completeness.traceSample;
    assert.ok(sample && sample.sampled >= 250, `sampled ${sample?.sampled}`);
    assert.equal(sample.complete, sample.sampled, JSON.stringify(sample.mismatches));
  } finally {
    await jaeger.stop();
  }
});

test('SIGKILL of Jaeger mid-run: partial result within 10 s; restarted on its data dir, its acknowledged traces are checked', async () => {
  const scenario = parseScenario(
    `name: jaeger-killed
signal: traces
target: { kind: jaeger, managed: true }
load: { executor: constant-arrival-rate, rate: 2000, duration: 60s, warmup: 0s, batchSize: 100, requestTimeout: 2s, maxRetries: 1 }
`,
    'jaeger-killed.yaml',
  );
  const result = await runKilledMidRun(scenario, {
    outDir: out,
    processPattern: '[j]aeger --config=',
    afterMs: 3000,
    backend: 'jaeger',
  });
  assertCheckedAfterRestart(result);
  const sample = result.completeness.traceSample;
  assert.ok(sample && sample.sampled > 0, 'acknowledged traces were sampled before the kill');
  assert.equal(sample.unanswered, 0);
  assert.equal(sample.complete + sample.partial + sample.missing + sample.extra, sample.sampled);
});
