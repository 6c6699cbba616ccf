// A managed backend killed with SIGKILL in the middle of a run: the run ends within 10 s of the
// kill with a partial result naming the backend, and no backend process is left.

import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import type { RunResult } from '../../src/model/run-result.js';
import type { Scenario } from '../../src/model/scenario.js';
import { runScenario } from '../../src/run/run-scenario.js';

/**
 * Runs `scenario`, kills the processes matching `processPattern` (a pkill -f pattern written so
 * that it does not match pkill itself, e.g. '[j]aeger --config=') after `afterMs`, checks the
 * promise above and returns the result for further checks.
 */
export async function runKilledMidRun(
  scenario: Scenario,
  o: { outDir: string; processPattern: string; afterMs: number; backend: string },
): Promise<RunResult> {
  const started = Date.now();
  const killer = setTimeout(() => {
    try {
      execSync(`pkill -KILL -f '${o.processPattern}'`);
    } catch {
      // nothing matched: the assertions below fail
    }
  }, o.afterMs);
  let result: RunResult;
  try {
    result = (await runScenario(scenario, { outDir: o.outDir, ceilingS: 0 })).result;
    assert.ok(Date.now() - started < o.afterMs + 10_000, `ended ${Date.now() - started} ms after start`);
    assert.equal(result.status, 'partial');
    assert.match(result.statusReason, new RegExp(`${o.backend} exited unexpectedly`));
    assert.ok(result.load.itemsSent > 0);
  } finally {
    clearTimeout(killer);
  }
  assert.equal(execSync(`pgrep -f '${o.processPattern}' || true`).toString().trim(), '', 'no backend left');
  return result;
}
