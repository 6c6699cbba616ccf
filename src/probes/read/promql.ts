// PromQL read probe shared by VictoriaMetrics and Prometheus: the same range queries over the
// generated series on both, and a stored data-point count per metric name over the run's window.
//
// Unit of countStored: OTLP data points. A gauge or sum point is one sample of one series; an
// explicit or exponential histogram point is many series in the Prometheus model (_bucket per
// bound, _sum, _count; or one native-histogram sample in Prometheus' OTLP receiver), but exactly one
// sample of its `_count` series (or of its native series). So counting samples of every series
// except `*_bucket`, `*_sum`, `target_info` and the canaries gives data points on both backends, for
// OTLP and remote write alike. This assumes generated gauge / sum names never end in _bucket, _sum
// or _count (true of the generator's catalog).

import { ObsbenchError } from '../../errors.js';
import type { MetricShape } from '../../model/shapes.js';
import { type GeneratedMetrics, generatedMetrics, type SeriesRef } from './generated-metrics.js';
import { DEFAULT_READ_TIMEOUT_MS, httpGetJson, withQuery } from './http.js';
import type { Canary, QuerySpec, ReadContext, ReadProbe, StoredCount } from './read-probe.js';

export const CANARY_METRIC = 'obsbench_canary';
/** Series that are not data points of the run. */
const NOT_COUNTED = /(_bucket|_sum)$|^target_info$|^obsbench_canary$/;
/** Instant queries in flight at once while counting, per backend. */
const COUNT_CONCURRENCY = 4;
/** Range queries return at most this many steps. */
const MAX_STEPS = 120;
const RATE_WINDOW = '1m';

export interface PromqlProbeOptions {
  /** Canaries count in the backend's accepted-items counter (see ReadProbe). */
  canariesInIngestCounter?: boolean;
  unit?: string;
  /**
   * Give every counting and canary query a never-repeated, always-true matcher. VictoriaMetrics
   * caches which series match a set of label filters; a canary polled before its series exists
   * gets "none" cached and stays invisible for seconds longer (seen: 7-9 s instead of 2.5-4 s).
   */
  bypassSeriesCache?: boolean;
  /** Added to every query (VictoriaMetrics: nocache=1, so a repeated query measures the query, not its cache). */
  extraParams: Record<string, string>;
  canary: Canary;
}

export interface PromResponse {
  status: string;
  error?: string;
  data?:
    | { resultType: string; result: { metric: Record<string, string>; value?: [number, string] }[] }
    | string[];
}

/** Evaluation time (s, ms precision) and the lookbehind (ms) that covers [fromUs, toUs], both ends included. */
export function countWindow(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): { timeS: string; windowMs: number } {
  const fromMs = Math.floor(ctx.fromUs / 1000);
  const toMs = Math.ceil(ctx.toUs / 1000);
  // Range selectors are left-open, (t - d, t]: one extra ms keeps a sample at fromMs inside.
  return { timeS: (toMs / 1000).toFixed(3), windowMs: toMs - fromMs + 1 };
}

export function rangeParams(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): {
  start: string;
  end: string;
  step: string;
} {
  const startS = Math.floor(ctx.fromUs / 1e6);
  const endS = Math.ceil(ctx.toUs / 1e6);
  const stepS = Math.max(1, Math.ceil((endS - startS) / MAX_STEPS));
  return { start: String(startS), end: String(endS), step: `${stepS}s` };
}

/**
 * `{__name__="n",k="v",k2!="w"}` with PromQL string escaping; label names are kept as the
 * generator wrote them.
 */
