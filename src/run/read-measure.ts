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

/** A canary every second, polled every 100 ms, given up after 15 s. */
const FRESHNESS = { intervalMs: 1000, pollMs: 100, timeoutMs: 15_000 };
/** Longest wait for the first canary (a new series) before the load starts anyway. */
const READY_MAX_MS = 15_000;
const QUERIES = { requestsPerQuery: 20, ratePerS: 20, timeoutMs: 10_000 };
/** Items may carry timestamps a little ahead of the wall clock (strictly increasing per series). */
const WINDOW_AFTER_MS = 60_000;
const WINDOW_BEFORE_MS = 1000;

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

  /** Starts the canaries and waits (bounded) until the first is visible, so freshness is measurable from the load's start. */
  static async start(scenario: Scenario, baseUrl: string): Promise<ReadMeasure | null> {
    const probe = readProbeFor(scenario.target.kind);
    if (!probe) return null;
    // The window holds this run only: it opens now, before the load, and closes after its
    // longest possible end (readiness wait, warmup, duration, the last request's timeout).
    const now = Date.now();
    const l = scenario.load;
    const longestRunMs =
      READY_MAX_MS + (l.warmupS + l.durationS) * 1000 + l.requestTimeoutMs * (l.maxRetries + 1);
    const ctx: ReadContext = {
      baseUrl,
      signal: scenario.signal,
      shape: scenario.shape,
      seed: scenario.seed,
      fromUs: Math.round((now - WINDOW_BEFORE_MS) * 1000),
      toUs: Math.round((now + longestRunMs + WINDOW_AFTER_MS) * 1000),
    };
    const freshness = new FreshnessProbe(probe, ctx, FRESHNESS);
    freshness.start();
    await Promise.race([freshness.ready(), new Promise((resolve) => setTimeout(resolve, READY_MAX_MS))]);
    return new ReadMeasure(probe, ctx, freshness);
  }

  private freshnessResult: FreshnessResult | null = null;

  /** Ends the canaries when the load ends, so they neither outlast it nor land in disk figures. */
  async stopCanaries(): Promise<void> {
    if (!this.freshnessResult) this.freshnessResult = await this.freshness.stop();
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
