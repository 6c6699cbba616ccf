// The real VictoriaMetrics binary (obsbench stack install): OTLP metrics in, and the accepted
// count read from VictoriaMetrics' own counters equals what was sent, with nothing refused.

import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { assertCheckedAfterRestart, runKilledMidRun } from './kill-mid-run.js';
import { assertReadPath } from './read-helpers.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-vm-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('managed VictoriaMetrics accepts every OTLP data point sent, by its own counters', async () => {
  const scenario = parseScenario(
    `name: vm-otlp-metrics
signal: metrics
target: { kind: victoriametrics, managed: true }
shape: { series: 2000, kinds: { gauge: 0.5, sum: 0.5 } }
load: { executor: constant-arrival-rate, rate: 5000, duration: 8s, warmup: 1s, batchSize: 500 }
`,
    'vm.yaml',
  );
  const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
  assert.equal(result.status, 'complete', result.statusReason);
  assert.equal(result.load.acceptedSource, 'backend-counters');
  assert.ok(result.load.itemsSent >= 39_000, `sent ${result.load.itemsSent}`);
  assert.equal(result.load.itemsAccepted, result.load.itemsSent);
  assert.equal(result.load.itemsRefused, 0);
  assert.equal(result.backend.name, 'victoria-metrics');
  // Freshness needs the canary series to appear first (seconds on VictoriaMetrics): 8 s leaves room.
  assertReadPath(result, { freshness: true });
  assert.match(result.backend.version, /v1\.\d+\.\d+/, 'version as the binary reports it');
  // Probes of the managed process and its data dir.
  const b = result.backend;
  assert.equal(b.probeNote, '');
  assert.ok(b.cpuSeconds !== null && b.cpuSeconds > 0, `cpuSeconds ${b.cpuSeconds}`);
  assert.ok(b.coresAvg !== null && b.coresAvg > 0 && b.coresAvg <= 2.05, `coresAvg ${b.coresAvg}`);
  assert.ok(b.rssAvgBytes !== null && b.rssAvgBytes > 10 * 2 ** 20, `rssAvg ${b.rssAvgBytes}`);
  assert.ok(b.rssMaxBytes !== null && b.rssMaxBytes >= b.rssAvgBytes, `rssMax ${b.rssMaxBytes}`);
  assert.ok(b.diskBytes !== null && b.diskBytesAtStart !== null, 'disk measured at both ends');
  assert.ok(
    b.diskBytes > b.diskBytesAtStart,
    `disk grows after ingest and flush: ${b.diskBytesAtStart} -> ${b.diskBytes}`,
  );
  assert.ok(
    b.bytesPerItem !== null && b.bytesPerItem > 0.1 && b.bytesPerItem < 100,
    `bytesPerItem ${b.bytesPerItem}`,
  );
  assert.ok(b.compressionRatio !== null && b.compressionRatio > 1, `compressionRatio ${b.compressionRatio}`);
  assert.ok(b.cpuSecondsPerMillionItems !== null && b.cpuSecondsPerMillionItems > 0);
  assert.ok((b.ownStorageFigures.storageBytesPerSample ?? 0) > 0, JSON.stringify(b.ownStorageFigures));
  assert.ok(
    result.timeseries.some((p) => (p.backendCpuCores ?? 0) > 0 && (p.backendRssBytes ?? 0) > 0),
    'per-second backend CPU and RSS',
  );
  const dir = join(out, readdirSync(out).find((d) => d.endsWith('vm-otlp-metrics')) ?? '');
  for (const file of ['metrics-before.prom', 'metrics-after.prom', 'metrics-during.prom.gz']) {
    assert.ok(statSync(join(dir, file)).size > 0, file);
  }
});

test('SIGKILL of the backend mid-run ends the run within 10 s with a partial result naming it', async () => {
  const scenario = parseScenario(
    `name: vm-killed
signal: metrics
target: { kind: victoriametrics, managed: true }
shape: { series: 500 }
load: { executor: constant-arrival-rate, rate: 2000, duration: 60s, warmup: 0s, batchSize: 100, requestTimeout: 2s, maxRetries: 1 }
`,
    'vm-killed.yaml',
  );
  const result = await runKilledMidRun(scenario, {
    outDir: out,
    processPattern: '[v]ictoria-metrics -storageDataPath=',
    afterMs: 2500,
    backend: 'victoria-metrics',
  });
  assert.match(result.statusReason, /last log lines:/);
  assertCheckedAfterRestart(result);
});

test('SIGSTOP of the backend makes requests time out and the run end on schedule, not hang', async () => {
  const scenario = parseScenario(
    `name: vm-stopped
signal: metrics
target: { kind: victoriametrics, managed: true }
shape: { series: 500, kinds: { gauge: 1 } }
load: { executor: constant-arrival-rate, rate: 1000, duration: 5s, warmup: 0s, batchSize: 100, requestTimeout: 1s, maxRetries: 0, maxInFlight: 8 }
`,
    'vm-stopped.yaml',
  );
  const started = Date.now();
  const stopper = setTimeout(() => {
    try {
      execSync("pkill -STOP -f '[v]ictoria-metrics -storageDataPath='");
    } catch {
      // nothing matched: the assertions below fail
    }
  }, 2000);
  try {
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    const elapsedMs = Date.now() - started;
    // 5 s plan + 1 s request timeout + a stopped backend's counters not settling (5 s) + stop.
    assert.ok(elapsedMs < 25_000, `ended after ${elapsedMs} ms`);
    assert.ok(result.load.itemsFailed > 0, `failed ${result.load.itemsFailed}`);
    assert.ok(result.load.droppedSchedules > 0, 'a frozen backend fills every in-flight slot');
    assert.ok(
      result.errors.some((e) => /timeout|timed out/i.test(e.message)),
      JSON.stringify(result.errors),
    );
  } finally {
    clearTimeout(stopper);
  }
  assert.equal(
    execSync("pgrep -f '[v]ictoria-metrics -storageDataPath=' || true").toString().trim(),
    '',
    'no backend left',
  );
});