export function seriesSelector(
  name: string,
  labels: Record<string, string> = {},
  notEqual: Record<string, string> = {},
): string {
  const parts = [`__name__=${quote(name)}`];
  for (const [key, value] of Object.entries(labels)) parts.push(`${key}=${quote(value)}`);
  for (const [key, value] of Object.entries(notEqual)) parts.push(`${key}!=${quote(value)}`);
  return `{${parts.join(',')}}`;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

let pollNumber = 0;
/** A not-equal matcher on a label no series has: matches everything, and is new on every call. */
export function uncachedMatcher(bypass: boolean): Record<string, string> {
  return bypass ? { obsbench_poll: String(++pollNumber) } : {};
}

/** Metric names whose samples are data points (see the module comment). */
export function countableNames(names: readonly string[]): string[] {
  return names.filter((name) => !NOT_COUNTED.test(name));
}

/** The read-path queries, identical for every PromQL backend given the same generated metrics. */
export function promqlQueries(
  metrics: GeneratedMetrics,
  ctx: Pick<ReadContext, 'fromUs' | 'toUs'>,
  extraParams: Record<string, string> = {},
): QuerySpec[] {
  const range = { ...rangeParams(ctx), ...extraParams };
  const { timeS } = countWindow(ctx);
  const specs: QuerySpec[] = [];
  const rangeQuery = (name: string, query: string, description: string): void => {
    specs.push({ name, description, path: withQuery('/api/v1/query_range', { query, ...range }) });
  };
  specs.push({
    name: 'series_per_metric',
    description: 'instant: series count per metric name (index scan of every series)',
    path: withQuery('/api/v1/query', {
      query: 'count by (__name__) ({__name__=~".+"})',
      time: timeS,
      ...extraParams,
    }),
  });
  const sum = metrics.sums[0];
  if (sum) {
    const selector = `${seriesSelector(sum.name)}[${RATE_WINDOW}]`;
    rangeQuery('rate_sum', `sum(rate(${selector}))`, `range: total rate of counter ${sum.name}`);
    rangeQuery(
      'topk_rate',
      `topk(5, rate(${selector}))`,
      `range: top 5 series of counter ${sum.name} by rate`,
    );
  }
  const gauge: SeriesRef | undefined = metrics.gauges[0];
  if (gauge) {
    rangeQuery(
      'series_lookup',
      seriesSelector(gauge.name, gauge.labels),
      `range: one gauge series of ${gauge.name} by its labels`,
    );
  }
  const histogram = metrics.histograms[0];
  if (histogram) {
    rangeQuery(
      'histogram_p99',
      `histogram_quantile(0.99, sum by (le) (rate(${seriesSelector(`${histogram.name}_bucket`)}[${RATE_WINDOW}])))`,
      `range: p99 of histogram ${histogram.name} over all its series`,
    );
  }
  return specs;
}

/** Sum of an instant vector's values (0 for an empty vector); throws on an error response. */
export function sumVector(response: PromResponse, what: string): number {
  if (response.status !== 'success' || !response.data || Array.isArray(response.data)) {
    throw new ObsbenchError(
      'E_TARGET',
      `${what}: query failed: ${response.error ?? JSON.stringify(response).slice(0, 200)}`,
    );
  }
  let total = 0;
  for (const sample of response.data.result) total += Number(sample.value?.[1] ?? 0);
  return total;
}

export function labelValues(response: PromResponse, what: string): string[] {
  if (response.status !== 'success' || !Array.isArray(response.data)) {
    throw new ObsbenchError(
      'E_TARGET',
      `${what}: failed: ${response.error ?? JSON.stringify(response).slice(0, 200)}`,
    );
  }
  return response.data;
}

/** The labels of a run's canary series. */
export function canaryLabels(ctx: Pick<ReadContext, 'fromUs'>): Record<string, string> {
  return { run: String(Math.floor(ctx.fromUs)) };
}

/** Largest canary seq of the run visible now (the canary's value is its seq). */
export function canaryVisibleQuery(ctx: Pick<ReadContext, 'fromUs'>, bypassSeriesCache = false): string {
  return `max_over_time(${seriesSelector(CANARY_METRIC, canaryLabels(ctx), uncachedMatcher(bypassSeriesCache))}[10m])`;
}

export function promqlReadProbe(o: PromqlProbeOptions): ReadProbe {
  // Queries name generated series; the catalog is rebuilt once per (shape, seed).
  let cached: { shape: MetricShape; seed: number; metrics: GeneratedMetrics } | null = null;
  const metricsOf = (ctx: ReadContext): GeneratedMetrics => {
    const shape = ctx.shape as MetricShape;
    if (cached?.shape !== shape || cached.seed !== ctx.seed) {
      cached = { shape, seed: ctx.seed, metrics: generatedMetrics(shape, ctx.seed) };
    }
    return cached.metrics;
  };
  return {
    unit:
      o.unit ??
      'data points: samples of every series except *_bucket, *_sum and target_info (a histogram point counts once, by its _count or native sample)',
    queries: async (ctx) => promqlQueries(metricsOf(ctx), ctx, o.extraParams),
    countStored: (ctx) => countDataPoints(ctx, o.extraParams, o.bypassSeriesCache ?? false),
    canary: o.canary,
    canariesInIngestCounter: o.canariesInIngestCounter ?? false,
  };
}

async function countDataPoints(
  ctx: ReadContext,
  extraParams: Record<string, string>,
  bypassSeriesCache: boolean,
): Promise<StoredCount> {
  const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const range = rangeParams(ctx);
  const namesPath = withQuery('/api/v1/label/__name__/values', {
    start: range.start,
    end: range.end,
    ...extraParams,
  });
  const names = countableNames(
    labelValues(await httpGetJson<PromResponse>(`${ctx.baseUrl}${namesPath}`, timeoutMs), 'metric names'),
  );
  const { timeS, windowMs } = countWindow(ctx);
  const byGroup: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++];
      // Per name: count_over_time drops __name__, and two metrics with equal label sets would
      // collide in one vector ("vector cannot contain metrics with the same labelset").
      const query = `sum(count_over_time(${seriesSelector(name, {}, uncachedMatcher(bypassSeriesCache))}[${windowMs}ms]))`;
      const path = withQuery('/api/v1/query', { query, time: timeS, ...extraParams });
      byGroup[name] = sumVector(
        await httpGetJson<PromResponse>(`${ctx.baseUrl}${path}`, timeoutMs),
        `count of ${name}`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(COUNT_CONCURRENCY, names.length) }, worker));
  let total = 0;
  for (const name of names) total += byGroup[name];
  return { total, byGroup };
}

/** Polls the canary query at the current time; true once the run's canary series holds `seq` or later. */
export async function promqlCanaryVisible(
  ctx: ReadContext,
  seq: number,
  extraParams: Record<string, string>,
  bypassSeriesCache = false,
): Promise<boolean> {
  const path = withQuery('/api/v1/query', {
    query: canaryVisibleQuery(ctx, bypassSeriesCache),
    time: (Date.now() / 1000).toFixed(3),
    ...extraParams,
  });
  const response = await httpGetJson<PromResponse>(
    `${ctx.baseUrl}${path}`,
    ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
  );
  // The largest seq seen; an empty vector (no canary yet) sums to 0 but is not canary 0.
  const latest = sumVector(response, `canary ${seq}`);
  const result = response.data && !Array.isArray(response.data) ? response.data.result : [];
  return result.length > 0 && latest >= seq;
}
