// The read path of a run: canaries written during the load measure freshness (write accepted ->
// queryable); after it, completeness (items the backend returns for the run's window against
// items sent) and query latency (the backend's queries at a fixed rate). Only for targets with a
// read probe (src/targets/read-registry.ts).

import type { Scenario } from '../model/scenario.js';
import {
  type CompletenessReport,
  FreshnessProbe,
  type FreshnessResult,
  measureQueries,
  type QueryLatency,
  type ReadContext,
  type ReadProbe,
} from '../probes/read/index.js';
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

export class ReadMeasure implements RunMeasure {
  readonly phase = 'read' as const;
  private freshness: FreshnessProbe | null = null;
  private freshnessResult: FreshnessResult | null = null;

  private constructor(
    private readonly probe: ReadProbe,
    private readonly ctx: ReadContext,
  ) {}

  /**
   * The read path of a target whose query API is at `baseUrl` (canaries of trace stores go to its
   * OTLP/HTTP receiver at `ingestBaseUrl`), or null when obsbench has no read probe for it.
   */
  static of(scenario: Scenario, baseUrl: string, ingestBaseUrl?: string): ReadMeasure | null {
    const probe = readProbeFor(scenario.target.kind);
    if (!probe) return null;
    // The window holds this run only: it opens now, before the load, and closes after its
    // longest possible end (warmup, duration, the last request's timeouts).
    const now = Date.now();
    const l = scenario.load;
    const longestRunMs = (l.warmupS + l.durationS) * 1000 + l.requestTimeoutMs * (l.maxRetries + 1);
    return new ReadMeasure(probe, {
      baseUrl,
      ...(ingestBaseUrl === undefined ? {} : { ingestBaseUrl }),
      signal: scenario.signal,
      shape: scenario.shape,
      seed: scenario.seed,
      fromUs: Math.round((now - WINDOW_BEFORE_MS) * 1000),
      toUs: Math.round((now + longestRunMs + WINDOW_AFTER_MS) * 1000),
      requestTimeoutMs: PROBE_REQUEST_TIMEOUT_MS,
    });
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
    if (!answering || ctx.died || ctx.interrupted) {
      ctx.found.read = {
        queries: {},
        freshness,
        completeness: null,
        note: 'read path not measured: the backend was not answering',
      };
      return;
    }
    const notes: string[] = [];
    let completeness: CompletenessReport | null = null;
    try {
      completeness = await checkCompleteness(this.probe, this.ctx, ctx.outcome.counters.itemsSentAllPhases);
    } catch (error) {
      notes.push(`completeness not checked: ${messageOf(error)}`);
    }
    let queries: Record<string, QueryLatency> = {};
    try {
      queries = await measureQueries(this.probe, this.ctx, QUERIES);
    } catch (error) {
      notes.push(`queries not measured: ${messageOf(error)}`);
    }
    ctx.found.read = { queries, freshness, completeness, note: notes.join('; ') };
  }

  /** Stops the canaries without measuring (the run failed before its end). */
  async dispose(): Promise<void> {
    await this.stopCanaries().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
