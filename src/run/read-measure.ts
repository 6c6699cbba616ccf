// The read path of a run (issue 4, items 3 and 4): canaries written during the load measure
// freshness (write accepted -> queryable); after it, completeness (items the backend returns for
// the run's window against items sent) and query latency (the backend's queries at a fixed
// rate). Only for targets with a read probe (src/probes/read/registry.ts).

import {
  type CompletenessReport,
  checkCompleteness,
  FreshnessProbe,
  type FreshnessResult,
  measureQueries,
  type QueryLatency,
  type ReadContext,
  type ReadProbe,
  readProbeFor,
} from '../probes/read/index.js';
import type { Scenario } from '../scenario/types.js';
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

export interface ReadMeasurement {
  queries: Record<string, QueryLatency>;
  freshness: FreshnessResult;
  completeness: CompletenessReport | null;
  /** Why something was not measured, '' when all was. */
  note: string;
}

export class ReadMeasure {
  private constructor(
    private readonly probe: ReadProbe,
    private readonly ctx: ReadContext,
    private readonly freshness: FreshnessProbe,
  ) {}

  /** Starts the canaries as the load starts. */
  static start(scenario: Scenario, baseUrl: string): ReadMeasure | null {
    const probe = readProbeFor(scenario.target.kind);
    if (!probe) return null;
    // The window holds this run only: it opens now, before the load, and closes after its
    // longest possible end (warmup, duration, the last request's timeouts).
    const now = Date.now();
    const l = scenario.load;
    const longestRunMs = (l.warmupS + l.durationS) * 1000 + l.requestTimeoutMs * (l.maxRetries + 1);
    const ctx: ReadContext = {
      baseUrl,
      signal: scenario.signal,
      shape: scenario.shape,
      seed: scenario.seed,
      fromUs: Math.round((now - WINDOW_BEFORE_MS) * 1000),
      toUs: Math.round((now + longestRunMs + WINDOW_AFTER_MS) * 1000),
      requestTimeoutMs: PROBE_REQUEST_TIMEOUT_MS,
    };
    // Not awaited: the load starts on time; measured canaries begin once the first one (a new
    // series, seconds on VictoriaMetrics) is visible, so a very short run may have no sample.
    const freshness = new FreshnessProbe(probe, ctx, FRESHNESS);
    freshness.start();
    return new ReadMeasure(probe, ctx, freshness);
  }

  private freshnessResult: FreshnessResult | null = null;

  /**
   * Ends the canaries when the load ends, so they neither outlast it nor land in disk figures.
   * Canaries in flight get a few seconds to show; after that (a dead or frozen backend) they are
   * abandoned, so a run never waits out their timeouts.
   */
  async stopCanaries(): Promise<void> {
    if (this.freshnessResult) return;
    const stopped = this.freshness.stop();
    if ((await withTimeout(stopped, CANARY_GRACE_MS)) === null) this.freshness.abandon();
    this.freshnessResult = await stopped;
  }

  /** Canaries the backend's own accepted-items counter includes (0 unless the probe says so). */
  canariesInIngestCounter(): number {
    return this.probe.canariesInIngestCounter ? (this.freshnessResult?.writesAccepted ?? 0) : 0;
  }

  /** Checks completeness against `expectedItems` and measures the queries (canaries stopped first). */
  async finish(expectedItems: number, backendAlive: boolean): Promise<ReadMeasurement> {
    await this.stopCanaries();
    const freshness = this.freshnessResult as FreshnessResult;
    if (!backendAlive) {
      return {
        queries: {},
        freshness,
        completeness: null,
        note: 'read path not measured: the backend was not answering',
      };
    }
    const notes: string[] = [];
    let completeness: CompletenessReport | null = null;
    try {
      completeness = await checkCompleteness(this.probe, this.ctx, expectedItems);
    } catch (error) {
      notes.push(`completeness not checked: ${messageOf(error)}`);
    }
    let queries: Record<string, QueryLatency> = {};
    try {
      queries = await measureQueries(this.probe, this.ctx, QUERIES);
    } catch (error) {
      notes.push(`queries not measured: ${messageOf(error)}`);
    }
    return { queries, freshness, completeness, note: notes.join('; ') };
  }

  /** Stops the canaries without measuring (the run failed before its end). */
  async dispose(): Promise<void> {
    await this.stopCanaries().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
