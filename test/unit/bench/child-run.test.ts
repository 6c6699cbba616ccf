import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChildExit, runPinnedProcess } from '../../../bench/child-run.js';
import { processAlive } from '../../../src/stack/work-dir.js';

/** Run a node script as the child, unpinned; its exit and its pid. */
async function runScript(script: string, timeoutS: number): Promise<{ exit: ChildExit; pid: number }> {
  let pid = 0;
  const exit = await runPinnedProcess(process.execPath, ['-e', script], null, timeoutS, (p) => (pid = p));
  return { exit, pid };
}

test('runPinnedProcess returns a finished child exit code, its output and its pid', async () => {
  const { exit, pid } = await runScript('console.log("out"); console.error("err"); process.exit(3)', 10);
  assert.deepEqual(exit, { code: 3, killed: false, stdout: 'out\n', stderrTail: 'err\n' });
  assert.ok(pid > 0);
});

test('runPinnedProcess kills a child that outruns its time, SIGKILL when it ignores SIGTERM', async () => {
  const t0 = Date.now();
  const { exit, pid } = await runScript('process.on("SIGTERM", () => {}); setTimeout(() => {}, 30000)', 0.3);
  assert.equal(exit.killed, true);
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal(processAlive(pid), false);
});
