// Converts obsbench batches into the inputs of the reference encoder, @opentelemetry/otlp-transformer
// (ReadableSpan[], ResourceMetrics, ReadableLogRecord[]), so benchmarks and tests can run both
// encoders on the same data. Conversion is not part of the timed work.

import type { Attributes, HrTime, SpanContext } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  type AttributeList,
  type DataPointRecord,
  type LogBatch,
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  type MetricBatch,
  type MetricRecord,
  TEMPORALITY_DELTA,
  type TraceBatch,
  VALUE_BOOL,
  VALUE_STRING,
} from '../src/model/index.js';

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Integer microseconds -> [seconds, nanoseconds]. */
export function toHrTime(us: number): HrTime {
  const seconds = Math.floor(us / 1e6);
  return [seconds, (us - seconds * 1e6) * 1000];
}

export function toAttributes(list: AttributeList): Attributes {
  // No prototype, so that a key like "__proto__" is an ordinary own property.
  const out: Attributes = Object.create(null);
  for (let i = 0; i < list.count; i++) {
    const type = list.types[i];
    out[list.keys[i]] =
      type === VALUE_STRING ? list.strings[i] : type === VALUE_BOOL ? list.numbers[i] !== 0 : list.numbers[i];
  }
  return out;
}

export function toReadableSpans(batch: TraceBatch): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  for (let r = 0; r < batch.resourceCount; r++) {
    const rs = batch.resources[r];
    const resource = resourceFromAttributes(toAttributes(rs.resource));
    const scope = { name: rs.scopeName, version: rs.scopeVersion };
    for (let s = 0; s < rs.spanCount; s++) {
      const span = rs.spans[s];
      const context: SpanContext = {
        traceId: toHex(span.traceId),
        spanId: toHex(span.spanId),
        traceFlags: 1,
      };
      spans.push({
        name: span.name,
        // The API's SpanKind starts at INTERNAL = 0; OTLP's at UNSPECIFIED = 0.
        kind: span.kind === 0 ? (undefined as unknown as number) : span.kind - 1,
        spanContext: () => context,
        parentSpanContext: span.hasParent
          ? { traceId: context.traceId, spanId: toHex(span.parentSpanId), traceFlags: 1 }
          : undefined,
        startTime: toHrTime(span.startTimeUnixUs),
        endTime: toHrTime(span.endTimeUnixUs),
        status: { code: span.statusCode, message: span.statusMessage },
        attributes: toAttributes(span.attributes),
        links: span.links.slice(0, span.linkCount).map((link) => ({
          context: { traceId: toHex(link.traceId), spanId: toHex(link.spanId), traceFlags: 1 },
          attributes: toAttributes(link.attributes),
          droppedAttributesCount: 0,
        })),
        events: span.events.slice(0, span.eventCount).map((event) => ({
          name: event.name,
          time: toHrTime(event.timeUnixUs),
          attributes: toAttributes(event.attributes),
          droppedAttributesCount: 0,
        })),
        duration: [0, 0],
        ended: true,
        resource,
        instrumentationScope: scope,
        droppedAttributesCount: 0,
        droppedEventsCount: 0,
        droppedLinksCount: 0,
      });
    }
  }
  return spans;
}

function toMetricData(metric: MetricRecord): MetricData {
  const points = metric.points.slice(0, metric.pointCount);
  const base = {
    descriptor: {
      name: metric.name,
      description: metric.description,
      unit: metric.unit,
      valueType: points.length > 0 && points[0].isInt ? ValueType.INT : ValueType.DOUBLE,
    },
    aggregationTemporality:
      metric.temporality === TEMPORALITY_DELTA
        ? AggregationTemporality.DELTA
        : AggregationTemporality.CUMULATIVE,
  };
  const common = (p: DataPointRecord) => ({
    startTime: toHrTime(p.startTimeUnixUs),
    endTime: toHrTime(p.timeUnixUs),
    attributes: toAttributes(p.attributes),
  });
  if (metric.type === METRIC_GAUGE) {
    return {
      ...base,
      dataPointType: DataPointType.GAUGE,
      dataPoints: points.map((p) => ({ ...common(p), value: p.value })),
    };
  }
  if (metric.type === METRIC_HISTOGRAM) {
    return {
      ...base,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: points.map((p) => ({
        ...common(p),
        value: {
          buckets: {
            boundaries: Array.from(metric.explicitBounds),
            counts: Array.from(p.bucketCounts.subarray(0, p.bucketCount)),
          },
          count: p.count,
          sum: p.sum,
          min: p.min,
          max: p.max,
        },
      })),
    };
  }
  if (metric.type === METRIC_EXP_HISTOGRAM) {
    return {
      ...base,
      dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
      dataPoints: points.map((p) => ({
        ...common(p),
        value: {
          count: p.count,
          sum: p.sum,
          scale: p.scale,
          zeroCount: p.zeroCount,
          positive: {
            offset: p.positiveOffset,
            bucketCounts: Array.from(p.positiveBucketCounts.subarray(0, p.positiveBucketCount)),
          },
          negative: { offset: 0, bucketCounts: [] },
          min: p.min,
          max: p.max,
        },
      })),
    };
  }
  return {
    ...base,
    dataPointType: DataPointType.SUM,
    isMonotonic: metric.isMonotonic,
    dataPoints: points.map((p) => ({ ...common(p), value: p.value })),
  };
}

/** One ResourceMetrics per batch resource: the reference serializes one resource per request. */
export function toResourceMetrics(batch: MetricBatch): ResourceMetrics[] {
  const out: ResourceMetrics[] = [];
  for (let r = 0; r < batch.resourceCount; r++) {
    const rm = batch.resources[r];
    out.push({
      resource: resourceFromAttributes(toAttributes(rm.resource)),
      scopeMetrics: [
        {
          scope: { name: rm.scopeName, version: rm.scopeVersion },
          metrics: rm.metrics.slice(0, rm.metricCount).map(toMetricData),
        },
      ],
    });
  }
  return out;
}

export function toReadableLogRecords(batch: LogBatch): ReadableLogRecord[] {
  const records: ReadableLogRecord[] = [];
  for (let r = 0; r < batch.resourceCount; r++) {
    const rl = batch.resources[r];
    const resource = resourceFromAttributes(toAttributes(rl.resource));
    const scope = { name: rl.scopeName, version: rl.scopeVersion };
    for (let i = 0; i < rl.recordCount; i++) {
      const record = rl.records[i];
      records.push({
        hrTime: toHrTime(record.timeUnixUs),
        hrTimeObserved: toHrTime(record.observedTimeUnixUs),
        spanContext: record.hasTraceContext
          ? { traceId: toHex(record.traceId), spanId: toHex(record.spanId), traceFlags: record.flags }
          : undefined,
        severityNumber: record.severityNumber,
        severityText: record.severityText,
        body: record.body,
        resource,
        instrumentationScope: scope,
        attributes: toAttributes(record.attributes),
        droppedAttributesCount: 0,
      });
    }
  }
  return records;
}
