// Jaeger's read path over its API v3 (the query service, jaeger_query): trace by ID
// (GET /api/v3/traces/<id>) and search (GET /api/v3/traces?query.service_name=…&query.start_time_min=…),
// both answering OTLP JSON under "result", and 404 for nothing found. Canaries are single-span
// traces written to its OTLP/HTTP receiver and looked up by ID.
//
// countStored searches each service of the run (GET /api/v3/services) for the window and counts
// the spans of the distinct traces returned: every span of the run, while no service has more
// traces than the search limit; a sample beyond it (the unit says so).

import { DEFAULT_READ_TIMEOUT_MS, httpGetJson, isNotFound, withQuery } from '../probes/read/http.js';
import type { QuerySpec, ReadContext, ReadProbe } from '../probes/read/read-probe.js';
import { spansInJsonTrace } from './trace-answer.js';
import { CANARY_SERVICE, traceCanary } from './trace-canary.js';

/** Traces one count search asks for per service. */
const SEARCH_LIMIT = 5000;

export interface JaegerTracesResponse {
  result?: {
    resourceSpans?: {
      resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
      scopeSpans?: { spans?: { traceId: string; spanId: string; name?: string }[] }[];
    }[];
  };
}

export function jaegerTracePath(traceId: string): string {
  return `/api/v3/traces/${traceId}`;
}

/** RFC 3339 with nanoseconds, as API v3 wants its times, from µs since the epoch. */
function rfc3339(us: number): string {
  const ms = Math.floor(us / 1000);
  const nanos = Math.round((us - ms * 1000) * 1000);
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_m, milli: string) => `.${milli}${String(nanos).padStart(6, '0')}Z`);
}

export function jaegerSearchPath(
  ctx: Pick<ReadContext, 'fromUs' | 'toUs'>,
  service: string,
  limit: number,
  operation?: string,
): string {
  return withQuery('/api/v3/traces', {
    'query.service_name': service,
    ...(operation === undefined ? {} : { 'query.operation_name': operation }),
    'query.start_time_min': rfc3339(ctx.fromUs),
    'query.start_time_max': rfc3339(ctx.toUs),
    'query.num_traces': limit,
  });
}

/** Distinct traces and their spans in an API v3 answer (spans of one trace may come in several parts). */
export function tracesInResponse(response: JaegerTracesResponse): Map<string, number> {
  const spansByTrace = new Map<string, number>();
  for (const rs of response.result?.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? [])
      for (const span of ss.spans ?? [])
        spansByTrace.set(span.traceId, (spansByTrace.get(span.traceId) ?? 0) + 1);
  return spansByTrace;
}

/** A span `service` itself wrote (a trace found by service also holds other services' spans). */
export function spanOfService(
  response: JaegerTracesResponse,
  service: string,
): { traceId: string; name?: string } | null {
  for (const rs of response.result?.resourceSpans ?? []) {
    const name = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
    if (name !== service) continue;
    for (const ss of rs.scopeSpans ?? []) if (ss.spans?.[0]) return ss.spans[0];
  }
  return null;
}

/** GET that reads a 404 ("No traces found") as an empty answer. */
async function getTraces(url: string, timeoutMs: number): Promise<JaegerTracesResponse> {
  try {
    return await httpGetJson<JaegerTracesResponse>(url, timeoutMs);
  } catch (error) {
    if (isNotFound(error)) return {};
    throw error;
  }
}

async function runServices(ctx: ReadContext): Promise<string[]> {
  const answer = await httpGetJson<{ services?: string[] }>(
    `${ctx.baseUrl}/api/v3/services`,
    ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
  );
  return (answer.services ?? []).filter((s) => s !== CANARY_SERVICE).sort();
}

export function jaegerQueries(
  ctx: Pick<ReadContext, 'fromUs' | 'toUs'>,
  traceId: string | null,
  service: string | null,
  operation: string | null,
): QuerySpec[] {
  const specs: QuerySpec[] = [];
  if (traceId)
    specs.push({
      name: 'trace_by_id',
      description: 'one whole trace by its ID (API v3)',
      path: jaegerTracePath(traceId),
    });
  if (service) {
    specs.push({
      name: 'search_service',
      description: 'traces of one service in the run window (limit 20)',
      path: jaegerSearchPath(ctx, service, 20),
    });
    if (operation)
      specs.push({
        name: 'search_service_operation',
        description: 'traces of one service and operation in the run window (limit 20)',
        path: jaegerSearchPath(ctx, service, 20, operation),
      });
  }
  return specs;
}

export const jaegerRead: ReadProbe = {
  // Canaries go through the same OTLP receiver whose counter counts the run's spans.
  canariesInIngestCounter: true,
  unit: `spans (of the distinct traces an API v3 search per service returns for the window; a sample once a service has more than ${SEARCH_LIMIT} traces)`,
  queries: async (ctx) => {
    const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const service = (await runServices(ctx))[0] ?? null;
    if (service === null) return [];
    const found = await getTraces(`${ctx.baseUrl}${jaegerSearchPath(ctx, service, 1)}`, timeoutMs);
    const span = spanOfService(found, service);
    return jaegerQueries(ctx, span?.traceId ?? null, service, span?.name ?? null);
  },
  countStored: async (ctx) => {
    const timeoutMs = ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    const traces = new Map<string, number>();
    for (const service of await runServices(ctx)) {
      const answer = await getTraces(
        `${ctx.baseUrl}${jaegerSearchPath(ctx, service, SEARCH_LIMIT)}`,
        timeoutMs,
      );
      for (const [traceId, spans] of tracesInResponse(answer)) traces.set(traceId, spans);
    }
    let total = 0;
    for (const spans of traces.values()) total += spans;
    return { total, byGroup: null };
  },
  canary: traceCanary('jaeger', jaegerTracePath),
  spansOfTrace: async (ctx, traceId) => {
    const answer = await getTraces(
      `${ctx.baseUrl}${jaegerTracePath(traceId)}`,
      ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    );
    // A 404 reads as an empty answer: no such trace.
    return answer.result === undefined ? null : spansInJsonTrace(answer);
  },
};
