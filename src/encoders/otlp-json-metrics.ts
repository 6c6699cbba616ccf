// OTLP/JSON encoder for metrics: MetricBatch -> ExportMetricsServiceRequest as JSON text.

import {
  type DataPointRecord,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  type MetricBatch,
  type MetricRecord,
} from '../model/index.js';
import type { Encoder } from './encoder.js';
import { nanosDecimal } from './nanos.js';
import {
  JsonOutput,
  jsonAttributes,
  jsonDouble,
  jsonInt64,
  jsonResourceAndScope,
} from './otlp-json-common.js';
import { sizeMetricsRequest } from './otlp-proto-metrics.js';
import { ProtoWriter } from './proto-writer.js';

export function metricsToJson(batch: MetricBatch): string {
  let out = '{"resourceMetrics":[';
  for (let r = 0; r < batch.resourceCount; r++) {
    const rm = batch.resources[r];
    if (r > 0) out += ',';
    out += `{${jsonResourceAndScope(rm.resource, rm.scopeName, rm.scopeVersion, 'scopeMetrics')}"metrics":[`;
    for (let m = 0; m < rm.metricCount; m++) {
      if (m > 0) out += ',';
      out += metricToJson(rm.metrics[m]);
    }
    out += ']}]}';
  }
  return `${out}]}`;
}

function metricToJson(metric: MetricRecord): string {
  let out = `{"name":${JSON.stringify(metric.name)}`;
  if (metric.description.length > 0) out += `,"description":${JSON.stringify(metric.description)}`;
  if (metric.unit.length > 0) out += `,"unit":${JSON.stringify(metric.unit)}`;
  const type = metric.type;
  out +=
    type === METRIC_GAUGE
      ? ',"gauge":{"dataPoints":['
      : type === METRIC_SUM
        ? ',"sum":{"dataPoints":['
        : type === METRIC_HISTOGRAM
          ? ',"histogram":{"dataPoints":['
          : ',"exponentialHistogram":{"dataPoints":[';
  for (let i = 0; i < metric.pointCount; i++) {
    if (i > 0) out += ',';
    const point = metric.points[i];
    out +=
      type === METRIC_GAUGE || type === METRIC_SUM
        ? numberPointToJson(point)
        : type === METRIC_HISTOGRAM
          ? histogramPointToJson(point, metric.explicitBounds)
          : expHistogramPointToJson(point);
  }
  out += ']';
  if (type !== METRIC_GAUGE && metric.temporality !== 0)
    out += `,"aggregationTemporality":${metric.temporality}`;
  if (type === METRIC_SUM && metric.isMonotonic) out += ',"isMonotonic":true';
  return `${out}}}`;
}

function pointHead(point: DataPointRecord): string {
  return (
    `{"attributes":${jsonAttributes(point.attributes)}` +
    `,"startTimeUnixNano":"${nanosDecimal(point.startTimeUnixUs)}","timeUnixNano":"${nanosDecimal(point.timeUnixUs)}"`
  );
}

function numberPointToJson(point: DataPointRecord): string {
  return point.isInt
    ? `${pointHead(point)},"asInt":${jsonInt64(point.value)}}`
    : `${pointHead(point)},"asDouble":${jsonDouble(point.value)}}`;
}

function histogramPointToJson(point: DataPointRecord, bounds: Float64Array): string {
  let out = `${pointHead(point)},"count":${jsonInt64(point.count)},"sum":${jsonDouble(point.sum)}`;
  out += ',"bucketCounts":[';
  for (let i = 0; i < point.bucketCount; i++) out += (i > 0 ? ',' : '') + jsonInt64(point.bucketCounts[i]);
  out += '],"explicitBounds":[';
  for (let i = 0; i < bounds.length; i++) out += (i > 0 ? ',' : '') + jsonDouble(bounds[i]);
  return `${out}],"min":${jsonDouble(point.min)},"max":${jsonDouble(point.max)}}`;
}

function expHistogramPointToJson(point: DataPointRecord): string {
  let out = `${pointHead(point)},"count":${jsonInt64(point.count)},"sum":${jsonDouble(point.sum)}`;
  out += `,"scale":${point.scale},"zeroCount":${jsonInt64(point.zeroCount)}`;
  out += `,"positive":{"offset":${point.positiveOffset},"bucketCounts":[`;
  for (let i = 0; i < point.positiveBucketCount; i++) {
    out += (i > 0 ? ',' : '') + jsonInt64(point.positiveBucketCounts[i]);
  }
  return `${out}]},"min":${jsonDouble(point.min)},"max":${jsonDouble(point.max)}}`;
}

export class OtlpJsonMetricsEncoder implements Encoder<'metrics'> {
  readonly signal = 'metrics' as const;
  readonly format = 'otlp-json' as const;
  readonly contentType = 'application/json';
  private readonly output = new JsonOutput();
  private readonly sizer = new ProtoWriter({}, 0);

  encode(batch: MetricBatch): Uint8Array {
    return this.output.write(metricsToJson(batch));
  }

  rawOtlpProtoBytes(batch: MetricBatch): number {
    return sizeMetricsRequest(this.sizer, batch);
  }
}

export const otlpJsonMetrics: Encoder<'metrics'> = new OtlpJsonMetricsEncoder();
