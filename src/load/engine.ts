// The main-thread side of load generation: starts one worker thread per `load.workers`, merges
// their progress for the caller, relays stop requests, and merges their final counters and HDR
// histograms exactly.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nowEpochMs } from '../clock.js';
import { ObsbenchError, type ObsbenchErrorCode } from '../errors.js';
import type { TimeseriesPoint } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import { runNonceOf, type ShardSpec, workerSlice } from '../model/shard.js';
import type { SampledTrace } from '../model/trace-sample.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { mergeTimeseries } from '../stats/rate-window.js';
import { ProcessCpuWindow } from './process-cpu-window.js';
import { templatePoolItemsFor } from './template-replay.js';
import {
  addCounters,
  emptyCounters,
  type FromWorker,
  type LoadCounters,
  type ProgressSnapshot,
  type ToWorker,
  type WorkerConfig,
  type WorkerFinal,
} from './worker-protocol.js';

/**
 * Seconds a worker may overrun its plan plus one request timeout (it aborts what is still in
 * flight then) before it is terminated; its last progress report then stands in for its final.
 */
const WORKER_GRACE_S = 5;

export interface LoadProgress {
  elapsedS: number;
  totalS: number;
  phase: 'warmup' | 'run';
  counters: LoadCounters;
  inFlight: number;
  lastSecondP99Ms: number;
}

export interface LoadOutcome {
  counters: LoadCounters;
  latency: LatencyHistogram;
  serviceTime: LatencyHistogram;
  scheduleLag: LatencyHistogram;
  /** Per second: items summed over workers; p99 is the highest worker p99 (an upper bound). */
  timeseries: TimeseriesPoint[];
  errors: { message: string; count: number }[];
  /** '' when every worker ran its whole plan. */
  stopReason: string;
  measuredDurationS: number;
  /** Epoch ms at which the measured phase began (after warmup). */
  measureStartEpochMs: number;
  /** Cores' worth of CPU this process used over the measured phase (load/process-cpu-window.ts); null if it never began. */
  harnessCoresBusy: number | null;
  /** Traces sent whole and acknowledged, sampled by the workers; empty unless asked for. */
  sampledTraces: SampledTrace[];
}

export interface LoadEngineOptions {
  scenario: Scenario;
  endpoint: string;
  /** Epoch ms at which the plan starts; default: 200 ms from now, so every worker is up. */
  planStartEpochMs?: number;
  runNonce?: number;
  /**
   * This process's shard of the run, or null: its workers drive the shard's slices, the plan
   * starts at the shard's start time and trace IDs mix in the run id.
   */
  shard?: ShardSpec | null;
  onProgress?: (progress: LoadProgress) => void;
  /** Workers take a sample of the traces they send whole, for the read path (default false). */
  sampleTraces?: boolean;
}

function workerEntryUrl(): URL {
  const js = new URL('./worker-entry.js', import.meta.url);
  // Under tsx (development) only the .ts source exists.
  return existsSync(fileURLToPath(js)) ? js : new URL('./worker-entry.ts', import.meta.url);
}

