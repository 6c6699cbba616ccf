// Runs one scenario end to end: open the target (the sink, a managed backend or an endpoint),
// measure the harness ceiling, drive the load, read the target's own counters, and write
// result.json atomically, also when the run is interrupted or the backend dies (then partial).

import { rmdir } from 'node:fs/promises';
import { LoadEngine, type LoadOutcome, type LoadProgress } from '../load/engine.js';
import type { RunResult } from '../result/run-result.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import type { Scenario } from '../scenario/types.js';
import { BackendMeasure, type BackendMeasurement } from './backend-measure.js';
import { buildRunResult } from './build-result.js';
import { environment, toolInfo } from './environment.js';
import { type HarnessCeiling, measureHarnessCeiling } from './harness-ceiling.js';
import { ReadMeasure, type ReadMeasurement } from './read-measure.js';
import { openTarget, type TargetCounts } from './target-session.js';

export interface RunOptions {
  /** Parent directory of the run directories (default "results"). */
  outDir: string;
  /** Seconds of the harness-ceiling probe; 0 skips it. */
  ceilingS: number;
  /** Cores a managed backend is pinned to (taskset), or null. */
  backendCores?: number[] | null;
  /** Aborting stops the load; the result is written and marked partial. */
  signal?: AbortSignal;
  onProgress?: (scenario: Scenario, progress: LoadProgress) => void;
  onPhase?: (scenario: Scenario, phase: 'target' | 'ceiling' | 'load' | 'measure' | 'read' | 'done') => void;
  /** Measure freshness, completeness and query latency where the target has a read probe (default true). */
  readPath?: boolean;
}

export interface ScenarioRun {
  result: RunResult;
  resultDir: string;
  resultPath: string;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioRun> {
  const startedAt = new Date();
  const resultDir = await createResultDir(startedAt, scenario.name, options.outDir);
  options.onPhase?.(scenario, 'target');
  const backendCores = options.backendCores ?? null;
  const target = await openTarget(scenario, { logDir: resultDir, backendCores }).catch(
    async (error: unknown) => {
      // Nothing ran: leave no empty result directory behind (a backend log, if any, stays).
      await rmdir(resultDir).catch(() => {});
      throw error;
    },
  );
  let deathMessage = '';
  let measure: BackendMeasure | null = null;
  let reader: ReadMeasure | null = null;
  try {
    let ceiling: HarnessCeiling | null = null;
    // The built-in sink speaks every protocol (OTLP, remote write, Loki push): always measurable.
    if (options.ceilingS > 0 && !options.signal?.aborted) {
      options.onPhase?.(scenario, 'ceiling');
      ceiling = await measureHarnessCeiling(scenario, options.ceilingS);
    }
    options.onPhase?.(scenario, 'load');
    measure = target.probe ? await BackendMeasure.start(target.probe, resultDir) : null;
    reader =
      options.readPath === false || !target.readBaseUrl
        ? null
        : ReadMeasure.start(scenario, target.readBaseUrl);
    const engine = new LoadEngine({
      scenario,
      endpoint: target.endpoint,
      onProgress: (p) => options.onProgress?.(scenario, p),
    });
    target.onDeath((message) => {
      deathMessage = message;
      engine.stop(message);
    });
    const onAbort = (): void => engine.stop('interrupted');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let outcome: LoadOutcome;
    try {
      outcome = await engine.run();
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    await reader?.stopCanaries();
    let targetCounts: TargetCounts | null = null;
    if (!deathMessage) {
      // Canaries the backend counts among its accepted items are not the run's items.
      const canaries = reader?.canariesInIngestCounter() ?? 0;
      const counted = await target
        .settledCounts(outcome.counters.itemsAcceptedAllPhases + canaries)
        .catch(() => null);
      targetCounts = counted && { ...counted, accepted: counted.accepted - canaries };
    }
    // Behind a Collector pipeline or vmagent: what reached the next backend, once in-flight data arrived.
    const downstream = deathMessage
      ? null
      : ((await target.downstreamReading?.(targetCounts?.accepted ?? null).catch(() => null)) ?? null);
    let measurement: BackendMeasurement | null = null;
    if (measure) {
      options.onPhase?.(scenario, 'measure');
      measurement = await measure.finish(
        { fromEpochMs: outcome.measureStartEpochMs, seconds: outcome.measuredDurationS },
        !deathMessage && !options.signal?.aborted,
      );
    }
    let read: ReadMeasurement | null = null;
    if (reader) {
      options.onPhase?.(scenario, 'read');
      // A frozen backend (SIGSTOP) answers nothing: the probes found out, the reader need not.
      const answering = measurement ? measurement.answering : true;
      read = await reader.finish(
        outcome.counters.itemsSentAllPhases,
        answering && !deathMessage && !options.signal?.aborted,
      );
      reader = null;
    }
    const result = buildRunResult({
      scenario,
      outcome,
      tool: toolInfo(),
      env: environment(backendCores),
      startedAt,
      endedAt: new Date(),
      ceiling,
      targetCounts,
      backendName: target.backendName,
      backendVersion: target.backendVersion,
      stopReason: deathMessage || outcome.stopReason,
      measurement,
      read,
      downstream,
    });
    const resultPath = await writeResultAtomic(
      resultDir,
      'result.json',
      `${JSON.stringify(result, null, 2)}\n`,
    );
    options.onPhase?.(scenario, 'done');
    return { result, resultDir, resultPath };
  } finally {
    await reader?.dispose();
    await measure?.dispose();
    await target.close();
  }
}
