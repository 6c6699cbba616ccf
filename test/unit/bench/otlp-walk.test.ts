import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LogSink, type SpanSink, walkLogs, walkTraces } from '../../../bench/otlp-walk.js';
import { getEncoder } from '../../../src/encoders/index.js';
import { createGenerator } from '../../../src/generators/index.js';
import { DEFAULT_LOG_SHAPE, DEFAULT_TRACE_SHAPE } from '../../../src/model/shapes.js';

const CTX = { seed: 3, workerIndex: 0, workerCount: 1, startTimeUnixUs: 1_700_000_000_000_000, runNonce: 1 };
const text = new TextDecoder();

/** The string of a KeyValue's key, or of an AnyValue's string_value: field 1, length-delimited. */
function firstString(bytes: Uint8Array, start: number): string {
  assert.equal(bytes[start], 0x0a);
  let length = 0;
  let shift = 0;
  let p = start + 1;
  for (;;) {
    const b = bytes[p++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
  }
  return text.decode(bytes.subarray(p, p + length));
}

class RecordingSpans implements SpanSink {
  spans: { traceId: string; spanId: string; isRoot: boolean; keys: string[] }[] = [];
  private keys: string[] = [];

  spanAttribute(bytes: Uint8Array, start: number): void {
    this.keys.push(firstString(bytes, start));
  }

  span(bytes: Uint8Array, traceIdAt: number, spanIdAt: number, isRoot: boolean): void {
    const hex = (at: number, n: number) =>
      at < 0 ? '' : Buffer.from(bytes.subarray(at, at + n)).toString('hex');
    this.spans.push({ traceId: hex(traceIdAt, 16), spanId: hex(spanIdAt, 8), isRoot, keys: this.keys });
    this.keys = [];
  }
}

class RecordingLogs implements LogSink {
  streams = 0;
  records: { timeNs: bigint; body: string; attributes: number }[] = [];
  private attributes = 0;

  stream(): void {
    this.streams++;
  }

  recordAttribute(): void {
    this.attributes++;
  }

  record(bytes: Uint8Array, timeAt: number, bodyStart: number): void {
    const timeNs = Buffer.from(bytes.buffer, bytes.byteOffset + timeAt, 8).readBigUInt64LE();
    this.records.push({ timeNs, body: firstString(bytes, bodyStart), attributes: this.attributes });
    this.attributes = 0;
  }
}

test('the traces walk reports every span of an encoded batch: IDs, root or not, attribute keys, in order', () => {
  const batch = createGenerator('traces', DEFAULT_TRACE_SHAPE, CTX).next(300, CTX.startTimeUnixUs);
  const bytes = getEncoder('traces', 'otlp-proto').encode(batch);
  const sink = new RecordingSpans();
  walkTraces(bytes, bytes.length, sink);
  const expected = batch.resources
    .slice(0, batch.resourceCount)
    .flatMap((r) => r.spans.slice(0, r.spanCount))
    .map((s) => ({
      traceId: Buffer.from(s.traceId).toString('hex'),
      spanId: Buffer.from(s.spanId).toString('hex'),
      isRoot: !s.hasParent,
      keys: s.attributes.keys.slice(0, s.attributes.count),
    }));
  assert.equal(sink.spans.length, 300);
  assert.deepEqual(sink.spans, expected);
  assert.ok(sink.spans.some((s) => s.isRoot) && sink.spans.some((s) => !s.isRoot));
});

test('the logs walk reports each resource as a stream, then its records: time, body, attributes', () => {
  const batch = createGenerator('logs', DEFAULT_LOG_SHAPE, CTX).next(300, CTX.startTimeUnixUs);
  const bytes = getEncoder('logs', 'otlp-proto').encode(batch);
  const sink = new RecordingLogs();
  walkLogs(bytes, bytes.length, sink);
  const expected = batch.resources
    .slice(0, batch.resourceCount)
    .flatMap((r) => r.records.slice(0, r.recordCount))
    .map((r) => ({ timeNs: BigInt(r.timeUnixUs) * 1000n, body: r.body, attributes: r.attributes.count }));
  assert.equal(sink.streams, batch.resourceCount);
  assert.deepEqual(sink.records, expected);
});

// Hand-built protobuf: a tag, then the value.
const tag = (field: number, wire: number) => [(field << 3) | wire];
const len = (field: number, body: number[]) => [...tag(field, 2), body.length, ...body];
const ascii = (s: string) => [...Buffer.from(s)];

test('the walk skips fields it does not know, counts an empty parent span ID as a root, and reads a resource placed after the records', () => {
  const id16 = Array.from({ length: 16 }, (_, i) => i + 1);
  const id8 = [1, 2, 3, 4, 5, 6, 7, 8];
  const span = [
    ...tag(6, 0),
    150,
    1, // kind, a two-byte varint
    ...len(1, id16),
    ...len(2, id8),
    ...len(4, []), // an empty parent_span_id: a root
    ...tag(3, 5),
    0,
    0,
    0,
    0, // an unknown fixed32
    ...len(9, len(1, ascii('k'))),
  ];
  const traces = new Uint8Array(len(1, len(2, len(2, span))));
  const spans = new RecordingSpans();
  walkTraces(traces, traces.length, spans);
  assert.deepEqual(spans.spans, [
    { traceId: Buffer.from(id16).toString('hex'), spanId: '0102030405060708', isRoot: true, keys: ['k'] },
  ]);

  const record = [...tag(1, 1), 1, 0, 0, 0, 0, 0, 0, 0, ...len(5, len(1, ascii('hello')))];
  const resourceLogs = [...len(2, len(2, record)), ...len(1, len(1, ascii('r')))];
  const logs = new Uint8Array(len(1, resourceLogs));
  const seen: string[] = [];
  walkLogs(logs, logs.length, {
    stream: (b, start, end) => seen.push(`stream ${Buffer.from(b.subarray(start, end)).toString('hex')}`),
    recordAttribute: () => seen.push('attribute'),
    record: (b, timeAt, bodyStart) => seen.push(`record ${b[timeAt]} ${firstString(b, bodyStart)}`),
  });
  assert.deepEqual(seen, [`stream ${Buffer.from(len(1, ascii('r'))).toString('hex')}`, 'record 1 hello']);
});

test('the walk refuses a field that runs past its message', () => {
  const broken = new Uint8Array(len(1, [...tag(2, 2), 9, 1]));
  assert.throws(() => walkTraces(broken, broken.length, new RecordingSpans()), /runs past/);
});