/** Under tsx (development) the worker registers the TypeScript loader before loading its entry. */
function startWorker(url: URL, workerData: WorkerConfig): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class LoadEngine {
  private readonly workers: Worker[] = [];
  /** Per worker: bring its termination deadline forward to a stop at the given time. */
  private readonly killDeadlines: ((stoppedAtEpochMs: number) => void)[] = [];
  private readonly options: LoadEngineOptions;
  private stopReason = '';

  constructor(options: LoadEngineOptions) {
    this.options = options;
  }

  /**
   * Ask every worker to stop scheduling; in-flight requests get one request timeout, then are
   * aborted, and a worker that has not reported a few seconds after that is terminated.
   */
  stop(reason: string): void {
    if (!this.stopReason) this.stopReason = reason;
    const message: ToWorker = { cmd: 'stop', reason };
    for (const w of this.workers) w.postMessage(message);
    const now = nowEpochMs();
    for (const rearm of this.killDeadlines) rearm(now);
  }

  async run(): Promise<LoadOutcome> {
    if (this.stopReason) {
      // Stopped before it started (the target died first): nothing to run.
      const outcome = mergeFinals([], this.stopReason);
      outcome.measureStartEpochMs = nowEpochMs();
      return outcome;
    }
    const { scenario, endpoint } = this.options;
    const load = scenario.load;
    const workerCount = load.workers;
    const shard = this.options.shard ?? null;
    const planStartEpochMs =
      shard?.startAtEpochMs ?? this.options.planStartEpochMs ?? nowEpochMs() + startLeadMs(scenario);
    if (shard !== null) checkStartAhead(shard, scenario, nowEpochMs());
    const startTimeUnixUs = Math.round(planStartEpochMs * 1000);
    const runNonce = this.options.runNonce ?? (shard ? runNonceOf(shard.runId) : startTimeUnixUs);
    const totalS = load.warmupS + load.durationS;
    const snapshots: (ProgressSnapshot | undefined)[] = new Array(workerCount);
    const url = workerEntryUrl();
    const cpu = new ProcessCpuWindow(
      planStartEpochMs + load.warmupS * 1000,
      planStartEpochMs + totalS * 1000,
    );

    const finals = await Promise.all(
      Array.from({ length: workerCount }, (_, workerIndex) => {
        const config: WorkerConfig = {
          scenario,
          endpoint,
          workerIndex,
          workerCount,
          slice: workerSlice(shard, workerIndex, workerCount),
          planStartEpochMs,
          startTimeUnixUs,
          runNonce,
          sampleTraces: this.options.sampleTraces ?? false,
        };
        const worker = startWorker(url, config);
        this.workers.push(worker);
        return new Promise<WorkerFinal>((resolve, reject) => {
          let settled = false;
          const kill = (): void => {
            if (settled) return;
            const reason =
              `load worker ${workerIndex} did not finish within ${WORKER_GRACE_S} s of its deadline and ` +
              'was terminated; its last reported counters are kept, its latencies are lost';
            this.stop(reason);
            settle(() => resolve(finalFromSnapshot(workerIndex, snapshots[workerIndex], load, reason)));
            void worker.terminate();
          };
          // Its deadline: one request timeout after the plan ends, or after a stop if sooner.
          let killAtEpochMs =
            planStartEpochMs + totalS * 1000 + load.requestTimeoutMs + WORKER_GRACE_S * 1000;
          let killTimer = setTimeout(kill, killAtEpochMs - nowEpochMs());
          this.killDeadlines.push((stoppedAtEpochMs) => {
            const at = stoppedAtEpochMs + load.requestTimeoutMs + WORKER_GRACE_S * 1000;
            if (settled || at >= killAtEpochMs) return;
            killAtEpochMs = at;
            clearTimeout(killTimer);
            killTimer = setTimeout(kill, at - nowEpochMs());
          });
          const settle = (fn: () => void): void => {
            if (settled) return;
            settled = true;
            clearTimeout(killTimer);
            fn();
          };
          worker.on('message', (message: FromWorker) => {
            if (message.cmd === 'progress') {
              snapshots[workerIndex] = message.snapshot;
              if (workerIndex === 0) this.emitProgress(snapshots, totalS);
            } else if (message.cmd === 'done') {
              settle(() => resolve(message.final));
            } else if (message.cmd === 'fatal') {
              this.stop(`worker ${workerIndex} failed: ${message.message}`);
              settle(() => reject(workerError(message.code, message.message)));
            }
          });
          worker.on('error', (error) => {
            this.stop(`worker ${workerIndex} crashed`);
            settle(() =>
              reject(
                new ObsbenchError('E_INTERNAL', `load worker ${workerIndex} crashed: ${error.message}`, {
                  cause: error,
                }),
              ),
            );
          });
          worker.on('exit', (code) => {
            settle(() =>
              reject(
                new ObsbenchError(
                  'E_INTERNAL',
                  `load worker ${workerIndex} exited (code ${code}) before reporting`,
                ),
              ),
            );
          });
        });
      }),
    ).finally(() => cpu.close());
    const outcome = mergeFinals(finals, this.stopReason);
    outcome.measureStartEpochMs = planStartEpochMs + load.warmupS * 1000;
    outcome.harnessCoresBusy = cpu.coresBusy();
    return outcome;
  }

  private emitProgress(snapshots: (ProgressSnapshot | undefined)[], totalS: number): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    const counters = emptyCounters();
    let inFlight = 0;
    let p99 = 0;
    let elapsedS = 0;
    let phase: 'warmup' | 'run' = 'warmup';
    for (const s of snapshots) {
      if (!s) continue;
      addCounters(counters, s.counters);
      inFlight += s.inFlight;
      p99 = Math.max(p99, s.lastSecondP99Ms);
      elapsedS = Math.max(elapsedS, s.elapsedS);
      if (s.phase === 'run') phase = 'run';
    }
    onProgress({ elapsedS, totalS, phase, counters, inFlight, lastSecondP99Ms: p99 });
  }
}

