// The read path of a run: canaries written during the load measure freshness (write accepted ->
// queryable); after it, completeness (items the backend returns for the run's window against
// items sent; for trace stores also the run's trace sample fetched back by ID) and query latency
// (the backend's queries at a fixed rate). Only for targets with a read probe
// (src/targets/read-registry.ts).
//
// A managed backend that died during the run is started again on its data dir, and completeness
// is checked on it against what it acknowledged before it died: what a crash lost.

import type { Scenario } from '../model/scenario.js';
import type { SampledTrace, TraceSampleReport } from '../model/trace-sample.js';
import {
  type CompletenessReport,
  FreshnessProbe,
  type FreshnessResult,
  measureQueries,
  type QueryLatency,
  type ReadContext,
  type ReadProbe,
} from '../probes/read/index.js';
import { checkTraceSample } from '../probes/read/trace-sample-check.js';
import { readProbeFor } from '../targets/read-registry.js';
import { checkCompleteness } from './completeness.js';
import type { MeasureContext, RunMeasure } from './measure.js';
import { withTimeout } from './with-timeout.js';

/** A canary every second, polled every 100 ms, given up after 15 s. */
const FRESHNESS = { intervalMs: 1000, pollMs: 100, timeoutMs: 15_000 };
const QUERIES = { requestsPerQuery: 20, ratePerS: 20, timeoutMs: 10_000 };
/** Items may carry timestamps a little ahead of the wall clock (strictly increasing per series). */
const WINDOW_AFTER_MS = 60_000;
const WINDOW_BEFORE_MS = 1000;
const CANARY_GRACE_MS = 5000;
/** The probes' own HTTP calls: canaries are tiny, counts and queries small at these scales. */
const PROBE_REQUEST_TIMEOUT_MS = 5000;
/** A dead backend restarted on its data dir gets this long to replay its log and be ready. */
const RESTART_READY_TIMEOUT_MS = 30_000;

export class ReadMeasure implements RunMeasure {
  readonly phase = 'read' as const;
  private freshness: FreshnessProbe | null = null;
  private freshnessResult: FreshnessResult | null = null;

  private constructor(
    private readonly probe: ReadProbe,
    private readonly ctx: ReadContext,
    private readonly restart: ((readyTimeoutMs: number) => Promise<void>) | null,
  ) {}

  /** True when the load should sample its traces for this read path (trace stores). */
  get wantsTraceSample(): boolean {
    return this.probe.spansOfTrace !== undefined && this.ctx.signal === 'traces';
  }

  /**
   * The read path of a target whose query API is at `baseUrl` (canaries of trace stores go to its
   * OTLP/HTTP receiver at `ingestBaseUrl`), or null when obsbench has no read probe for it.
   * `restart` starts a managed backend again on its data dir after it died.
   */
  static of(
    scenario: Scenario,
    baseUrl: string,
    ingestBaseUrl?: string,
    restart: ((readyTimeoutMs: number) => Promise<void>) | null = null,
  ): ReadMeasure | null {
    const probe = readProbeFor(scenario.target.kind);
    if (!probe) return null;
    // The window holds this run only: it opens now, before the load, and closes after its
    // longest possible end (warmup, duration, the last request's timeouts).
    const now = Date.now();
    const l = scenario.load;
    const longestRunMs = (l.warmupS + l.durationS) * 1000 + l.requestTimeoutMs * (l.maxRetries + 1);
    return new ReadMeasure(
      probe,
      {
        baseUrl,
        ...(ingestBaseUrl === undefined ? {} : { ingestBaseUrl }),
        signal: scenario.signal,
        shape: scenario.shape,
        seed: scenario.seed,
        fromUs: Math.round((now - WINDOW_BEFORE_MS) * 1000),
        toUs: Math.round((now + longestRunMs + WINDOW_AFTER_MS) * 1000),
        requestTimeoutMs: PROBE_REQUEST_TIMEOUT_MS,
      },
      restart,
    );
  }

  /** Starts the canaries as the load starts. */
  async start(): Promise<void> {
    // Not awaited: the load starts on time; measured canaries begin once the first one (a new
    // series, seconds on VictoriaMetrics) is visible, so a very short run may have no sample.
    this.freshness = new FreshnessProbe(this.probe, this.ctx, FRESHNESS);
    this.freshness.start();
  }

  /** Stops the canaries; tells the run how many the target's ingest counter also counts. */
  async loadEnded(ctx: MeasureContext): Promise<void> {
    await this.stopCanaries();
    if (this.probe.canariesInIngestCounter) {
      ctx.found.canariesCounted = this.freshnessResult?.writesAccepted ?? 0;
    }
  }

