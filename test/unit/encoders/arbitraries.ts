// Test helper: fast-check arbitraries for random trace, metric and log batches. Plain specs are
// generated, then poured into the reused model classes the encoders read. Values stay within what
// the reference encoder represents identically (unique keys per list, non-integral doubles: it
// writes integral numbers as int_value), so both encoders can be compared on the same batch.

import fc from 'fast-check';
import {
  AttributeList,
  DataPointRecord,
  LogBatch,
  LogRecordRecord,
  MetricBatch,
  MetricRecord,
  type MetricType,
  ResourceLogsRecord,
  ResourceMetricsRecord,
  ResourceSpansRecord,
  SpanRecord,
  TraceBatch,
  VALUE_DOUBLE,
} from '../../../src/model/index.js';

export interface AttributeSpec {
  key: string;
  kind: 'string' | 'int' | 'double' | 'bool';
  text: string;
  number: number;
}

const TRICKY = [
  '',
  'é',
  '日本語テキスト',
  '🙂 emoji',
  '\uD800',
  'a\uDC00b',
  'x'.repeat(42),
  'y'.repeat(43),
  'z'.repeat(64),
  'é'.repeat(50),
  '🙂'.repeat(40),
  'line with "quotes", \\ backslash\n and control \u0001 chars',
];

/** Strings across the encoders' paths: cached short ASCII, UTF-8, lone surrogates, long. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 16 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 40, maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 30, maxLength: 80 }), weight: 1 },
  { arbitrary: fc.constantFrom(...TRICKY), weight: 2 },
);

/** Integers within +-2^53, with negatives and values past 2^32. */
export const intArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(
    0,
    -1,
    127,
    128,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 32 + 1,
    -(2 ** 32),
    2 ** 53 - 1,
    -(2 ** 53 - 1),
  ),
);

/** Non-negative integers below 2^53 (counts). */
export const countArb: fc.Arbitrary<number> = fc.oneof(
  fc.nat(1000),
  fc.nat({ max: 2 ** 53 - 1 }),
  fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1),
);

/** Doubles the reference keeps as double_value: anything but integral values (NaN and infinities included). */
export const doubleArb: fc.Arbitrary<number> = fc.double().filter((v) => !Number.isInteger(v));

/** Microsecond timestamps: zero, around now, up to 2^53 - 1, and around low-word carries. */
export const timeUsArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, 1, 4294967, 4294968, 2 ** 32, 2 ** 32 - 1, 2 ** 53 - 1),
  fc.integer({ min: 1_600_000_000_000_000, max: 1_900_000_000_000_000 }),
  fc.maxSafeInteger().map((v) => Math.abs(v)),
);

const attributeArb: fc.Arbitrary<AttributeSpec> = fc.record({
  // The reference's Resource builds a plain object with ??=, silently dropping keys that name
  // Object.prototype members ("toString", "__proto__"): leave those out so both encoders see the same data.
  key: textArb.filter((key) => !(key in Object.prototype)),
  kind: fc.constantFrom<AttributeSpec['kind']>('string', 'int', 'double', 'bool'),
  text: textArb,
  number: fc.oneof(intArb, doubleArb, fc.constantFrom(0, 1)),
});

export const attributesArb: fc.Arbitrary<AttributeSpec[]> = fc
  .uniqueArray(attributeArb, { selector: (a) => a.key, maxLength: 6 })
  .chain((specs) =>
    // Give each kind a value of its own type.
    fc
      .tuple(
        ...specs.map((s) => (s.kind === 'int' ? intArb : s.kind === 'double' ? doubleArb : fc.boolean())),
      )
      .map((numbers) =>
        specs.map((s, i) => ({
          ...s,
          number: s.kind === 'bool' ? (numbers[i] ? 1 : 0) : s.kind === 'string' ? 0 : (numbers[i] as number),
        })),
      ),
  );

export function fillAttributes(list: AttributeList, specs: AttributeSpec[]): void {
  list.clear();
  for (const s of specs) {
    if (s.kind === 'string') list.addString(s.key, s.text);
    else if (s.kind === 'int') list.addInt(s.key, s.number);
    else if (s.kind === 'double') list.addDouble(s.key, s.number);
    else list.addBool(s.key, s.number !== 0);
  }
}

function attributeList(specs: AttributeSpec[]): AttributeList {
  const list = new AttributeList(Math.max(1, specs.length));
  fillAttributes(list, specs);
  return list;
}

const idArb = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });

// ------------------------------------------------------------------------------------ traces

