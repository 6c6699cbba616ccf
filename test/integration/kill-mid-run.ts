// A managed backend killed with SIGKILL in the middle of a run: the load ends within 10 s of the
// kill with a partial result naming the backend; the read path then starts the backend again on
// the same data dir and checks what survived; no backend process is left.

import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import type { RunResult } from '../../src/model/run-result.js';
import type { Scenario } from '../../src/model/scenario.js';
import { runScenario } from '../../src/run/run-scenario.js';

/** The restart, its readiness (30 s at most) and the checks after it. */
const AFTER_LOAD_LIMIT_MS = 60_000;

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
  let loadEndedAt = 0;
  const killer = setTimeout(() => {
    try {
      execSync(`pkill -KILL -f '${o.processPattern}'`);
    } catch {
      // nothing matched: the assertions below fail
    }
  }, o.afterMs);
  let result: RunResult;
  try {
    result = (
      await runScenario(scenario, {
        outDir: o.outDir,
        ceilingS: 0,
        // The first phase after the load: the load has ended.
        onPhase: (_s, phase) => {
          if (phase !== 'load' && phase !== 'target' && loadEndedAt === 0) loadEndedAt = Date.now();
        },
      })
    ).result;
    assert.ok(
      loadEndedAt - started < o.afterMs + 10_000,
      `load ended ${loadEndedAt - started} ms after start`,
    );
    assert.ok(
      Date.now() - loadEndedAt < AFTER_LOAD_LIMIT_MS,
      `checks after the load took ${Date.now() - loadEndedAt} ms`,
    );
    assert.equal(result.status, 'partial');
    assert.match(result.statusReason, new RegExp(`${o.backend} exited unexpectedly`));
    assert.ok(result.load.itemsSent > 0);
  } finally {
    clearTimeout(killer);
  }
  assert.equal(execSync(`pgrep -f '${o.processPattern}' || true`).toString().trim(), '', 'no backend left');
  return result;
}

/**
 * The read path's checks on the backend restarted on its data dir: marked as such, counted
 * against what it acknowledged before it died, and every acknowledged item either found or
 * reported missing.
 */
export function assertCheckedAfterRestart(result: RunResult): void {
  const c = result.completeness;
  assert.equal(c.afterRestart, true, `${result.read.note} | ${c.method}`);
  assert.match(result.read.note ?? '', /starting it again on the same data dir/);
  assert.match(c.method, /acknowledged before it died/);
  assert.equal(c.expected, result.load.itemsAccepted, 'expected: what it acknowledged (no warmup here)');
  assert.equal(c.verified + (c.missing ?? 0), c.expected, JSON.stringify(c).slice(0, 300));
  assert.deepEqual(Object.keys(result.read.queries), [], 'no query latency from a restarted backend');
}