  /**
   * Ends the canaries when the load ends, so they neither outlast it nor land in disk figures.
   * Canaries in flight get a few seconds to show; after that (a dead or frozen backend) they are
   * abandoned, so a run never waits out their timeouts.
   */
  private async stopCanaries(): Promise<void> {
    if (this.freshnessResult || !this.freshness) return;
    const freshness = this.freshness;
    const stopped = freshness.stop();
    if ((await withTimeout(stopped, CANARY_GRACE_MS)) === null) freshness.abandon();
    this.freshnessResult = await stopped;
  }

  /** Completeness against every item sent and the queries, unless the backend cannot answer. */
  async finish(ctx: MeasureContext): Promise<void> {
    await this.stopCanaries();
    const freshness = this.freshnessResult as FreshnessResult;
    // A frozen backend (SIGSTOP) answers nothing: the backend probes found out, the reader need not.
    const answering = ctx.found.backend ? ctx.found.backend.answering : true;
    if (ctx.died && !ctx.interrupted && this.restart)
      return this.finishAfterRestart(ctx, freshness, this.restart);
    if (!answering || ctx.died || ctx.interrupted) {
      ctx.found.read = {
        queries: {},
        freshness,
        completeness: null,
        traceSample: null,
        afterRestart: false,
        note: 'read path not measured: the backend was not answering',
      };
      return;
    }
    const notes: string[] = [];
    const completeness = await this.completeness(ctx.outcome.counters.itemsSentAllPhases, notes);
    const traceSample = await this.traceSample(ctx.outcome.sampledTraces, notes);
    let queries: Record<string, QueryLatency> = {};
    try {
      queries = await measureQueries(this.probe, this.ctx, QUERIES);
    } catch (error) {
      notes.push(`queries not measured: ${messageOf(error)}`);
    }
    ctx.found.read = {
      queries,
      freshness,
      completeness,
      traceSample,
      afterRestart: false,
      note: notes.join('; '),
    };
  }

  /**
   * The backend died: started again on its data dir, it is asked for the items it acknowledged
   * before it died (and the trace sample, all of it acknowledged). Queries are not measured: a
   * backend replaying its log is not the one that ran the load.
   */
  private async finishAfterRestart(
    ctx: MeasureContext,
    freshness: FreshnessResult,
    restart: (readyTimeoutMs: number) => Promise<void>,
  ): Promise<void> {
    const notes: string[] = [];
    let completeness: CompletenessReport | null = null;
    let traceSample: TraceSampleReport | null = null;
    try {
      await restart(RESTART_READY_TIMEOUT_MS);
      notes.push(
        'the backend died during the run: completeness was checked after starting it again on the same data dir, against what it acknowledged before it died; queries were not measured',
      );
      completeness = await this.completeness(ctx.outcome.counters.itemsAcceptedAllPhases, notes);
      traceSample = await this.traceSample(ctx.outcome.sampledTraces, notes);
    } catch (error) {
      notes.push(
        `read path not measured: the backend died, and starting it again on its data dir failed: ${messageOf(error)}`,
      );
    }
    ctx.found.read = {
      queries: {},
      freshness,
      completeness,
      traceSample,
      afterRestart: completeness !== null || traceSample !== null,
      note: notes.join('; '),
    };
  }

  private async completeness(expected: number, notes: string[]): Promise<CompletenessReport | null> {
    try {
      return await checkCompleteness(this.probe, this.ctx, expected);
    } catch (error) {
      notes.push(`completeness not checked: ${messageOf(error)}`);
      return null;
    }
  }

  /** The run's trace sample fetched back, when the store can be asked by ID and there is one. */
  private async traceSample(
    sample: readonly SampledTrace[],
    notes: string[],
  ): Promise<TraceSampleReport | null> {
    const probe = this.probe;
    if (probe.spansOfTrace === undefined || !this.wantsTraceSample) return null;
    if (sample.length === 0) {
      notes.push(
        'trace sample not checked: no request held a whole trace (batchSize under 2 x spansPerTrace) or none was acknowledged',
      );
      return null;
    }
    const spansOfTrace = probe.spansOfTrace.bind(probe);
    return checkTraceSample({ spansOfTrace }, this.ctx, sample);
  }

  /** Stops the canaries without measuring (the run failed before its end). */
  async dispose(): Promise<void> {
    await this.stopCanaries().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
