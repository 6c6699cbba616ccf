import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { toReadableSpans } from '../../../bench/encoders-reference.js';
import { otlpJsonTraces } from '../../../src/encoders/otlp-json-traces.js';
import { OtlpProtoTraceEncoder, otlpProtoTraces } from '../../../src/encoders/otlp-proto-traces.js';
import { rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import {
  type AttributeList,
  internedAttributes,
  ResourceSpansRecord,
  SpanRecord,
  TraceBatch,
  VALUE_STRING,
  type ValueType,
} from '../../../src/model/index.js';
import { hasNonFiniteDouble, traceBatchArb } from './arbitraries.js';
import { tracesFromBatch, tracesFromDecoded, withSortedAttributes } from './canonical.js';
import { decode, ExportTraceServiceRequest } from './proto-schema.js';

// Cache off and a tiny cache force the in-place and mixed cached / in-place paths; no bulk copy
// the ArrayBuffer block with word-wise fragment copies.
const variants = [
  { name: 'default caches', encoder: otlpProtoTraces },
  {
    name: 'caches off',
    encoder: new OtlpProtoTraceEncoder({ stringCacheEntries: 0, keyValueCacheEntries: 0 }),
  },
  {
    name: 'tiny caches',
    encoder: new OtlpProtoTraceEncoder({ stringCacheEntries: 3, keyValueCacheEntries: 2 }),
  },
  { name: 'no bulk copy', encoder: new OtlpProtoTraceEncoder({ bulkCopy: false }) },
];

test('protobuf output decodes to the batch, field by field, with every cache setting', () => {
  fc.assert(
    fc.property(traceBatchArb, (batch) => {
      const expected = tracesFromBatch(batch);
      for (const { name, encoder } of variants) {
        const bytes = encoder.encode(batch);
        assert.equal(encoder.encodedSize(batch), bytes.length, `${name}: size pass`);
        assert.deepStrictEqual(tracesFromDecoded(decode(ExportTraceServiceRequest, bytes)), expected, name);
      }
    }),
    { numRuns: 80 },
  );
});

test('protobuf output decodes to the same data as @opentelemetry/otlp-transformer on the same spans', () => {
  fc.assert(
    fc.property(traceBatchArb, (batch) => {
      const reference = ProtobufTraceSerializer.serializeRequest(toReadableSpans(batch));
      assert.ok(reference);
      const ours = tracesFromDecoded(decode(ExportTraceServiceRequest, otlpProtoTraces.encode(batch)));
      // Span and link flags are left out of the comparison: the batch model has none to write.
      assert.deepStrictEqual(
        withSortedAttributes(ours),
        withSortedAttributes(tracesFromDecoded(decode(ExportTraceServiceRequest, reference))),
      );
    }),
    { numRuns: 80 },
  );
});

test('JSON output parses to the batch data, and reports the protobuf size', () => {
  fc.assert(
    fc.property(traceBatchArb, (batch) => {
      const jsonBytes = otlpJsonTraces.encode(batch);
      const text = Buffer.from(jsonBytes).toString('utf8');
      assert.deepStrictEqual(tracesFromDecoded(JSON.parse(text)), tracesFromBatch(batch));
      assert.equal(
        rawOtlpProtoBytesSent(otlpJsonTraces, batch, jsonBytes),
        otlpProtoTraces.encode(batch).length,
      );
    }),
    { numRuns: 60 },
  );
});

test('JSON output matches the reference JSON serializer on the fields OTLP/JSON defines', () => {
  fc.assert(
    fc.property(traceBatchArb, (batch) => {
      // The reference writes NaN and infinities as null (plain JSON.stringify); ours as proto3 JSON strings.
      fc.pre(!hasNonFiniteDouble(batch));
      const reference = JSON.parse(
        Buffer.from(JsonTraceSerializer.serializeRequest(toReadableSpans(batch)) ?? []).toString('utf8'),
      );
      const ours = JSON.parse(Buffer.from(otlpJsonTraces.encode(batch)).toString('utf8'));
      assert.deepStrictEqual(
        withSortedAttributes(tracesFromDecoded(ours)),
        withSortedAttributes(tracesFromDecoded(reference)),
      );
    }),
    { numRuns: 40 },
  );
});

test('re-encoding reuses the owned buffer and gives identical bytes', () => {
  const [a, b] = fc.sample(traceBatchArb, { numRuns: 2, seed: 7 });
  const encoder = new OtlpProtoTraceEncoder();
  const first = Buffer.from(encoder.encode(a));
  encoder.encode(b);
  const again = encoder.encode(a);
  assert.deepStrictEqual(Buffer.from(again), first);
  assert.equal(encoder.encode(a).buffer, again.buffer, 'no new buffer once warm');
});

test('a batch larger than the initial buffer grows it once and still decodes', () => {
  const batch = new TraceBatch();
  const rs = new ResourceSpansRecord(1);
  rs.resource.addString('service.name', 'big');
  for (let i = 0; i < 2000; i++) {
    const span = new SpanRecord({
      attributes: 1,
      events: 0,
      eventAttributes: 0,
      links: 0,
      linkAttributes: 0,
    });
    span.traceId[0] = i & 0xff;
    span.spanId[0] = 1;
    span.name = `span-${i}`;
    span.attributes.addString('payload', 'p'.repeat(100));
    rs.spans.push(span);
  }
  rs.spanCount = 2000;
  batch.resources.push(rs);
  batch.resourceCount = 1;
  const bytes = new OtlpProtoTraceEncoder().encode(batch);
  assert.ok(bytes.length > 64 * 1024);
  const decoded = decode(ExportTraceServiceRequest, bytes);
  assert.equal(decoded.resourceSpans[0].scopeSpans[0].spans.length, 2000);
  assert.equal(decoded.resourceSpans[0].scopeSpans[0].spans[1999].name, 'span-1999');
});

test('an integral double attribute stays a double_value, -0 included', () => {
  const batch = new TraceBatch();
  const rs = new ResourceSpansRecord(1);
  const span = new SpanRecord({ attributes: 3, events: 0, eventAttributes: 0, links: 0, linkAttributes: 0 });
  span.attributes.addDouble('three', 3);
  span.attributes.addDouble('minus.zero', -0);
  span.attributes.addInt('three.int', 3);
  rs.spans.push(span);
  rs.spanCount = 1;
  batch.resources.push(rs);
  batch.resourceCount = 1;
  const attributes = decode(ExportTraceServiceRequest, otlpProtoTraces.encode(batch)).resourceSpans[0]
    .scopeSpans[0].spans[0].attributes;
  assert.deepStrictEqual(attributes[0].value, { doubleValue: 3 });
  assert.ok(Object.is(attributes[1].value.doubleValue, -0));
  assert.deepStrictEqual(attributes[2].value, { intValue: '3' });
  const json = JSON.parse(Buffer.from(otlpJsonTraces.encode(batch)).toString('utf8'));
  const jsonAttributes = json.resourceSpans[0].scopeSpans[0].spans[0].attributes;
  assert.deepStrictEqual(jsonAttributes[0].value, { doubleValue: 3 });
  assert.ok(Object.is(jsonAttributes[1].value.doubleValue, -0));
  assert.deepStrictEqual(jsonAttributes[2].value, { intValue: '3' });
});

/** Re-adds every attribute of the batch by its interned id or as a unique value (as the generators do). */
function internAll(batch: TraceBatch): void {
  const intern = (list: AttributeList): void => {
    const specs = [];
    for (let i = 0; i < list.count; i++) {
      const type = list.types[i] as ValueType;
      specs.push({
        key: list.keys[i],
        type,
        value: type === VALUE_STRING ? list.strings[i] : list.numbers[i],
      });
    }
    list.clear();
    // Every other string attribute as a per-item value (VOLATILE_ID: no cache lookup at all).
    specs.forEach((s, i) => {
      if (s.type === VALUE_STRING && i % 2 === 1) list.addUniqueString(s.key, s.value as string);
      else list.addInterned(internedAttributes.intern(s.key, s.type, s.value));
    });
  };
  for (const rs of batch.resources.slice(0, batch.resourceCount)) {
    intern(rs.resource);
    for (const span of rs.spans.slice(0, rs.spanCount)) {
      intern(span.attributes);
      for (const e of span.events.slice(0, span.eventCount)) intern(e.attributes);
      for (const l of span.links.slice(0, span.linkCount)) intern(l.attributes);
    }
  }
}

test('attributes added by interned id or as unique values encode to the same bytes as added by value, with every cache setting', () => {
  fc.assert(
    fc.property(traceBatchArb, (batch) => {
      const byValue = variants.map(({ encoder }) => Buffer.from(encoder.encode(batch)));
      internAll(batch);
      for (let round = 0; round < 2; round++) {
        variants.forEach(({ name, encoder }, v) => {
          const bytes = encoder.encode(batch);
          assert.equal(encoder.encodedSize(batch), bytes.length, `${name}: size pass`);
          assert.deepStrictEqual(Buffer.from(bytes), byValue[v], `${name}, round ${round}`);
        });
      }
    }),
    { numRuns: 60 },
  );
});