const spanSpecArb = fc.record({
  spanId: idArb(8),
  parentPick: fc.nat(),
  name: textArb,
  kind: fc.integer({ min: 0, max: 5 }),
  startUs: timeUsArb,
  durationUs: fc.nat(10_000_000),
  attributes: attributesArb,
  events: fc.array(fc.record({ name: textArb, timeUs: timeUsArb, attributes: attributesArb }), {
    maxLength: 2,
  }),
  links: fc.array(fc.record({ traceId: idArb(16), spanId: idArb(8), attributes: attributesArb }), {
    maxLength: 2,
  }),
  statusCode: fc.integer({ min: 0, max: 2 }),
  statusMessage: fc.oneof(fc.constant(''), textArb),
});

const resourceSpansArb = fc.record({
  resource: attributesArb,
  scopeName: textArb,
  scopeVersion: textArb,
  // Each trace is a tree: every span after the first picks its parent among the earlier ones.
  traces: fc.array(
    fc.record({ traceId: idArb(16), spans: fc.array(spanSpecArb, { minLength: 1, maxLength: 5 }) }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
});

export const traceBatchArb: fc.Arbitrary<TraceBatch> = fc
  .array(resourceSpansArb, { minLength: 1, maxLength: 3 })
  .map((resources) => {
    const batch = new TraceBatch();
    for (const r of resources) {
      const rs = new ResourceSpansRecord(Math.max(1, r.resource.length));
      fillAttributes(rs.resource, r.resource);
      rs.scopeName = r.scopeName;
      rs.scopeVersion = r.scopeVersion;
      for (const trace of r.traces) {
        trace.spans.forEach((s, j) => {
          const span = new SpanRecord({
            attributes: 6,
            events: 2,
            eventAttributes: 6,
            links: 2,
            linkAttributes: 6,
          });
          span.traceId.set(trace.traceId);
          span.spanId.set(s.spanId);
          span.hasParent = j > 0;
          if (j > 0) span.parentSpanId.set(trace.spans[s.parentPick % j].spanId);
          span.name = s.name;
          span.kind = s.kind;
          span.startTimeUnixUs = s.startUs;
          span.endTimeUnixUs = Math.min(s.startUs + s.durationUs, 2 ** 53 - 1);
          fillAttributes(span.attributes, s.attributes);
          s.events.forEach((e, k) => {
            span.events[k].name = e.name;
            span.events[k].timeUnixUs = e.timeUs;
            fillAttributes(span.events[k].attributes, e.attributes);
          });
          span.eventCount = s.events.length;
          s.links.forEach((l, k) => {
            span.links[k].traceId.set(l.traceId);
            span.links[k].spanId.set(l.spanId);
            fillAttributes(span.links[k].attributes, l.attributes);
          });
          span.linkCount = s.links.length;
          span.statusCode = s.statusCode;
          span.statusMessage = s.statusMessage;
          rs.spans.push(span);
          rs.spanCount++;
          batch.itemCount++;
        });
      }
      batch.resources.push(rs);
      batch.resourceCount++;
    }
    return batch;
  });

// ----------------------------------------------------------------------------------- metrics

const pointSpecArb = fc.record({
  attributes: attributesArb,
  startUs: timeUsArb,
  timeUs: timeUsArb,
  int: intArb,
  double: fc.double(),
  count: countArb,
  sum: doubleArb,
  min: doubleArb,
  max: doubleArb,
  bucketCounts: fc.array(countArb, { minLength: 6, maxLength: 6 }),
  scale: fc.integer({ min: -10, max: 20 }),
  zeroCount: countArb,
  positiveOffset: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  positiveCounts: fc.array(countArb, { maxLength: 6 }),
});

const metricSpecArb = fc.record({
  type: fc.integer({ min: 1, max: 4 }),
  name: textArb,
  description: fc.oneof(fc.constant(''), textArb),
  unit: fc.oneof(fc.constant(''), textArb),
  temporality: fc.integer({ min: 1, max: 2 }),
  isMonotonic: fc.boolean(),
  isInt: fc.boolean(),
  bounds: fc.array(fc.double({ noNaN: true }), { maxLength: 5 }).map((b) => b.sort((x, y) => x - y)),
  points: fc.array(pointSpecArb, { minLength: 1, maxLength: 3 }),
});

const resourceMetricsArb = fc.record({
  resource: attributesArb,
  scopeName: textArb,
  scopeVersion: textArb,
  metrics: fc.array(metricSpecArb, { minLength: 1, maxLength: 4 }),
});

export const metricBatchArb: fc.Arbitrary<MetricBatch> = fc
  .array(resourceMetricsArb, { minLength: 1, maxLength: 3 })
  .map((resources) => {
    const batch = new MetricBatch();
    for (const r of resources) {
      const rm = new ResourceMetricsRecord(Math.max(1, r.resource.length));
      fillAttributes(rm.resource, r.resource);
      rm.scopeName = r.scopeName;
      rm.scopeVersion = r.scopeVersion;
      for (const m of r.metrics) {
        const metric = new MetricRecord();
        metric.type = m.type as MetricType;
        metric.name = m.name;
        metric.description = m.description;
        metric.unit = m.unit;
        metric.temporality = m.temporality;
        metric.isMonotonic = m.isMonotonic;
        metric.explicitBounds = Float64Array.from(m.bounds);
        for (const p of m.points) {
          const point = new DataPointRecord(6, 6);
          fillAttributes(point.attributes, p.attributes);
          point.startTimeUnixUs = p.startUs;
          point.timeUnixUs = p.timeUs;
          point.isInt = m.isInt;
          point.value = m.isInt ? p.int : p.double;
          point.count = p.count;
          point.sum = p.sum;
          point.min = p.min;
          point.max = p.max;
          point.bucketCount = m.bounds.length + 1;
          point.bucketCounts.set(p.bucketCounts.slice(0, point.bucketCount));
          point.scale = p.scale;
          point.zeroCount = p.zeroCount;
          point.positiveOffset = p.positiveOffset;
          point.positiveBucketCount = p.positiveCounts.length;
          point.positiveBucketCounts.set(p.positiveCounts);
          metric.points.push(point);
          metric.pointCount++;
          batch.itemCount++;
        }
        rm.metrics.push(metric);
        rm.metricCount++;
      }
      batch.resources.push(rm);
      batch.resourceCount++;
    }
    return batch;
  });

// -------------------------------------------------------------------------------------- logs

const logSpecArb = fc.record({
  timeUs: timeUsArb,
  observedUs: timeUsArb,
  severityNumber: fc.integer({ min: 0, max: 24 }),
  severityText: fc.oneof(fc.constantFrom('', 'INFO', 'WARN', 'ERROR'), textArb),
  body: textArb,
  attributes: attributesArb,
  hasTraceContext: fc.boolean(),
  traceId: idArb(16),
  spanId: idArb(8),
  flags: fc.integer({ min: 0, max: 255 }),
});

const resourceLogsArb = fc.record({
  resource: attributesArb,
  scopeName: textArb,
  scopeVersion: textArb,
  records: fc.array(logSpecArb, { minLength: 1, maxLength: 6 }),
});

export const logBatchArb: fc.Arbitrary<LogBatch> = fc
  .array(resourceLogsArb, { minLength: 1, maxLength: 3 })
  .map((resources) => {
    const batch = new LogBatch();
    for (const r of resources) {
      const rl = new ResourceLogsRecord(Math.max(1, r.resource.length));
      fillAttributes(rl.resource, r.resource);
      rl.scopeName = r.scopeName;
      rl.scopeVersion = r.scopeVersion;
      for (const s of r.records) {
        const record = new LogRecordRecord(6);
        record.timeUnixUs = s.timeUs;
        record.observedTimeUnixUs = s.observedUs;
        record.severityNumber = s.severityNumber;
        record.severityText = s.severityText;
        record.body = s.body;
        fillAttributes(record.attributes, s.attributes);
        record.hasTraceContext = s.hasTraceContext;
        record.traceId.set(s.traceId);
        record.spanId.set(s.spanId);
        // The reference writes flags only with a trace context (they are the trace flags).
        record.flags = s.hasTraceContext ? s.flags : 0;
        rl.records.push(record);
        rl.recordCount++;
        batch.itemCount++;
      }
      batch.resources.push(rl);
      batch.resourceCount++;
    }
    return batch;
  });

export { attributeList };

function listHasNonFinite(list: AttributeList): boolean {
  for (let i = 0; i < list.count; i++) {
    if (list.types[i] === VALUE_DOUBLE && !Number.isFinite(list.numbers[i])) return true;
  }
  return false;
}

/** True when any attribute of the batch is NaN or an infinity. */
export function hasNonFiniteDouble(batch: TraceBatch | LogBatch): boolean {
  for (const r of batch.resources.slice(0, batch.resourceCount)) {
    if (listHasNonFinite(r.resource)) return true;
    const items = 'spans' in r ? r.spans.slice(0, r.spanCount) : r.records.slice(0, r.recordCount);
    for (const item of items) {
      if (listHasNonFinite(item.attributes)) return true;
      if ('events' in item) {
        for (const e of item.events.slice(0, item.eventCount))
          if (listHasNonFinite(e.attributes)) return true;
        for (const l of item.links.slice(0, item.linkCount)) if (listHasNonFinite(l.attributes)) return true;
      }
    }
  }
  return false;
}
