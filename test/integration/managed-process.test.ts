// The supervisor against a plain long-running process: log capture, readiness failure with the
// log tail, unexpected death noticed, graceful stop, and no orphan when the harness is SIGKILLed.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cpuControllerRoot } from '../../src/stack/cpu-limit.js';
import { ManagedProcess } from '../../src/stack/managed-process.js';

const dir = mkdtempSync(join(tmpdir(), 'obsbench-mp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('captures output, reports not-ready with the log tail, and stops with SIGTERM', async () => {
  const p = new ManagedProcess({
    name: 'sleeper',
    binary: 'bash',
    args: [
      '-c',
      'echo hello-from-backend; trap "echo got-term; exit 0" TERM; while true; do sleep 0.1; done',
    ],
    cores: [0],
    logPath: join(dir, 'sleeper.log'),
  });
  p.start();
  await assert.rejects(
    p.waitReady(async () => false, 600),
    (e: Error) => /sleeper was not ready within/.test(e.message) && /hello-from-backend/.test(e.message),
  );
  const info = await p.stop();
  assert.equal(info.code, 0);
  assert.match(readFileSync(join(dir, 'sleeper.log'), 'utf8'), /got-term/);
});

test('an unexpected exit is reported once, with the exit code', async () => {
  const p = new ManagedProcess({
    name: 'crasher',
    binary: 'bash',
    args: ['-c', 'echo about-to-die; sleep 0.3; exit 3'],
    cores: null,
    logPath: join(dir, 'crasher.log'),
  });
  const seen: (number | null)[] = [];
  p.onUnexpectedExit = (info) => seen.push(info.code);
  p.start();
  const info = await p.waitForExit();
  assert.equal(info.code, 3);
  assert.deepEqual(seen, [3]);
  assert.match(p.deathError('crashed').message, /crasher crashed \(exit 3\).*about-to-die/);
});

test('a harness killed with SIGKILL leaves no backend and no data dir behind', async () => {
  const helper = fileURLToPath(new URL('./fixtures/spawn-and-report.js', import.meta.url));
  const dataDir = mkdtempSync(join(dir, 'work-'));
  writeFileSync(join(dataDir, 'segment.bin'), 'data');
  const harness = spawn(process.execPath, [helper, join(dir, 'orphan.log'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const backendPid = await new Promise<number>((resolve, reject) => {
    let text = '';
    harness.stdout.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /backend-pid (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    harness.once('exit', () => reject(new Error(`harness exited early: ${text}`)));
  });
  assert.ok(alive(backendPid));
  harness.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  while (alive(backendPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(backendPid), false, 'the watchdog killed the backend');
  while (existsSync(dataDir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(existsSync(dataDir), false, 'the watchdog removed the data dir');
});

test('a stopped process keeps the data dir for its owner to remove', async () => {
  const dataDir = mkdtempSync(join(dir, 'kept-'));
  const p = new ManagedProcess({
    name: 'sleeper',
    binary: 'bash',
    args: ['-c', 'while true; do sleep 0.1; done'],
    cores: null,
    logPath: join(dir, 'kept.log'),
    removeWhenOrphaned: dataDir,
  });
  p.start();
  await new Promise((r) => setTimeout(r, 300));
  await p.stop();
  assert.equal(existsSync(dataDir), true, 'the harness is alive: its own stop() decides');
});

/** The cgroup's throttling counter: periods in which the quota held the group back. */
function throttledPeriods(groupDir: string): number {
  return Number(/^nr_throttled (\d+)/m.exec(readFileSync(join(groupDir, 'cpu.stat'), 'utf8'))?.[1] ?? 0);
}

/** utime + stime of a process in seconds, in the kernel's clock ticks. */
function cpuSecondsOf(pid: number): number {
  const ticksPerS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerS;
}

test('a CPU limit holds a busy backend to its quota, in a cgroup removed after it stops', async () => {
  const p = new ManagedProcess({
    name: 'spinner',
    binary: 'bash',
    args: ['-c', 'echo pid=$$; while :; do :; done'],
    cores: null,
    cpuLimitCores: 0.2,
    logPath: join(dir, 'spinner.log'),
  });
  p.start();
  let pid = 0;
  await p.waitReady(async () => {
    pid = Number(/pid=(\d+)/.exec(readFileSync(join(dir, 'spinner.log'), 'utf8'))?.[1] ?? 0);
    return pid > 0;
  }, 5000);
  const root = cpuControllerRoot().root;
  const groups = (): string[] =>
    readdirSync(root).filter((name) => name.startsWith(`obsbench-${process.pid}-`));
  assert.equal(groups().length, 1, 'the backend runs in a cgroup of its own');
  const groupDir = join(root, groups()[0]);
  assert.match(readFileSync(join(groupDir, 'cgroup.procs'), 'utf8'), new RegExp(`^${pid}$`, 'm'));
  const before = cpuSecondsOf(pid);
  const wallStart = performance.now();
  // Until the quota has held it back in several periods (each 100 ms), at most 10 s.
  while (throttledPeriods(groupDir) < 10 && performance.now() - wallStart < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const cores = (cpuSecondsOf(pid) - before) / ((performance.now() - wallStart) / 1000);
  assert.ok(throttledPeriods(groupDir) >= 10, 'the quota throttled the spinner');
  await p.stop();
  // Unlimited, the spinner takes a whole core (or its share of a busy machine); a busier machine
  // only gives it less, so only the upper bound is asserted.
  assert.ok(cores < 0.3, `the spinner used ${cores.toFixed(2)} cores under a 0.2-core limit`);
  assert.deepEqual(groups(), [], 'its cgroup is removed by the time stop() returns');
});
