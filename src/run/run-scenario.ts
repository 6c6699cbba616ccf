// Runs one scenario end to end: open the target, measure the harness ceiling, drive the load,
// and write result.json atomically, also when the run is interrupted (then marked partial).

import { LoadEngine, type LoadProgress } from '../load/engine.js';
import type { RunResult } from '../result/run-result.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import type { Scenario } from '../scenario/types.js';
import { buildRunResult } from './build-result.js';
import { environment, toolInfo } from './environment.js';
import { type HarnessCeiling, measureHarnessCeiling } from './harness-ceiling.js';
import { openTarget } from './target-session.js';

export interface RunOptions {
  /** Parent directory of the run directories (default "results"). */
  outDir: string;
  /** Seconds of the harness-ceiling probe; 0 skips it. */
  ceilingS: number;
  /** Aborting stops the load; the result is written and marked partial. */
  signal?: AbortSignal;
  onProgress?: (scenario: Scenario, progress: LoadProgress) => void;
  onPhase?: (scenario: Scenario, phase: 'ceiling' | 'load' | 'done') => void;
}

export interface ScenarioRun {
  result: RunResult;
  resultDir: string;
  resultPath: string;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioRun> {
  const target = await openTarget(scenario);
  let ceiling: HarnessCeiling | null = null;
  try {
    if (options.ceilingS > 0 && !options.signal?.aborted) {
      options.onPhase?.(scenario, 'ceiling');
      ceiling = await measureHarnessCeiling(scenario, options.ceilingS);
    }
    options.onPhase?.(scenario, 'load');
    const startedAt = new Date();
    const engine = new LoadEngine({
      scenario,
      endpoint: target.endpoint,
      onProgress: (p) => options.onProgress?.(scenario, p),
    });
    const onAbort = (): void => engine.stop('interrupted');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let outcome: Awaited<ReturnType<LoadEngine['run']>>;
    try {
      outcome = await engine.run();
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    const result = buildRunResult({
      scenario,
      outcome,
      tool: toolInfo(),
      env: environment(),
      startedAt,
      endedAt: new Date(),
      ceiling,
      targetItemsCounted: target.itemsCounted(scenario.signal),
      stopReason: outcome.stopReason,
    });
    const resultDir = await createResultDir(startedAt, scenario.name, options.outDir);
    const resultPath = await writeResultAtomic(
      resultDir,
      'result.json',
      `${JSON.stringify(result, null, 2)}\n`,
    );
    options.onPhase?.(scenario, 'done');
    return { result, resultDir, resultPath };
  } finally {
    await target.close();
  }
}
