// The CLI end to end: a short run into the built-in sink writes a complete result.json with the
// fields of docs/architecture.md, "The canonical result"; Ctrl-C mid-run leaves a partial one and
// exits 130.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

function readResults(outDir: string): RunResult[] {
  return readdirSync(outDir)
    .filter((d) => !d.endsWith('-summary'))
    .map((d) => JSON.parse(readFileSync(join(outDir, d, 'result.json'), 'utf8')) as RunResult);
}

test('run writes result.json with the canonical fields and exits 0', async () => {
  const out = join(dir, 'ok');
  const file = writeScenario(
    dir,
    'short.yaml',
    `name: e2e-short
signal: traces
load: { executor: constant-arrival-rate, rate: 5000, duration: 3s, warmup: 1s, batchSize: 100 }
expect: ["droppedSchedules == 0", "achievedRatePerS >= 0.9 * targetRatePerS"]
`,
  );
  const r = await runCli(['run', file, '--out', out, '--ceiling', '1'], 60_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /e2e-short/);
  const [result] = readResults(out);
  assert.equal(result.status, 'complete');
  assert.equal(result.schemaVersion, 1);
  assert.equal(result.scenario.name, 'e2e-short');
  assert.ok(Math.abs(result.load.itemsSent - 15_000) <= 200, `itemsSent ${result.load.itemsSent}`);
  assert.equal(result.load.itemsAccepted, result.load.itemsSent);
  assert.equal(result.load.droppedSchedules, 0);
  assert.ok(result.load.rawBytes > result.load.itemsSent * 50, 'raw OTLP bytes counted');
  assert.ok(result.load.wireBytes < result.load.rawBytes, 'gzip makes the wire smaller');
  assert.ok(result.latencyMs.p99 > 0 && result.latencyMs.p99 >= result.latencyMs.p50);
  assert.ok(result.latencyMs.hdrBase64.length > 0);
  assert.ok(result.harness.ceilingItemsPerS !== null && result.harness.ceilingItemsPerS > 5000);
  assert.equal(
    result.completeness.verified,
    result.completeness.expected,
    'the sink counted every acknowledged item',
  );
  assert.ok(result.timeseries.length >= 3);
  assert.equal(result.verdicts.length, 2);
  assert.ok(
    result.verdicts.every((v) => v.state === 'pass'),
    JSON.stringify(result.verdicts),
  );
  assert.ok(result.env.cores >= 1 && result.env.node.startsWith('v'));
});

test('SIGINT mid-run writes a partial result and exits 130', async () => {
  const out = join(dir, 'int');
  const file = writeScenario(
    dir,
    'long.yaml',
    `name: e2e-interrupted
signal: logs
load: { executor: constant-arrival-rate, rate: 2000, duration: 60s, batchSize: 100 }
`,
  );
  const started = Date.now();
  const r = await runCli(['run', file, '--out', out, '--ceiling', '0'], 60_000, (child) => {
    // Once the measured phase shows in the progress (not at a fixed time: a loaded machine may
    // still be in the warmup), plus a second of load.
    let sent = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      if (sent || !/^run\s/m.test(chunk.toString())) return;
      sent = true;
      setTimeout(() => child.kill('SIGINT'), 1000);
    });
  });
  assert.equal(r.code, 130, r.stderr);
  assert.ok(Date.now() - started < 30_000, 'stopped promptly');
  const [result] = readResults(out);
  assert.equal(result.status, 'partial');
  assert.match(result.statusReason, /interrupted/);
  assert.ok(result.load.itemsSent > 0);
  assert.ok(result.load.durationS < 30);
});
