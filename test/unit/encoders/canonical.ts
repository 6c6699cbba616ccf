// Test helper: one canonical, plain-object form per signal, built from three independent sources:
// the batch itself (what should be on the wire), a protobuf message decoded by protobufjs from our
// fixture .proto files (ours or the reference's bytes), and parsed OTLP/JSON. Comparing canonical
// forms checks every field we write while ignoring encoding choices (field order, omitted defaults).

import {
  type AttributeList,
  type LogBatch,
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  type MetricBatch,
  type TraceBatch,
  VALUE_BOOL,
  VALUE_DOUBLE,
  VALUE_INT,
  VALUE_STRING,
} from '../../../src/model/index.js';
import type { Decoded } from './proto-schema.js';

export interface CAttribute {
  key: string;
  type: 'string' | 'int' | 'double' | 'bool';
  value: string | number | boolean;
}
export interface CScope {
  resource: CAttribute[];
  scopeName: string;
  scopeVersion: string;
}
export interface CSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: CAttribute[];
  events: Array<{ timeUnixNano: string; name: string; attributes: CAttribute[] }>;
  links: Array<{ traceId: string; spanId: string; attributes: CAttribute[] }>;
  statusCode: number;
  statusMessage: string;
}
export interface CPoint {
  attributes: CAttribute[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  /** Gauge / sum. */
  asInt?: string;
  asDouble?: number;
  /** Histograms. */
  count?: string;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: string[];
  explicitBounds?: number[];
  scale?: number;
  zeroCount?: string;
  positiveOffset?: number;
}
export interface CMetric {
  name: string;
  description: string;
  unit: string;
  kind: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram';
  temporality: number;
  isMonotonic: boolean;
  points: CPoint[];
}
export interface CLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: CAttribute[];
  flags: number;
  traceId: string;
  spanId: string;
}

