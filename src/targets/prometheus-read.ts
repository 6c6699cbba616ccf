// Prometheus' read path: the shared PromQL probe (the same queries as VictoriaMetrics) on
// /api/v1/query and /api/v1/query_range. Canaries go in through its remote-write receiver
// (--web.enable-remote-write-receiver, as the managed instance is launched) with obsbench's own
// WriteRequest encoder and snappy; samples in the head block are queryable once appended.

import { compressBody } from '../encoders/compression.js';
import { PromRemoteWriteEncoder } from '../encoders/prom-remote-write.js';
import {
  DataPointRecord,
  METRIC_GAUGE,
  MetricBatch,
  MetricRecord,
  ResourceMetricsRecord,
} from '../model/index.js';
import { httpPost } from '../probes/read/http.js';
import { CANARY_METRIC, canaryLabels, promqlCanaryVisible, promqlReadProbe } from '../probes/read/promql.js';
import type { ReadProbe } from '../probes/read/read-probe.js';

/** A one-point MetricBatch: gauge obsbench_canary{run} = seq at timeMs (no service.name, so no job/instance). */
function canaryBatch(run: string, seq: number, timeMs: number): MetricBatch {
  const batch = new MetricBatch();
  const resource = new ResourceMetricsRecord(0);
  const metric = new MetricRecord();
  metric.name = CANARY_METRIC;
  metric.type = METRIC_GAUGE;
  const point = new DataPointRecord(1, 0);
  point.attributes.addString('run', run);
  point.timeUnixUs = timeMs * 1000;
  point.value = seq;
  metric.points.push(point);
  metric.pointCount = 1;
  resource.metrics.push(metric);
  resource.metricCount = 1;
  batch.resources.push(resource);
  batch.resourceCount = 1;
  batch.itemCount = 1;
  return batch;
}

export function canaryWriteRequest(run: string, seq: number, timeMs: number): Buffer {
  return compressBody('snappy', new PromRemoteWriteEncoder().encode(canaryBatch(run, seq, timeMs)));
}

export const prometheusRead: ReadProbe = promqlReadProbe({
  extraParams: {},
  // Remote-written canaries are appended samples: prometheus_tsdb_head_samples_appended_total counts them.
  canariesInIngestCounter: true,
  canary: {
    write: async (ctx, seq) => {
      await httpPost(
        `${ctx.baseUrl}/api/v1/write`,
        canaryWriteRequest(canaryLabels(ctx).run, seq, Date.now()),
        {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0',
        },
        ctx.requestTimeoutMs,
      );
    },
    isVisible: (ctx, seq) => promqlCanaryVisible(ctx, seq, {}),
  },
});
