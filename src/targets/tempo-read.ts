// Tempo's read path. UNTESTED HERE: Tempo is AGPL and not built in this stack; the paths follow
// Tempo's HTTP API docs (GET /api/traces/<traceID>, GET /api/search?q=<TraceQL>&start&end&limit,
// both on the query frontend, :3200 by default) and need a check against a real Tempo first.
//
// countStored counts spans of the traces a TraceQL search `{}` returns for the window (spanSet
// .matched per trace): complete only while limit covers every trace of the run, so for big runs it
// verifies a sample. Canaries are single-span traces sent as OTLP/JSON to ctx.ingestBaseUrl
// (the OTLP/HTTP receiver, :4318 by default) and polled by ID.

import {
  DEFAULT_READ_TIMEOUT_MS,
  httpGetBytes,
  httpGetJson,
  isNotFound,
  withQuery,
} from '../probes/read/http.js';
import type { QuerySpec, ReadContext, ReadProbe } from '../probes/read/read-probe.js';
import { spansInTraceAnswer } from './trace-answer.js';
import { traceCanary } from './trace-canary.js';

/** Traces one count search asks for; Tempo's own max_search_results_limit may cap it lower. */
const SEARCH_LIMIT = 10_000;

export interface TempoSearchResponse {
  traces?: { traceID: string; spanSet?: { matched?: number }; spanSets?: { matched?: number }[] }[];
}

function windowParams(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): { start: string; end: string } {
  return { start: String(Math.floor(ctx.fromUs / 1e6)), end: String(Math.ceil(ctx.toUs / 1e6)) };
}

function tempoSearchPath(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>, traceql: string, limit: number): string {
  return withQuery('/api/search', { q: traceql, limit, ...windowParams(ctx) });
}

/** Spans matched per trace, summed; a trace with several span sets counts each set's matches. */
export function spansInSearch(response: TempoSearchResponse): { traces: number; spans: number } {
  let spans = 0;
  const traces = response.traces ?? [];
  for (const trace of traces) {
    if (trace.spanSets && trace.spanSets.length > 0) {
      for (const set of trace.spanSets) spans += set.matched ?? 0;
    } else {
      spans += trace.spanSet?.matched ?? 0;
    }
  }
  return { traces: traces.length, spans };
}

function tempoTracePath(traceId: string): string {
  return `/api/traces/${traceId}`;
}

export function tempoQueries(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>, traceId: string | null): QuerySpec[] {
  const specs: QuerySpec[] = [];
  if (traceId) {
    specs.push({
      name: 'trace_by_id',
      description: 'one whole trace by its ID',
      path: tempoTracePath(traceId),
    });
  }
  specs.push(
    {
      name: 'traceql_errors',
      description: 'TraceQL: traces with an error span in the window (limit 20)',
      path: tempoSearchPath(ctx, '{ status = error }', 20),
    },
    {
      name: 'traceql_slow',
      description: 'TraceQL: traces with a span over 100 ms in the window (limit 20)',
      path: tempoSearchPath(ctx, '{ duration > 100ms }', 20),
    },
  );
  return specs;
}

export const tempoRead: ReadProbe = {
  unit: 'spans (of the traces a TraceQL {} search returns for the window; a sample once traces exceed the search limit)',
  queries: async (ctx) => {
    const found = await httpGetJson<TempoSearchResponse>(
      `${ctx.baseUrl}${tempoSearchPath(ctx, '{}', 1)}`,
      ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    );
    return tempoQueries(ctx, found.traces?.[0]?.traceID ?? null);
  },
  countStored: async (ctx) => {
    const response = await httpGetJson<TempoSearchResponse>(
      `${ctx.baseUrl}${tempoSearchPath(ctx, '{}', SEARCH_LIMIT)}`,
      ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    );
    return { total: spansInSearch(response).spans, byGroup: null };
  },
  canary: traceCanary('tempo', tempoTracePath),
  spansOfTrace: async (ctx, traceId) => {
    const url = `${ctx.baseUrl}${tempoTracePath(traceId)}`;
    try {
      // Protobuf when Tempo honours the Accept header (smaller, faster to count); JSON otherwise.
      const answer = await httpGetBytes(
        url,
        { accept: 'application/protobuf' },
        ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
      );
      return spansInTraceAnswer(answer.bytes, answer.contentType, url);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  },
};
