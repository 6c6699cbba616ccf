// VictoriaMetrics' read path: the shared PromQL probe (src/probes/read/promql.ts) on its
// Prometheus-compatible /api/v1/query and /api/v1/query_range, with nocache=1 so repeated queries
// are measured rather than served from its rollup cache. Canaries go in through
// /api/v1/import/prometheus (text exposition, timestamp in ms).
//
// Freshness depends on -search.latencyOffset: the managed instance sets it to 0s; with the default
// (30s) the newest samples are hidden from queries and canaries take about that long to appear.
// Idle, a new sample showed up 2.5-4 s after its write here (v1.150); counting and canary queries
// bypass its label-filter cache (see PromqlProbeOptions.bypassSeriesCache).

import { httpPost } from '../probes/read/http.js';
import { CANARY_METRIC, canaryLabels, promqlCanaryVisible, promqlReadProbe } from '../probes/read/promql.js';
import type { ReadProbe } from '../probes/read/read-probe.js';

const EXTRA_PARAMS = { nocache: '1' };

/** One exposition-format line: canary `seq` of run `run` (value = seq), stamped `timeMs`. */
export function vmCanaryLine(run: string, seq: number, timeMs: number): string {
  return `${CANARY_METRIC}{run="${run}"} ${seq} ${timeMs}\n`;
}

export const victoriaMetricsRead: ReadProbe = promqlReadProbe({
  extraParams: EXTRA_PARAMS,
  bypassSeriesCache: true,
  canary: {
    write: async (ctx, seq) => {
      await httpPost(
        `${ctx.baseUrl}/api/v1/import/prometheus`,
        vmCanaryLine(canaryLabels(ctx).run, seq, Date.now()),
        {
          'content-type': 'text/plain',
        },
        ctx.requestTimeoutMs,
      );
    },
    isVisible: (ctx, seq) => promqlCanaryVisible(ctx, seq, EXTRA_PARAMS, true),
  },
});
