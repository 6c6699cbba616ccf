// The one table from a figure (src/model/figures.ts) to the Prometheus series it is published as:
// `obsbench_<figure>_<unit>` in base units (seconds, bytes, ratio, per second), and the factor that
// takes the figure's unit there. docs/trends.md lists the same table for users.

import { ObsbenchError } from '../../errors.js';

export interface PublishedMetric {
  /** Prometheus metric name. */
  name: string;
  /** The figure's unit divided by this gives the published base unit (1000 for ms -> s). */
  divisor: number;
}

const MS_PER_S = 1000;

/** Per fixed figure id. A figure added to src/model/figures.ts needs a line here (a unit test checks). */
export const FIGURE_METRICS: Readonly<Record<string, PublishedMetric>> = {
  'load.achievedRatePerS': { name: 'obsbench_achieved_rate_per_second', divisor: 1 },
  'load.acceptedShare': { name: 'obsbench_accepted_share_ratio', divisor: 1 },
  'latencyMs.p50': { name: 'obsbench_latency_p50_seconds', divisor: MS_PER_S },
  'latencyMs.p99': { name: 'obsbench_latency_p99_seconds', divisor: MS_PER_S },
  'latencyMs.p999': { name: 'obsbench_latency_p999_seconds', divisor: MS_PER_S },
  'serviceTimeMs.p99': { name: 'obsbench_service_time_p99_seconds', divisor: MS_PER_S },
  // A count of requests: no unit suffix, as Prometheus names plain counts.
  'load.droppedSchedules': { name: 'obsbench_dropped_schedules', divisor: 1 },
  'backend.coresAvg': { name: 'obsbench_backend_cpu_cores', divisor: 1 },
  'backend.cpuSecondsPerMillionItems': {
    name: 'obsbench_backend_cpu_seconds_per_million_items',
    divisor: 1,
  },
  'backend.rssAvgBytes': { name: 'obsbench_backend_rss_avg_bytes', divisor: 1 },
  'backend.rssMaxBytes': { name: 'obsbench_backend_rss_peak_bytes', divisor: 1 },
  'backend.bytesPerItem': { name: 'obsbench_backend_disk_bytes_per_item', divisor: 1 },
  'backend.compressionRatio': { name: 'obsbench_backend_compression_ratio', divisor: 1 },
  'read.freshness.p99Ms': { name: 'obsbench_freshness_p99_seconds', divisor: MS_PER_S },
  'downstream.latencyMs.p99': { name: 'obsbench_downstream_latency_p99_seconds', divisor: MS_PER_S },
};

/** Every read query's p99 is one metric, told apart by a `query` label. */
const READ_QUERY_METRIC: PublishedMetric = {
  name: 'obsbench_read_query_p99_seconds',
  divisor: MS_PER_S,
};

const READ_QUERY_ID_RE = /^read\.queries\.(.+)\.p99$/;

/** The metric a figure is published as, and the `query` label value for a read query's figure. */
export function publishedMetricOf(figureId: string): { metric: PublishedMetric; query: string | null } {
  const fixed = FIGURE_METRICS[figureId];
  if (fixed) return { metric: fixed, query: null };
  const read = READ_QUERY_ID_RE.exec(figureId);
  if (read) return { metric: READ_QUERY_METRIC, query: read[1] };
  throw new ObsbenchError(
    'E_INTERNAL',
    `figure ${figureId} has no published metric name in src/reporters/publish/metric-names.ts; please report this bug`,
  );
}
