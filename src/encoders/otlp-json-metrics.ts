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
import { JsonWriter } from './json-writer.js';
import { closeJsonResource, openJsonResource, writeJsonAttributes } from './otlp-json-common.js';

function writeMetricsJson(w: JsonWriter, batch: MetricBatch): void {
  w.raw('{"resourceMetrics":[');
  for (let r = 0; r < batch.resourceCount; r++) {
    const rm = batch.resources[r];
    if (r > 0) w.raw(',');
    openJsonResource(w, rm.resource, rm.scopeName, rm.scopeVersion, 'scopeMetrics', 'metrics');
    for (let m = 0; m < rm.metricCount; m++) {
      if (m > 0) w.raw(',');
      writeMetricJson(w, rm.metrics[m]);
    }
    closeJsonResource(w);
  }
  w.raw(']}');
}

function writeMetricJson(w: JsonWriter, metric: MetricRecord): void {
  w.raw('{"name":');
  w.string(metric.name);
  if (metric.description.length > 0) {
    w.raw(',"description":');
    w.string(metric.description);
  }
  if (metric.unit.length > 0) {
    w.raw(',"unit":');
    w.string(metric.unit);
  }
  const type = metric.type;
  w.raw(
    type === METRIC_GAUGE
      ? ',"gauge":{"dataPoints":['
      : type === METRIC_SUM
        ? ',"sum":{"dataPoints":['
        : type === METRIC_HISTOGRAM
          ? ',"histogram":{"dataPoints":['
          : ',"exponentialHistogram":{"dataPoints":[',
  );
  for (let i = 0; i < metric.pointCount; i++) {
    if (i > 0) w.raw(',');
    const point = metric.points[i];
    writePointHead(w, point);
    if (type === METRIC_GAUGE || type === METRIC_SUM) {
      if (point.isInt) {
        w.raw(',"asInt":');
        w.quotedInt(point.value);
      } else {
        w.raw(',"asDouble":');
        w.double(point.value);
      }
    } else if (type === METRIC_HISTOGRAM) {
      writeHistogramTail(w, point, metric.explicitBounds);
    } else {
      writeExpHistogramTail(w, point);
    }
    w.raw('}');
  }
  w.raw(']');
  if (type !== METRIC_GAUGE && metric.temporality !== 0) {
    w.raw(',"aggregationTemporality":');
    w.int(metric.temporality);
  }
  if (type === METRIC_SUM && metric.isMonotonic) w.raw(',"isMonotonic":true');
  w.raw('}}');
}

function writePointHead(w: JsonWriter, point: DataPointRecord): void {
  w.raw('{"attributes":');
  writeJsonAttributes(w, point.attributes);
  w.raw(',"startTimeUnixNano":');
  w.quotedNanos(point.startTimeUnixUs);
  w.raw(',"timeUnixNano":');
  w.quotedNanos(point.timeUnixUs);
}

function writeHistogramStats(w: JsonWriter, point: DataPointRecord): void {
  w.raw(',"count":');
  w.quotedInt(point.count);
  w.raw(',"sum":');
  w.double(point.sum);
  w.raw(',"min":');
  w.double(point.min);
  w.raw(',"max":');
  w.double(point.max);
}

function writeHistogramTail(w: JsonWriter, point: DataPointRecord, bounds: Float64Array): void {
  writeHistogramStats(w, point);
  w.raw(',"bucketCounts":[');
  for (let i = 0; i < point.bucketCount; i++) {
    if (i > 0) w.raw(',');
    w.quotedInt(point.bucketCounts[i]);
  }
  w.raw('],"explicitBounds":[');
  for (let i = 0; i < bounds.length; i++) {
    if (i > 0) w.raw(',');
    w.double(bounds[i]);
  }
  w.raw(']');
}

function writeExpHistogramTail(w: JsonWriter, point: DataPointRecord): void {
  writeHistogramStats(w, point);
  w.raw(',"scale":');
  w.int(point.scale);
  w.raw(',"zeroCount":');
  w.quotedInt(point.zeroCount);
  w.raw(',"positive":{"offset":');
  w.int(point.positiveOffset);
  w.raw(',"bucketCounts":[');
  for (let i = 0; i < point.positiveBucketCount; i++) {
    if (i > 0) w.raw(',');
    w.quotedInt(point.positiveBucketCounts[i]);
  }
  w.raw(']}');
}

class OtlpJsonMetricsEncoder implements Encoder<'metrics'> {
  readonly signal = 'metrics' as const;
  readonly format = 'otlp-json' as const;
  readonly contentType = 'application/json';
  private readonly writer = new JsonWriter();

  encode(batch: MetricBatch): Uint8Array {
    this.writer.reset();
    writeMetricsJson(this.writer, batch);
    return this.writer.finish();
  }
}

export const otlpJsonMetrics: Encoder<'metrics'> = new OtlpJsonMetricsEncoder();
