// Runs one scenario end to end: open the target (the sink, a managed backend or an endpoint),
// measure the harness ceiling, drive the load, read the target's own counters, and write
// result.json atomically, also when the run is interrupted or the backend dies (then partial).

import { rmdir } from 'node:fs/promises';
import { LoadEngine, type LoadOutcome, type LoadProgress } from '../load/engine.js';
import type { RunResult } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import type { ShardSpec } from '../model/shard.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import { BackendMeasure } from './backend-measure.js';
import { buildRunResult } from './build-result.js';
import { DownstreamMeasure } from './downstream-measure.js';
import { environment, toolInfo } from './environment.js';
import { noFindings } from './findings.js';
import { type HarnessCeiling, measureHarnessCeiling } from './harness-ceiling.js';
import type { MeasureContext, MeasurePhase, RunMeasure } from './measure.js';
import { ReadMeasure } from './read-measure.js';
import { openRunHops, type RunHops } from './run-hops.js';
import { TargetCountsMeasure } from './target-counts.js';

export interface RunOptions {
  /** Parent directory of the run directories (default "results"). */
  outDir: string;
  /** Seconds of the harness-ceiling probe; 0 skips it. */
  ceilingS: number;
  /** Cores a managed backend is pinned to (taskset), or null. */
  backendCores?: number[] | null;
  /** A managed backend's CPU quota in cores (a cgroup CFS quota), or null. */
  backendCpuLimitCores?: number | null;
  /** Aborting stops the load; the result is written and marked partial. */
  signal?: AbortSignal;
  onProgress?: (scenario: Scenario, progress: LoadProgress) => void;
  onPhase?: (scenario: Scenario, phase: 'target' | 'ceiling' | 'load' | MeasurePhase | 'done') => void;
  /** Measure freshness, completeness and query latency where the target has a read probe (default true). */
  readPath?: boolean;
  /** Flush a managed backend after the load and measure its data dir's bytes (default true). */
  diskFigures?: boolean;
  /** This process is one shard of a run spread over processes (scenario/shard-rules.ts checked it). */
  shard?: ShardSpec | null;
}

/**
 * Why a shard counts what it sent from the target's answers: a backend's own counters count every
 * shard's items, not this one's.
 */
const SHARD_COUNTS_NOTE =
  "a shard counts its accepted items from the target's answers: the backend's own counters count every shard's items (compare them with the merged result)";

export interface ScenarioRun {
  result: RunResult;
  resultDir: string;
  resultPath: string;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioRun> {
  const startedAt = new Date();
  const shard = options.shard ?? null;
  const dirName = shard ? `${scenario.name}-shard-${shard.index}-of-${shard.count}` : scenario.name;
  const resultDir = await createResultDir(startedAt, dirName, options.outDir);
  options.onPhase?.(scenario, 'target');
  const backendCores = options.backendCores ?? null;
  const backendCpuLimitCores = options.backendCpuLimitCores ?? null;
  const hops = await openRunHops(scenario, { logDir: resultDir, backendCores, backendCpuLimitCores }).catch(
    async (error: unknown) => {
      // Nothing ran: leave no empty result directory behind (a backend log, if any, stays).
      await rmdir(resultDir).catch(() => {});
      throw error;
    },
  );
  const measures: RunMeasure[] = [];
  let deathMessage = '';
  try {
    let ceiling: HarnessCeiling | null = null;
    // The built-in sink speaks every protocol (OTLP, remote write, Loki push): always measurable.
    if (options.ceilingS > 0 && !options.signal?.aborted) {
      options.onPhase?.(scenario, 'ceiling');
      // With the backend pinned apart, the sink goes to its cores: the ceiling is the harness alone.
      ceiling = await measureHarnessCeiling(
        scenario,
        options.ceilingS,
        backendCores !== null && backendCores.length > 0 ? backendCores : null,
      );
    }
    options.onPhase?.(scenario, 'load');
    measures.push(...measuresOf(scenario, hops, resultDir, options));
    for (const measure of measures) await measure.start();
    const engine = new LoadEngine({
      scenario,
      endpoint: hops.loadEndpoint,
      shard,
      // A trace store's read path fetches a sample of the run's own traces back by ID.
      sampleTraces: measures.some((m) => m instanceof ReadMeasure && m.wantsTraceSample),
      onProgress: (p) => options.onProgress?.(scenario, p),
    });
    hops.onDeath((message) => {
      deathMessage = message;
      engine.stop(message);
    });
    const outcome = await runUntilStopped(engine, options.signal);
    const ctx: MeasureContext = {
      outcome,
      // Read whenever asked: a death or Ctrl-C during the measures counts for the ones after it.
      get died() {
        return deathMessage !== '';
      },
      get interrupted() {
        return options.signal?.aborted ?? false;
      },
      found: noFindings(),
    };
    for (const measure of measures) await measure.loadEnded(ctx);
    for (const measure of measures) {
      if (measure.phase) options.onPhase?.(scenario, measure.phase);
      await measure.finish(ctx);
    }
    const found = ctx.found;
    const result = buildRunResult({
      scenario,
      outcome,
      tool: toolInfo(),
      env: environment(backendCores, backendCpuLimitCores),
      startedAt,
      endedAt: new Date(),
      ceiling,
      targetCounts: found.targetCounts,
      targetCountsNote: shard ? SHARD_COUNTS_NOTE : hops.target.countsNote,
      backendName: hops.target.name,
      backendVersion: hops.target.version,
      stopReason: deathMessage || outcome.stopReason,
      measurement: found.backend,
      read: found.read,
      downstream: found.downstream,
      shard,
    });
    const resultPath = await writeResultAtomic(
      resultDir,
      'result.json',
      `${JSON.stringify(result, null, 2)}\n`,
    );
    options.onPhase?.(scenario, 'done');
    return { result, resultDir, resultPath };
  } finally {
    for (const measure of measures) await measure.dispose();
    await hops.close();
  }
}

/** Runs the load; Ctrl-C (the abort signal) stops it early. */
async function runUntilStopped(engine: LoadEngine, signal: AbortSignal | undefined): Promise<LoadOutcome> {
  const onAbort = (): void => engine.stop('interrupted');
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await engine.run();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * What the run measures besides the load, in the order they finish: each may read what the ones
 * before it found (the downstream expects what the target accepted; the read path needs to know
 * whether the backend still answered).
 */
function measuresOf(
  scenario: Scenario,
  hops: RunHops,
  resultDir: string,
  options: Pick<RunOptions, 'readPath' | 'diskFigures' | 'shard'>,
): RunMeasure[] {
  // A shard's backend holds every shard's items: its counters and its read path are the merge's.
  const shard = (options.shard ?? null) !== null;
  const list: RunMeasure[] = shard ? [] : [new TargetCountsMeasure(hops.target)];
  const route = scenario.route.downstream;
  if (hops.downstream && route) list.push(new DownstreamMeasure(hops.downstream, route));
  if (hops.target.probe)
    list.push(new BackendMeasure(hops.target.probe, resultDir, options.diskFigures !== false));
  const reader =
    !shard && options.readPath !== false && hops.target.readBaseUrl
      ? ReadMeasure.of(
          scenario,
          hops.target.readBaseUrl,
          // Canaries are written over OTLP/HTTP: an external store loaded over gRPC has no such address here.
          /^https?:\/\//i.test(hops.target.urls.otlpHttpBase) ? hops.target.urls.otlpHttpBase : undefined,
          hops.target.restart,
        )
      : null;
  if (reader) list.push(reader);
  return list;
}
