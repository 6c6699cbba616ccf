// Read-path query latency: each of a backend's queries in turn at a fixed request rate (autocannon,
// a fixed number of requests against one URL), every response time recorded in obsbench's HDR
// histogram so the summaries merge like the load's own. Failed requests are counted, not timed.
//
// Times are corrected for coordinated omission: the k-th answer is charged at least the time since
// the k-th request was due on the fixed-rate schedule (start + k / rate), so a query slow enough
// to make requests queue behind it shows that wait instead of only its service time. While the
// backend keeps up, that is the response time autocannon measured.

import autocannon, { type Result as AutocannonResult } from 'autocannon';
import type { LatencySummary } from '../../model/run-result.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { ReadContext, ReadProbe } from './read-probe.js';

export interface QueryLoadOptions {
  /** Requests per query. */
  requestsPerQuery: number;
  /** Fixed request rate per query. */
  ratePerS: number;
  timeoutMs: number;
  /** Keep-alive connections (default 2; never more than requestsPerQuery). */
  connections?: number;
}

export interface QueryLatency extends LatencySummary {
  /** Requests answered with 2xx; `count` is the same number. */
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  description: string;
}

export async function measureQueries(
  probe: ReadProbe,
  ctx: ReadContext,
  o: QueryLoadOptions,
): Promise<Record<string, QueryLatency>> {
  const out: Record<string, QueryLatency> = {};
  for (const query of await probe.queries(ctx)) {
    const measured = await measureOne(`${ctx.baseUrl}${query.path}`, o);
    out[query.name] = { ...measured, description: query.description };
  }
  return out;
}

async function measureOne(url: string, o: QueryLoadOptions): Promise<Omit<QueryLatency, 'description'>> {
  const histogram = new LatencyHistogram();
  let non2xx = 0;
  let answered = 0;
  const intervalMs = 1000 / o.ratePerS;
  const startedAt = performance.now();
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        amount: o.requestsPerQuery,
        overallRate: o.ratePerS,
        connections: Math.max(1, Math.min(o.connections ?? 2, o.requestsPerQuery)),
        timeout: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      const dueAt = startedAt + answered * intervalMs;
      answered++;
      const fromDueMs = performance.now() - dueAt;
      if (statusCode >= 200 && statusCode < 300) histogram.recordMs(Math.max(responseTimeMs, fromDueMs));
      else non2xx++;
    });
  });
  const summary = histogram.summary();
  return {
    ...summary,
    requests: summary.count,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
