// Test helpers: copy the used part of a reused batch into plain objects (so batches can be kept
// and deep-compared), plus small readers for attribute lists and series identities.

import {
  type AttributeList,
  type LogBatch,
  type MetricBatch,
  type TraceBatch,
  VALUE_BOOL,
  VALUE_STRING,
} from '../../../src/model/index.js';

export type Plain = string | number | boolean | Plain[] | { [key: string]: Plain };

export function attrs(list: AttributeList): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (let i = 0; i < list.count; i++) {
    const type = list.types[i];
    out[list.keys[i]] =
      type === VALUE_STRING ? list.strings[i] : type === VALUE_BOOL ? list.numbers[i] === 1 : list.numbers[i];
  }
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export interface PlainSpan {
  resource: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  hasParent: boolean;
  name: string;
  kind: number;
  startTimeUnixUs: number;
  endTimeUnixUs: number;
  statusCode: number;
  statusMessage: string;
  attributes: Record<string, string | number | boolean>;
  events: { name: string; timeUnixUs: number; attributes: Record<string, string | number | boolean> }[];
  links: { traceId: string; spanId: string }[];
}

export function traceSnapshot(batch: TraceBatch): { resources: unknown[]; spans: PlainSpan[] } {
  const resources: unknown[] = [];
  const spans: PlainSpan[] = [];
  for (let r = 0; r < batch.resourceCount; r++) {
    const rec = batch.resources[r];
    const resource = attrs(rec.resource);
    resources.push({ resource, scope: rec.scopeName, version: rec.scopeVersion, spanCount: rec.spanCount });
    for (let s = 0; s < rec.spanCount; s++) {
      const span = rec.spans[s];
      spans.push({
        resource: String(resource['service.name']),
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        hasParent: span.hasParent,
        name: span.name,
        kind: span.kind,
        startTimeUnixUs: span.startTimeUnixUs,
        endTimeUnixUs: span.endTimeUnixUs,
        statusCode: span.statusCode,
        statusMessage: span.statusMessage,
        attributes: attrs(span.attributes),
        events: span.events
          .slice(0, span.eventCount)
          .map((e) => ({ name: e.name, timeUnixUs: e.timeUnixUs, attributes: attrs(e.attributes) })),
        links: span.links
          .slice(0, span.linkCount)
          .map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId) })),
      });
    }
  }
  return { resources, spans };
}

export interface PlainPoint {
  resourceKey: string;
  metric: string;
  type: number;
  /** Stable identity of the series: resource + metric + labels. */
  seriesKey: string;
  labels: Record<string, string | number | boolean>;
  startTimeUnixUs: number;
  timeUnixUs: number;
  value: number;
  isInt: boolean;
  count: number;
  sum: number;
  min: number;
  max: number;
  bucketCounts: number[];
  bounds: number[];
  scale: number;
  zeroCount: number;
  positiveOffset: number;
  positiveBucketCounts: number[];
}

export function metricSnapshot(batch: MetricBatch): PlainPoint[] {
  const points: PlainPoint[] = [];
  for (let r = 0; r < batch.resourceCount; r++) {
    const rec = batch.resources[r];
    const resourceKey = JSON.stringify(attrs(rec.resource));
    for (let m = 0; m < rec.metricCount; m++) {
      const metric = rec.metrics[m];
      for (let p = 0; p < metric.pointCount; p++) {
        const point = metric.points[p];
        const labels = attrs(point.attributes);
        points.push({
          resourceKey,
          metric: metric.name,
          type: metric.type,
          seriesKey: `${resourceKey}|${metric.name}|${JSON.stringify(Object.entries(labels).sort())}`,
          labels,
          startTimeUnixUs: point.startTimeUnixUs,
          timeUnixUs: point.timeUnixUs,
          value: point.value,
          isInt: point.isInt,
          count: point.count,
          sum: point.sum,
          min: point.min,
          max: point.max,
          bucketCounts: Array.from(point.bucketCounts.subarray(0, point.bucketCount)),
          bounds: Array.from(metric.explicitBounds),
          scale: point.scale,
          zeroCount: point.zeroCount,
          positiveOffset: point.positiveOffset,
          positiveBucketCounts: Array.from(point.positiveBucketCounts.subarray(0, point.positiveBucketCount)),
        });
      }
    }
  }
  return points;
}

export interface PlainLog {
  streamKey: string;
  resource: Record<string, string | number | boolean>;
  timeUnixUs: number;
  observedTimeUnixUs: number;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Record<string, string | number | boolean>;
  hasTraceContext: boolean;
  traceId: string;
  spanId: string;
}

export function logSnapshot(batch: LogBatch): PlainLog[] {
  const records: PlainLog[] = [];
  for (let r = 0; r < batch.resourceCount; r++) {
    const rec = batch.resources[r];
    const resource = attrs(rec.resource);
    const streamKey = JSON.stringify(resource);
    for (let i = 0; i < rec.recordCount; i++) {
      const log = rec.records[i];
      records.push({
        streamKey,
        resource,
        timeUnixUs: log.timeUnixUs,
        observedTimeUnixUs: log.observedTimeUnixUs,
        severityNumber: log.severityNumber,
        severityText: log.severityText,
        body: log.body,
        attributes: attrs(log.attributes),
        hasTraceContext: log.hasTraceContext,
        traceId: hex(log.traceId),
        spanId: hex(log.spanId),
      });
    }
  }
  return records;
}
