// VictoriaLogs' read path (LogsQL): line counts per stream over the run's window from
// /select/logsql/query with `stats by (_stream) count()`, latency probes on /select/logsql/query,
// /select/logsql/stats_query and /select/logsql/hits, and canaries through /insert/jsonline in a
// stream of their own (obsbench_canary=<run>, seq field), which the counts leave out.

import {
  DEFAULT_READ_TIMEOUT_MS,
  httpGetJson,
  httpGetText,
  httpPost,
  withQuery,
} from '../probes/read/http.js';
import { countsByKey, isoMicros, parseJsonLines, timeFilter } from '../probes/read/logsql.js';
import type { QuerySpec, ReadContext, ReadProbe } from '../probes/read/read-probe.js';

const CANARY_FIELD = 'obsbench_canary';
const NOT_CANARY = `NOT ${CANARY_FIELD}:*`;

interface StatsResponse {
  status: string;
  data?: { result: { value?: [number, string] }[] };
}

export function countQuery(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): string {
  return `${timeFilter(ctx)} ${NOT_CANARY} | stats by (_stream) count() as n`;
}

export function logsqlQueries(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): QuerySpec[] {
  const time = timeFilter(ctx);
  const endTime = isoMicros(ctx.toUs);
  const stepS = Math.max(1, Math.ceil((ctx.toUs - ctx.fromUs) / 1e6 / 120));
  return [
    {
      name: 'word_search',
      description: 'newest 100 lines containing the word "error" in the window',
      path: withQuery('/select/logsql/query', { query: `${time} error | limit 100` }),
    },
    {
      name: 'field_filter',
      description: '100 lines with severity_text ERROR (exact field match)',
      path: withQuery('/select/logsql/query', { query: `${time} severity_text:=ERROR | limit 100` }),
    },
    {
      name: 'stats_by_service',
      description: 'line count per service.name over the window',
      path: withQuery('/select/logsql/stats_query', {
        query: `${time} | stats by (service.name) count() as n`,
        time: endTime,
      }),
    },
    {
      name: 'hits',
      description: `lines per ${stepS}s step over the window`,
      path: withQuery('/select/logsql/hits', {
        query: NOT_CANARY,
        start: isoMicros(ctx.fromUs),
        end: endTime,
        step: `${stepS}s`,
      }),
    },
  ];
}

/** One JSON line: canary `seq` in the run's canary stream (obsbench_canary=<run>), stamped timeUs. */
export function canaryLine(run: string, seq: number, timeUs: number): string {
  return `${JSON.stringify({ _msg: `obsbench canary ${seq}`, _time: String(timeUs), [CANARY_FIELD]: run, seq: String(seq) })}\n`;
}

function canaryRun(ctx: Pick<ReadContext, 'fromUs'>): string {
  return String(Math.floor(ctx.fromUs));
}

export const victoriaLogsRead: ReadProbe = {
  unit: 'log lines (per stream, over the window)',
  queries: async (ctx) => logsqlQueries(ctx),
  countStored: async (ctx) => {
    const path = withQuery('/select/logsql/query', { query: countQuery(ctx) });
    const text = await httpGetText(`${ctx.baseUrl}${path}`, ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
    return countsByKey(parseJsonLines(text, 'line count per stream'), '_stream', 'line count per stream');
  },
  canary: {
    write: async (ctx, seq) => {
      await httpPost(
        `${ctx.baseUrl}/insert/jsonline?_stream_fields=${CANARY_FIELD}`,
        canaryLine(canaryRun(ctx), seq, Date.now() * 1000),
        { 'content-type': 'application/stream+json' },
        ctx.requestTimeoutMs,
      );
    },
    isVisible: async (ctx, seq) => {
      const path = withQuery('/select/logsql/stats_query', {
        query: `{${CANARY_FIELD}="${canaryRun(ctx)}"} seq:=${seq} | stats count() as n`,
      });
      const response = await httpGetJson<StatsResponse>(
        `${ctx.baseUrl}${path}`,
        ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
      );
      return Number(response.data?.result[0]?.value?.[1] ?? 0) >= 1;
    },
  },
};
