// obsbench SIGKILLed mid-run with a real managed VictoriaMetrics: the watchdog stops the backend
// and removes its data dir, so nothing of the run is left in the temp folder; and stack down
// removes what older killed runs left there. TMPDIR points obsbench at a temp folder of its own.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

/** Pids of processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

test('a SIGKILLed run leaves no backend process and no data dir', async () => {
  const tempRoot = join(dir, 'tmp-kill');
  mkdirSync(tempRoot);
  const file = writeScenario(
    dir,
    'vm.yaml',
    `name: killed
signal: metrics
target: { kind: victoriametrics, managed: true }
protocol: prometheus-remote-write
shape: { series: 1000, kinds: { gauge: 1 } }
load: { executor: constant-arrival-rate, rate: 5000, duration: 60s, warmup: 0s, batchSize: 500 }
`,
  );
  let sawDataDir = false;
  const r = await runCli(
    ['run', file, '--out', join(dir, 'out'), '--ceiling', '0'],
    90_000,
    (child) => {
      // Once the load runs, the backend and its data dir exist: then kill obsbench outright.
      child.stderr?.on('data', (chunk: Buffer) => {
        if (!/^run\s/m.test(chunk.toString()) || sawDataDir) return;
        sawDataDir = readdirSync(tempRoot).some((d) => d.startsWith('obsbench-victoriametrics-'));
        child.kill('SIGKILL');
      });
    },
    { TMPDIR: tempRoot },
  );
  assert.equal(r.signal, 'SIGKILL', `killed mid-run; stderr: ${r.stderr}`);
  assert.ok(sawDataDir, 'the managed backend had its data dir in the temp folder while running');
  assert.ok(
    await waitFor(() => processesMentioning(tempRoot).length === 0, 30_000),
    `no process left: ${processesMentioning(tempRoot).join(', ')}`,
  );
  assert.ok(
    await waitFor(() => readdirSync(tempRoot).length === 0, 10_000),
    `nothing left in the temp folder: ${readdirSync(tempRoot).join(', ')}`,
  );
});

test('stack down removes data dirs of killed runs, and only those', async () => {
  const tempRoot = join(dir, 'tmp-down');
  const deadPid = Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout,
  );
  const leftover = join(tempRoot, 'obsbench-victoriametrics-left');
  mkdirSync(join(leftover, 'data'), { recursive: true });
  writeFileSync(join(leftover, 'owner.json'), JSON.stringify({ pid: deadPid }));
  const live = join(tempRoot, 'obsbench-prometheus-live');
  mkdirSync(live);
  writeFileSync(join(live, 'owner.json'), JSON.stringify({ pid: process.pid }));
  const r = await runCli(['stack', 'down'], 30_000, undefined, {
    TMPDIR: tempRoot,
    OBSBENCH_STACK_DIR: join(dir, 'stack'),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /removed 1 leftover\(s\) of killed runs \(data dirs, CPU-limit cgroups\): .*obsbench-victoriametrics-left/,
  );
  assert.deepEqual(readdirSync(tempRoot), ['obsbench-prometheus-live']);
});
