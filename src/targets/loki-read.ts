// Loki's read path (LogQL). UNTESTED HERE: Loki is AGPL and not built in this stack; the paths
// follow Loki's HTTP API docs (GET /loki/api/v1/query_range, GET /loki/api/v1/query, POST
// /loki/api/v1/push; times in Unix nanoseconds) and need a check against a real Loki first.
//
// OTLP logs land in streams labelled service_name (from service.name) and the other indexed
// resource attributes; countStored counts lines per stream with count_over_time over the window.
// Canaries are pushed as JSON into a stream of their own (obsbench_canary=<run>), which the counts
// leave out by requiring that label to be absent.

import { ObsbenchError } from '../errors.js';
import { DEFAULT_READ_TIMEOUT_MS, httpGetJson, httpPost, withQuery } from '../probes/read/http.js';
import type { QuerySpec, ReadContext, ReadProbe } from '../probes/read/read-probe.js';

const RUN_STREAMS = '{service_name=~".+", obsbench_canary=""}';

export interface LokiResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: { metric?: Record<string, string>; value?: [number, string] }[] };
}

function ns(us: number): string {
  return `${Math.floor(us)}000`;
}

/** Evaluation time (ns) at the window's end and the lookbehind (ms) reaching its start. */
export function lokiWindow(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): { timeNs: string; windowMs: number } {
  const fromMs = Math.floor(ctx.fromUs / 1000);
  const toMs = Math.ceil(ctx.toUs / 1000);
  return { timeNs: `${toMs}000000`, windowMs: toMs - fromMs + 1 };
}

export function lokiCountQuery(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): string {
  return `count_over_time(${RUN_STREAMS}[${lokiWindow(ctx).windowMs}ms])`;
}

export function lokiQueries(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): QuerySpec[] {
  const range = { start: ns(ctx.fromUs), end: ns(ctx.toUs) };
  const stepS = Math.max(1, Math.ceil((ctx.toUs - ctx.fromUs) / 1e6 / 120));
  const { timeNs, windowMs } = lokiWindow(ctx);
  return [
    {
      name: 'logql_rate_by_service',
      description: 'range: lines per second per service_name',
      path: withQuery('/loki/api/v1/query_range', {
        query: `sum by (service_name) (rate(${RUN_STREAMS}[1m]))`,
        ...range,
        step: `${stepS}s`,
      }),
    },
    {
      name: 'logql_filter',
      description: 'range (log query): 100 lines containing "error"',
      path: withQuery('/loki/api/v1/query_range', {
        query: `${RUN_STREAMS} |= "error"`,
        ...range,
        limit: 100,
      }),
    },
    {
      name: 'logql_instant_count',
      description: 'instant: lines in the window',
      path: withQuery('/loki/api/v1/query', {
        query: `sum(count_over_time(${RUN_STREAMS}[${windowMs}ms]))`,
        time: timeNs,
      }),
    },
  ];
}

export function streamCounts(response: LokiResponse): { total: number; byGroup: Record<string, number> } {
  if (response.status !== 'success' || !response.data) {
    throw new ObsbenchError(
      'E_TARGET',
      `loki line count failed: ${response.error ?? JSON.stringify(response).slice(0, 200)}`,
    );
  }
  const byGroup: Record<string, number> = {};
  let total = 0;
  for (const sample of response.data.result) {
    const labels = Object.entries(sample.metric ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',');
    const n = Number(sample.value?.[1] ?? 0);
    byGroup[`{${labels}}`] = n;
    total += n;
  }
  return { total, byGroup };
}

/** Canary `seq` of run `run`: one line in the run's canary stream. */
function canaryPushJson(run: string, seq: number, timeUs: number): string {
  return JSON.stringify({
    streams: [
      {
        stream: { service_name: 'obsbench-canary', obsbench_canary: run },
        values: [[ns(timeUs), `obsbench canary ${seq}`]],
      },
    ],
  });
}

function canaryRun(ctx: Pick<ReadContext, 'fromUs'>): string {
  return String(Math.floor(ctx.fromUs));
}

export const lokiRead: ReadProbe = {
  unit: 'log lines (per stream, over the window)',
  queries: async (ctx) => lokiQueries(ctx),
  countStored: async (ctx) => {
    const path = withQuery('/loki/api/v1/query', {
      query: lokiCountQuery(ctx),
      time: lokiWindow(ctx).timeNs,
    });
    return streamCounts(
      await httpGetJson<LokiResponse>(
        `${ctx.baseUrl}${path}`,
        ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
      ),
    );
  },
  canary: {
    write: async (ctx, seq) => {
      await httpPost(
        `${ctx.baseUrl}/loki/api/v1/push`,
        canaryPushJson(canaryRun(ctx), seq, Date.now() * 1000),
        {
          'content-type': 'application/json',
        },
        ctx.requestTimeoutMs,
      );
    },
    isVisible: async (ctx, seq) => {
      const path = withQuery('/loki/api/v1/query', {
        query: `count_over_time({obsbench_canary="${canaryRun(ctx)}"}[10m])`,
        time: `${Date.now()}000000`,
      });
      const response = await httpGetJson<LokiResponse>(
        `${ctx.baseUrl}${path}`,
        ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
      );
      // Canaries 0..seq are seq + 1 lines.
      return streamCounts(response).total >= seq + 1;
    },
  },
};