/** us -> ns as a decimal string, computed with BigInt (independently of the encoders). */
export function nsOf(us: number): string {
  return (BigInt(us) * 1000n).toString();
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Lone surrogates cannot survive UTF-8: every encoder writes U+FFFD for them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD');

// ---------------------------------------------------------------- from the batch (expected)

function batchAttributes(list: AttributeList): CAttribute[] {
  const out: CAttribute[] = [];
  for (let i = 0; i < list.count; i++) {
    const key = wellFormed(list.keys[i]);
    const type = list.types[i];
    const n = list.numbers[i];
    if (type === VALUE_STRING) out.push({ key, type: 'string', value: wellFormed(list.strings[i]) });
    else if (type === VALUE_INT) out.push({ key, type: 'int', value: String(n) });
    else if (type === VALUE_DOUBLE) out.push({ key, type: 'double', value: n });
    else if (type === VALUE_BOOL) out.push({ key, type: 'bool', value: n !== 0 });
  }
  return out;
}

export function tracesFromBatch(batch: TraceBatch): Array<CScope & { spans: CSpan[] }> {
  return batch.resources.slice(0, batch.resourceCount).map((rs) => ({
    resource: batchAttributes(rs.resource),
    scopeName: wellFormed(rs.scopeName),
    scopeVersion: wellFormed(rs.scopeVersion),
    spans: rs.spans.slice(0, rs.spanCount).map((span) => ({
      traceId: hex(span.traceId),
      spanId: hex(span.spanId),
      parentSpanId: span.hasParent ? hex(span.parentSpanId) : '',
      name: wellFormed(span.name),
      kind: span.kind,
      startTimeUnixNano: nsOf(span.startTimeUnixUs),
      endTimeUnixNano: nsOf(span.endTimeUnixUs),
      attributes: batchAttributes(span.attributes),
      events: span.events.slice(0, span.eventCount).map((e) => ({
        timeUnixNano: nsOf(e.timeUnixUs),
        name: wellFormed(e.name),
        attributes: batchAttributes(e.attributes),
      })),
      links: span.links.slice(0, span.linkCount).map((l) => ({
        traceId: hex(l.traceId),
        spanId: hex(l.spanId),
        attributes: batchAttributes(l.attributes),
      })),
      statusCode: span.statusCode,
      statusMessage: wellFormed(span.statusMessage),
    })),
  }));
}

export function metricsFromBatch(batch: MetricBatch): Array<CScope & { metrics: CMetric[] }> {
  return batch.resources.slice(0, batch.resourceCount).map((rm) => ({
    resource: batchAttributes(rm.resource),
    scopeName: wellFormed(rm.scopeName),
    scopeVersion: wellFormed(rm.scopeVersion),
    metrics: rm.metrics.slice(0, rm.metricCount).map((m) => {
      const kind =
        m.type === METRIC_GAUGE
          ? 'gauge'
          : m.type === METRIC_SUM
            ? 'sum'
            : m.type === METRIC_HISTOGRAM
              ? 'histogram'
              : 'exponentialHistogram';
      return {
        name: wellFormed(m.name),
        description: wellFormed(m.description),
        unit: wellFormed(m.unit),
        kind,
        temporality: m.type === METRIC_GAUGE ? 0 : m.temporality,
        isMonotonic: m.type === METRIC_SUM && m.isMonotonic,
        points: m.points.slice(0, m.pointCount).map((p) => {
          const point: CPoint = {
            attributes: batchAttributes(p.attributes),
            startTimeUnixNano: nsOf(p.startTimeUnixUs),
            timeUnixNano: nsOf(p.timeUnixUs),
          };
          if (m.type === METRIC_GAUGE || m.type === METRIC_SUM) {
            if (p.isInt) point.asInt = String(p.value);
            else point.asDouble = p.value;
            return point;
          }
          point.count = String(p.count);
          point.sum = p.sum;
          point.min = p.min;
          point.max = p.max;
          if (m.type === METRIC_HISTOGRAM) {
            point.bucketCounts = Array.from(p.bucketCounts.subarray(0, p.bucketCount), String);
            point.explicitBounds = Array.from(m.explicitBounds);
          } else if (m.type === METRIC_EXP_HISTOGRAM) {
            point.scale = p.scale;
            point.zeroCount = String(p.zeroCount);
            point.positiveOffset = p.positiveOffset;
            point.bucketCounts = Array.from(
              p.positiveBucketCounts.subarray(0, p.positiveBucketCount),
              String,
            );
          }
          return point;
        }),
      };
    }),
  }));
}

export function logsFromBatch(batch: LogBatch): Array<CScope & { records: CLogRecord[] }> {
  return batch.resources.slice(0, batch.resourceCount).map((rl) => ({
    resource: batchAttributes(rl.resource),
    scopeName: wellFormed(rl.scopeName),
    scopeVersion: wellFormed(rl.scopeVersion),
    records: rl.records.slice(0, rl.recordCount).map((r) => ({
      timeUnixNano: nsOf(r.timeUnixUs),
      observedTimeUnixNano: nsOf(r.observedTimeUnixUs),
      severityNumber: r.severityNumber,
      severityText: wellFormed(r.severityText),
      body: wellFormed(r.body),
      attributes: batchAttributes(r.attributes),
      flags: r.flags >>> 0,
      traceId: r.hasTraceContext ? hex(r.traceId) : '',
      spanId: r.hasTraceContext ? hex(r.spanId) : '',
    })),
  }));
}

// ---------------------------------------------------------------- from decoded protobuf

/** Attributes from protobufjs objects ({ stringValue } ...) or OTLP/JSON ({ "stringValue": ... }). */
function decodedAttributes(list: Decoded[] | undefined): CAttribute[] {
  return (list ?? []).map((kv: Decoded) => {
    const v = kv.value ?? {};
    const key = str(kv.key);
    if (v.stringValue !== undefined && v.stringValue !== null)
      return { key, type: 'string', value: str(v.stringValue) };
    if (v.intValue !== undefined && v.intValue !== null)
      return { key, type: 'int', value: String(v.intValue) };
    if (v.doubleValue !== undefined && v.doubleValue !== null) {
      return { key, type: 'double', value: jsonNumber(v.doubleValue) };
    }
    if (v.boolValue !== undefined && v.boolValue !== null) return { key, type: 'bool', value: v.boolValue };
    throw new Error(`attribute ${kv.key} has no value: ${JSON.stringify(v)}`);
  });
}

/** Doubles: numbers, or the proto3 JSON strings "NaN" / "Infinity" / "-Infinity". */
function jsonNumber(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

/** bytes fields: byte arrays from protobufjs, hex strings from OTLP/JSON. */
function idOf(v: Uint8Array | string | undefined | null): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : Buffer.from(v).toString('hex');
}

/** JSON may carry lone surrogates as \\ud800 escapes; a receiver reads them as U+FFFD, like protobuf. */
const str = (v: unknown) => (v === undefined || v === null ? '' : wellFormed(String(v)));
const num = (v: unknown) => (v === undefined || v === null ? 0 : Number(v));

function scopeOf(resourceX: Decoded, scopeX: Decoded): CScope {
  return {
    resource: decodedAttributes(resourceX.resource?.attributes),
    scopeName: str(scopeX.scope?.name),
    scopeVersion: str(scopeX.scope?.version),
  };
}

/** Works for protobufjs objects and parsed OTLP/JSON alike (same lowerCamelCase names). */
export function tracesFromDecoded(request: Decoded): Array<CScope & { spans: CSpan[] }> {
  return (request.resourceSpans ?? []).flatMap((rs: Decoded) =>
    (rs.scopeSpans ?? []).map((ss: Decoded) => ({
      ...scopeOf(rs, ss),
      spans: (ss.spans ?? []).map(
        (s: Decoded): CSpan => ({
          traceId: idOf(s.traceId),
          spanId: idOf(s.spanId),
          parentSpanId: idOf(s.parentSpanId),
          name: str(s.name),
          kind: num(s.kind),
          startTimeUnixNano: str(s.startTimeUnixNano ?? '0'),
          endTimeUnixNano: str(s.endTimeUnixNano ?? '0'),
          attributes: decodedAttributes(s.attributes),
          events: (s.events ?? []).map((e: Decoded) => ({
            timeUnixNano: str(e.timeUnixNano ?? '0'),
            name: str(e.name),
            attributes: decodedAttributes(e.attributes),
          })),
          links: (s.links ?? []).map((l: Decoded) => ({
            traceId: idOf(l.traceId),
            spanId: idOf(l.spanId),
            attributes: decodedAttributes(l.attributes),
          })),
          statusCode: num(s.status?.code),
          statusMessage: str(s.status?.message),
        }),
      ),
    })),
  );
}

function pointsOf(kind: CMetric['kind'], data: Decoded): CPoint[] {
  return (data.dataPoints ?? []).map((p: Decoded) => {
    const point: CPoint = {
      attributes: decodedAttributes(p.attributes),
      startTimeUnixNano: str(p.startTimeUnixNano ?? '0'),
      timeUnixNano: str(p.timeUnixNano ?? '0'),
    };
    if (kind === 'gauge' || kind === 'sum') {
      if (p.asInt !== undefined && p.asInt !== null) point.asInt = String(p.asInt);
      else point.asDouble = jsonNumber(p.asDouble);
      return point;
    }
    point.count = str(p.count ?? '0');
    point.sum = jsonNumber(p.sum);
    point.min = jsonNumber(p.min);
    point.max = jsonNumber(p.max);
    if (kind === 'histogram') {
      point.bucketCounts = (p.bucketCounts ?? []).map(String);
      point.explicitBounds = (p.explicitBounds ?? []).map(jsonNumber);
    } else {
      point.scale = num(p.scale);
      point.zeroCount = str(p.zeroCount ?? '0');
      point.positiveOffset = num(p.positive?.offset);
      point.bucketCounts = (p.positive?.bucketCounts ?? []).map(String);
    }
    return point;
  });
}

export function metricsFromDecoded(request: Decoded): Array<CScope & { metrics: CMetric[] }> {
  return (request.resourceMetrics ?? []).flatMap((rm: Decoded) =>
    (rm.scopeMetrics ?? []).map((sm: Decoded) => ({
      ...scopeOf(rm, sm),
      metrics: (sm.metrics ?? []).map((m: Decoded): CMetric => {
        const kind: CMetric['kind'] = m.gauge
          ? 'gauge'
          : m.sum
            ? 'sum'
            : m.histogram
              ? 'histogram'
              : 'exponentialHistogram';
        const data = m[kind];
        if (data === undefined || data === null) throw new Error(`metric ${m.name} has no data`);
        return {
          name: str(m.name),
          description: str(m.description),
          unit: str(m.unit),
          kind,
          temporality: num(data.aggregationTemporality),
          isMonotonic: data.isMonotonic === true,
          points: pointsOf(kind, data),
        };
      }),
    })),
  );
}

export function logsFromDecoded(request: Decoded): Array<CScope & { records: CLogRecord[] }> {
  return (request.resourceLogs ?? []).flatMap((rl: Decoded) =>
    (rl.scopeLogs ?? []).map((sl: Decoded) => ({
      ...scopeOf(rl, sl),
      records: (sl.logRecords ?? []).map(
        (r: Decoded): CLogRecord => ({
          timeUnixNano: str(r.timeUnixNano ?? '0'),
          observedTimeUnixNano: str(r.observedTimeUnixNano ?? '0'),
          severityNumber: num(r.severityNumber),
          severityText: str(r.severityText),
          body: str(r.body?.stringValue),
          attributes: decodedAttributes(r.attributes),
          flags: num(r.flags),
          traceId: idOf(r.traceId),
          spanId: idOf(r.spanId),
        }),
      ),
    })),
  );
}

/**
 * The same canonical form with every attribute list sorted by key, for comparisons with the
 * reference: it builds attributes from JS objects, which put integer-like keys ("0") first.
 */
export function withSortedAttributes<T>(value: T): T {
  if (Array.isArray(value)) {
    const mapped = value.map(withSortedAttributes);
    const isAttributeList = mapped.every(
      (a) => typeof a === 'object' && a !== null && 'key' in a && 'type' in a && 'value' in a,
    );
    return (
      isAttributeList && mapped.length > 0
        ? mapped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        : mapped
    ) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSortedAttributes(v)])) as T;
  }
  return value;
}