/** A terminated worker's final: the counters of its last progress report, no latencies. */
function finalFromSnapshot(
  workerIndex: number,
  snapshot: ProgressSnapshot | undefined,
  load: Scenario['load'],
  stopReason: string,
): WorkerFinal {
  const empty = new LatencyHistogram().toBase64();
  return {
    workerIndex,
    counters: snapshot ? { ...snapshot.counters } : emptyCounters(),
    latencyHdr: empty,
    serviceTimeHdr: empty,
    scheduleLagHdr: empty,
    timeseries: [],
    errors: [],
    stopReason,
    sampledTraces: [],
    measuredDurationS: snapshot ? Math.min(load.durationS, Math.max(0, snapshot.elapsedS - load.warmupS)) : 0,
  };
}

function workerError(code: string, message: string): ObsbenchError {
  const known = code.startsWith('E_') ? (code as ObsbenchErrorCode) : 'E_INTERNAL';
  return new ObsbenchError(known, message);
}

function mergeFinals(finals: WorkerFinal[], engineStopReason: string): LoadOutcome {
  const counters = emptyCounters();
  const latency = new LatencyHistogram();
  const serviceTime = new LatencyHistogram();
  const scheduleLag = new LatencyHistogram();
  const errors = new Map<string, number>();
  let stopReason = engineStopReason;
  let measuredDurationS = 0;
  for (const f of finals) {
    addCounters(counters, f.counters);
    latency.merge(f.latencyHdr);
    serviceTime.merge(f.serviceTimeHdr);
    scheduleLag.merge(f.scheduleLagHdr);
    for (const e of f.errors) errors.set(e.message, (errors.get(e.message) ?? 0) + e.count);
    if (!stopReason && f.stopReason) stopReason = f.stopReason;
    measuredDurationS = Math.max(measuredDurationS, f.measuredDurationS);
  }
  return {
    counters,
    latency,
    serviceTime,
    scheduleLag,
    timeseries: mergeTimeseries(finals.map((f) => f.timeseries)),
    errors: [...errors].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count),
    stopReason,
    measuredDurationS,
    measureStartEpochMs: 0,
    harnessCoresBusy: null,
    sampledTraces: finals.flatMap((f) => f.sampledTraces),
  };
}

/** The least time before --start-at at which a shard's workers may still be started. */
const SHARD_MIN_LEAD_MS = 2000;

/** What the workers need before a plan starts: their start-up, plus building template pools. */
function startLeadMs(scenario: Scenario): number {
  return 200 * scenario.load.workers + templateBuildLeadMs(scenario);
}

/**
 * A shard whose agreed start is too close (or past) cannot line its seconds up with the others':
 * an error before any load, naming the flag.
 */
function checkStartAhead(shard: ShardSpec, scenario: Scenario, nowMs: number): void {
  // Shards often start together on a busy machine (or pod): their workers get more than the usual lead.
  const leadMs = Math.max(SHARD_MIN_LEAD_MS, startLeadMs(scenario));
  if (shard.startAtEpochMs - nowMs >= leadMs) return;
  const late = ((nowMs + leadMs - shard.startAtEpochMs) / 1000).toFixed(1);
  throw new ObsbenchError(
    'E_USAGE',
    `--start-at: shard ${shard.index} of ${shard.count} was ready ${late} s too late for ${new Date(shard.startAtEpochMs).toISOString()} ` +
      '(its workers need to be up first); start every shard again with a later --start-at and a new --run-id',
  );
}

/** Generating, encoding and scanning one pool item, JIT warm-up included (131072 default spans built in 665 ms: ~5 us each). */
const TEMPLATE_BUILD_US_PER_ITEM = 6;

/**
 * Time to let the workers build their template pools before the plan starts, so that the first
 * scheduled requests are not late by the build (workers build in parallel, a core each).
 */
function templateBuildLeadMs(scenario: Scenario): number {
  const poolItems = templatePoolItemsFor(scenario.signal, scenario.load);
  if (poolItems === 0 || scenario.route.stampSendTime) return 0;
  const rounds = Math.ceil(scenario.load.workers / Math.max(1, availableParallelism()));
  return Math.round((poolItems * TEMPLATE_BUILD_US_PER_ITEM * rounds) / 1000);
}
