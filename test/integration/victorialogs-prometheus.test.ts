// Real VictoriaLogs and Prometheus binaries (obsbench stack install), managed by the run:
// OTLP logs into VictoriaLogs counted one to one by its own counter; OTLP metrics into Prometheus,
// whose sample counter also counts the target_info series it derives from resources.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { assertReadPath } from './read-helpers.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-vl-prom-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('managed VictoriaLogs accepts every OTLP log record sent, by its own counters', async () => {
  const scenario = parseScenario(
    `name: vl
signal: logs
target: { kind: victorialogs, managed: true }
shape: { streams: 50 }
load: { executor: constant-arrival-rate, rate: 4000, duration: 6s, warmup: 1s, batchSize: 200 }
`,
    'vl.yaml',
  );
  const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
  assert.equal(result.status, 'complete', result.statusReason);
  assert.equal(result.load.acceptedSource, 'backend-counters');
  assert.ok(result.load.itemsSent >= 23_000, `sent ${result.load.itemsSent}`);
  assert.equal(result.load.itemsAccepted, result.load.itemsSent);
  assert.equal(result.load.itemsRefused, 0);
  assert.equal(result.backend.name, 'victoria-logs');
  assertReadPath(result, { freshness: true });
  assert.ok((result.backend.ownStorageFigures.compressionRatio ?? 0) > 1, JSON.stringify(result.backend));
  assert.ok(result.backend.compressionRatio !== null && result.backend.compressionRatio > 1);
});

test('managed Prometheus (OTLP receiver) stores at least every data point sent and refuses none', async () => {
  const scenario = parseScenario(
    `name: prom
signal: metrics
target: { kind: prometheus, managed: true }
shape: { series: 4000, kinds: { gauge: 0.5, sum: 0.5 } }
load: { executor: constant-arrival-rate, rate: 4000, duration: 3s, warmup: 1s, batchSize: 200 }
`,
    'prom.yaml',
  );
  // Requests overlap (open model): a series recurs every series / batchSize requests (here 20,
  // 1 s), so only a request delayed by over a second could arrive after a later sample of its
  // series, which Prometheus refuses as out of order (and the run reports as refused).
  const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
  assert.equal(result.status, 'complete', result.statusReason);
  assert.equal(result.load.itemsFailed, 0, JSON.stringify(result.errors));
  assert.equal(result.load.itemsRefused, 0);
  assert.ok(
    result.completeness.verified >= result.completeness.expected,
    JSON.stringify(result.completeness),
  );
  assertReadPath(result, { freshness: true });
  assert.equal(result.backend.version, '3.14.0');
});
