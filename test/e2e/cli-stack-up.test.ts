// `obsbench stack up|status|down` with the real VictoriaMetrics: it outlives the command that
// started it, a scenario pointed at its endpoint reads its counters, and down leaves nothing.

import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
after(async () => {
  await runCli(['stack', 'down', 'victoriametrics'], 30_000);
  rmSync(dir, { recursive: true, force: true });
});

test('stack up leaves VictoriaMetrics running for later runs; stack down stops it', async () => {
  const up = await runCli(['stack', 'up', 'victoriametrics'], 90_000);
  assert.equal(up.code, 0, up.stderr);
  const endpoint = /endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(up.stdout)?.[1];
  assert.ok(endpoint, up.stdout);

  const status = await runCli(['stack', 'status'], 30_000);
  assert.match(status.stdout, /victoriametrics\s+ready/);

  const file = writeScenario(
    dir,
    'vm-external.yaml',
    `name: vm-external
signal: metrics
target: { kind: victoriametrics, endpoint: "${endpoint}" }
shape: { series: 500, kinds: { gauge: 1 } }
load: { executor: constant-arrival-rate, rate: 2000, duration: 2s, warmup: 0s, batchSize: 200 }
`,
  );
  const out = join(dir, 'results');
  const run = await runCli(['run', file, '--out', out, '--ceiling', '0'], 60_000);
  assert.equal(run.code, 0, run.stderr);
  const [runDir] = readdirSync(out);
  const result = JSON.parse(readFileSync(join(out, runDir, 'result.json'), 'utf8')) as RunResult;
  assert.equal(result.load.acceptedSource, 'backend-counters');
  assert.equal(result.load.itemsAccepted, result.load.itemsSent);

  const down = await runCli(['stack', 'down', 'victoriametrics'], 30_000);
  assert.match(down.stdout, /stopped: victoriametrics/);
  assert.equal(execSync("pgrep -f '[v]ictoria-metrics -storageDataPath=' || true").toString().trim(), '');
});
