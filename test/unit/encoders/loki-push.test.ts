import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import snappy from 'snappy';
import {
  compressBody,
  getEncoder,
  LokiPushJsonEncoder,
  LokiPushProtoEncoder,
  lokiPushJson,
  lokiPushProto,
  otlpProtoLogs,
  sanitizeLabelName,
} from '../../../src/encoders/index.js';
import { rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import { createGenerator, DEFAULT_LOG_SHAPE } from '../../../src/generators/index.js';
import {
  type AttributeList,
  type LogBatch,
  VALUE_BOOL,
  VALUE_INT,
  VALUE_STRING,
} from '../../../src/model/index.js';
import { logBatchArb } from './arbitraries.js';

const PROTO_DIR = ['../../fixtures/proto/', '../../../../test/fixtures/proto/']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(dir)) as string;
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
root.loadSync(['loki/push.proto']);
const PushRequest = root.lookupType('logproto.PushRequest');

type Pairs = [string, string][];
interface Entry {
  ns: string;
  line: string;
  metadata: Pairs;
}
interface Stream {
  labels: Pairs;
  entries: Entry[];
}

// ------------------------------------------------------------- the mapping, stated independently

function sanitise(key: string): string {
  const out = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return out === '' || /^[0-9]/.test(out) ? `_${out}` : out;
}

function text(list: AttributeList, i: number): string {
  if (list.types[i] === VALUE_STRING) return list.strings[i];
  if (list.types[i] === VALUE_BOOL) return list.numbers[i] === 0 ? 'false' : 'true';
  return String(list.numbers[i]);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function expectedStreams(batch: LogBatch): Stream[] {
  return batch.resources.slice(0, batch.resourceCount).map((rl) => {
    const labels: Pairs = [];
    for (let i = 0; i < rl.resource.count; i++) {
      const name = sanitise(rl.resource.keys[i]);
      const value = text(rl.resource, i);
      if (value !== '' && !labels.some(([n]) => n === name)) labels.push([name, value]);
    }
    const entries = rl.records.slice(0, rl.recordCount).map((r) => {
      const metadata: Pairs = [];
      if (r.severityText !== '') metadata.push(['severity_text', r.severityText]);
      if (r.severityNumber !== 0) metadata.push(['severity_number', String(r.severityNumber)]);
      if (r.hasTraceContext) metadata.push(['trace_id', hex(r.traceId)], ['span_id', hex(r.spanId)]);
      const reserved = ['severity_text', 'severity_number', 'trace_id', 'span_id'];
      const seen = new Set(reserved);
      for (let i = 0; i < r.attributes.count; i++) {
        const name = sanitise(r.attributes.keys[i]);
        if (seen.has(name)) continue;
        seen.add(name);
        metadata.push([name, text(r.attributes, i)]);
      }
      return { ns: (BigInt(r.timeUnixUs) * 1000n).toString(), line: r.body, metadata };
    });
    return { labels, entries };
  });
}

/** What survives a UTF-8 round trip (lone surrogates become U+FFFD), for the protobuf side. */
function utf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function utf8Streams(streams: Stream[]): Stream[] {
  const pairs = (p: Pairs): Pairs => p.map(([n, v]) => [n, utf8(v)]);
  return streams.map((s) => ({
    labels: pairs(s.labels),
    entries: s.entries.map((e) => ({ ns: e.ns, line: utf8(e.line), metadata: pairs(e.metadata) })),
  }));
}

// ------------------------------------------------------------------------------ decoding ours

/** Parses `{a="b", c="d"}` the way Loki's (and VictoriaLogs') label parser reads it. */
function parseLabelText(s: string): Pairs {
  assert.ok(s.startsWith('{') && s.endsWith('}'), `labels ${JSON.stringify(s)} are not wrapped in {}`);
  const out: Pairs = [];
  let i = 1;
  const end = s.length - 1;
  while (i < end) {
    const eq = s.indexOf('=', i);
    const name = s.slice(i, eq);
    assert.match(name, /^[a-zA-Z_][a-zA-Z0-9_]*$/);
    assert.equal(s[eq + 1], '"');
    let value = '';
    let j = eq + 2;
    for (; s[j] !== '"'; j++) {
      assert.notEqual(s[j], '\n', 'a raw newline inside a label value');
      if (s[j] === '\\') {
        j++;
        value += s[j] === 'n' ? '\n' : s[j];
      } else value += s[j];
    }
    out.push([name, value]);
    i = j + 1;
    if (i < end) {
      assert.equal(s.slice(i, i + 2), ', ');
      i += 2;
    }
  }
  return out;
}

function decodeProto(body: Uint8Array): Stream[] {
  // What goes on the wire: snappy block format, as Loki reads it.
  const raw = snappy.uncompressSync(compressBody('snappy', body), { asBuffer: true }) as Buffer;
  const message = PushRequest.toObject(PushRequest.decode(raw), {
    longs: String,
    defaults: true,
    arrays: true,
  }) as {
    streams: {
      labels: string;
      entries: {
        timestamp: { seconds: string; nanos: number } | null;
        line: string;
        structuredMetadata: { name: string; value: string }[];
      }[];
    }[];
  };
  return message.streams.map((s) => ({
    labels: parseLabelText(s.labels),
    entries: s.entries.map((e) => {
      assert.ok(e.timestamp !== null, 'every entry carries a timestamp');
      const ns = BigInt(e.timestamp.seconds) * 1_000_000_000n + BigInt(e.timestamp.nanos);
      assert.ok(e.timestamp.nanos >= 0 && e.timestamp.nanos < 1e9);
      return {
        ns: ns.toString(),
        line: e.line,
        metadata: e.structuredMetadata.map((p) => [p.name, p.value] as [string, string]),
      };
    }),
  }));
}

function decodeJson(body: Uint8Array): Stream[] {
  const doc = JSON.parse(Buffer.from(body).toString('utf8')) as {
    streams: { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[];
  };
  assert.deepStrictEqual(Object.keys(doc), ['streams']);
  return doc.streams.map((s) => ({
    labels: Object.entries(s.stream),
    entries: s.values.map((v) => {
      assert.ok(v.length === 2 || v.length === 3, 'a value is [ts, line] or [ts, line, metadata]');
      assert.equal(typeof v[0], 'string');
      if (v.length === 3) assert.ok(Object.keys(v[2] ?? {}).length > 0, 'no empty metadata object');
      for (const value of Object.values(v[2] ?? {})) assert.equal(typeof value, 'string');
      return { ns: v[0], line: v[1], metadata: Object.entries(v[2] ?? {}) };
    }),
  }));
}

// -------------------------------------------------------------------------------------- tests

test('the registry serves both Loki push encoders for logs only', () => {
  const proto = getEncoder('logs', 'loki-push-proto');
  const json = getEncoder('logs', 'loki-push-json');
  assert.equal(proto, lokiPushProto);
  assert.equal(json, lokiPushJson);
  assert.equal(proto.contentType, 'application/x-protobuf');
  assert.equal(json.contentType, 'application/json');
  assert.throws(() => getEncoder('metrics', 'loki-push-proto'), /loki-push-proto, loki-push-json: logs only/);
});

test('label names are made Prometheus-valid', () => {
  assert.equal(sanitizeLabelName('service.name'), 'service_name');
  assert.equal(sanitizeLabelName('k8s.pod.name'), 'k8s_pod_name');
  assert.equal(sanitizeLabelName('9lives'), '_9lives');
  assert.equal(sanitizeLabelName(''), '_');
  assert.equal(sanitizeLabelName('é-x'), '__x');
  assert.equal(sanitizeLabelName('ok_name'), 'ok_name');
});

test('property: protobuf (after snappy) and JSON carry exactly the batch, and the raw size is OTLP protobuf', () => {
  const proto = new LokiPushProtoEncoder();
  const json = new LokiPushJsonEncoder();
  fc.assert(
    fc.property(logBatchArb, (batch) => {
      const expected = expectedStreams(batch);
      const protoBytes = proto.encode(batch);
      assert.deepStrictEqual(decodeProto(protoBytes), utf8Streams(expected));
      const jsonBytes = json.encode(batch);
      assert.deepStrictEqual(decodeJson(jsonBytes), expected);
      const rawBytes = otlpProtoLogs.encode(batch).length;
      assert.equal(rawOtlpProtoBytesSent(proto, batch, protoBytes), rawBytes);
      assert.equal(rawOtlpProtoBytesSent(json, batch, jsonBytes), rawBytes);
    }),
    { numRuns: 300 },
  );
});

test('property: a reused resource whose attributes change gets new labels', () => {
  const proto = new LokiPushProtoEncoder();
  fc.assert(
    fc.property(logBatchArb, fc.string({ minLength: 1, maxLength: 8 }), (batch, value) => {
      proto.encode(batch);
      const resource = batch.resources[0].resource;
      if (resource.count === 0) return;
      resource.types[0] = VALUE_STRING;
      resource.strings[0] = `${value}-changed`;
      assert.deepStrictEqual(decodeProto(proto.encode(batch)), utf8Streams(expectedStreams(batch)));
    }),
    { numRuns: 50 },
  );
});

test('generator batches: one stream per resource, stream labels from the resource, ids as hex metadata', () => {
  const logs = createGenerator('logs', DEFAULT_LOG_SHAPE, {
    seed: 3,
    workerIndex: 0,
    workerCount: 1,
    startTimeUnixUs: 1_760_000_000_000_000,
    runNonce: 1,
  });
  for (let i = 1; i <= 3; i++) {
    const batch = logs.next(500, 1_760_000_000_000_000 + i * 1_000_000);
    const expected = expectedStreams(batch);
    const fromProto = decodeProto(lokiPushProto.encode(batch));
    assert.deepStrictEqual(fromProto, expected);
    assert.deepStrictEqual(decodeJson(lokiPushJson.encode(batch)), expected);
    assert.equal(
      fromProto.reduce((n, s) => n + s.entries.length, 0),
      500,
    );
    for (const stream of fromProto) {
      assert.equal(stream.labels[0][0], 'service_name');
      assert.ok(stream.labels.every(([name]) => !name.includes('.')));
    }
    const withTrace = fromProto
      .flatMap((s) => s.entries)
      .find((e) => e.metadata.some(([n]) => n === 'trace_id'));
    assert.ok(withTrace, 'the default shape correlates some records with traces');
    assert.match(withTrace.metadata.find(([n]) => n === 'trace_id')?.[1] ?? '', /^[0-9a-f]{32}$/);
  }
});

test('an int attribute is written as its decimal digits without building a string', () => {
  const batch = expectedOneRecordBatch();
  const decoded = decodeProto(lokiPushProto.encode(batch));
  assert.deepStrictEqual(decoded[0].entries[0].metadata, [
    ['severity_text', 'WARN'],
    ['severity_number', '13'],
    ['http_response_status_code', '-503'],
    ['code_line_number', '9007199254740991'],
  ]);
  assert.deepStrictEqual(decoded[0].labels, [['service_name', 'a"b\\c\nd']]);
});

test('an attribute whose name collides with a record field or an earlier attribute is left out', () => {
  const batch = expectedOneRecordBatch();
  const record = batch.resources[0].records[0];
  record.hasTraceContext = true;
  record.attributes.clear();
  record.attributes.addString('trace.id', 'shadowed');
  record.attributes.addString('a.b', 'first');
  record.attributes.addString('a_b', 'second');
  record.attributes.addString('severity_text', 'shadowed');
  for (const decoded of [decodeProto(lokiPushProto.encode(batch)), decodeJson(lokiPushJson.encode(batch))]) {
    const metadata = decoded[0].entries[0].metadata;
    assert.deepStrictEqual(
      metadata.map(([name]) => name),
      ['severity_text', 'severity_number', 'trace_id', 'span_id', 'a_b'],
    );
    assert.equal(metadata[0][1], 'WARN');
    assert.equal(metadata[2][1], hex(record.traceId));
    assert.equal(metadata[4][1], 'first');
  }
});

function expectedOneRecordBatch(): LogBatch {
  const batch = fc.sample(logBatchArb, { seed: 1, numRuns: 1 })[0];
  batch.resourceCount = 1;
  const rl = batch.resources[0];
  rl.recordCount = 1;
  rl.resource.clear();
  rl.resource.addString('service.name', 'a"b\\c\nd');
  const record = rl.records[0];
  record.severityText = 'WARN';
  record.severityNumber = 13;
  record.hasTraceContext = false;
  record.attributes.clear();
  record.attributes.addInt('http.response.status_code', -503);
  record.attributes.addInt('code.line.number', 2 ** 53 - 1);
  assert.equal(record.attributes.types[0], VALUE_INT);
  return batch;
}
