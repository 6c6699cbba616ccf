import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { compressSync } from 'snappy';
import { request } from 'undici';
import { buildLogBatch, buildMetricBatch } from '../../../bench/fixtures.js';
import { lokiPushJson, lokiPushProto, promRemoteWrite } from '../../../src/encoders/index.js';
import { type Sink, startSink } from '../../../src/targets/sink/index.js';
import {
  countLokiJsonEntries,
  countLokiProtoEntries,
  countRemoteWriteSamples,
} from '../../../src/targets/sink/push-item-count.js';

async function withSink(run: (sink: Sink) => Promise<void>, options: Parameters<typeof startSink>[0] = {}) {
  const sink = await startSink({ grpcPort: null, ...options });
  try {
    await run(sink);
  } finally {
    await sink.close();
  }
}

async function post(sink: Sink, path: string, body: Uint8Array, headers: Record<string, string>) {
  const response = await request(`${sink.httpUrl}${path}`, { method: 'POST', body, headers });
  const text = Buffer.from(await response.body.arrayBuffer()).toString('utf8');
  return { status: response.statusCode, headers: response.headers, text };
}

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

/** Samples remote write carries for a batch: decoded independently of the counter below. */
function remoteWriteSeries(bytes: Uint8Array): number {
  // Each TimeSeries our encoder writes carries exactly one sample; count the field-1 messages.
  let n = 0;
  let p = 0;
  while (p < bytes.length) {
    assert.equal(bytes[p++], 0x0a);
    let length = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      length += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    p += length;
    n++;
  }
  return n;
}

test('the counters agree with the encoders: samples, Loki protobuf entries and JSON values', () => {
  const metrics = buildMetricBatch(40);
  const rw = promRemoteWrite.encode(metrics);
  assert.equal(countRemoteWriteSamples(rw), remoteWriteSeries(rw));
  const logs = buildLogBatch(123);
  assert.equal(countLokiProtoEntries(lokiPushProto.encode(logs)), 123);
  assert.equal(countLokiJsonEntries(lokiPushJson.encode(logs)), 123);
  assert.equal(countLokiProtoEntries(lokiPushProto.encode(logs).subarray(0, 30)), -1);
  assert.equal(countLokiJsonEntries(Buffer.from('{"streams":[{"values":3}]}')), -1);
  assert.equal(countLokiJsonEntries(Buffer.from('{"streams":')), -1);
});

test('POST /api/v1/write: snappy protobuf counted as metric samples, answered 204', async () => {
  await withSink(async (sink) => {
    const raw = promRemoteWrite.encode(buildMetricBatch(30));
    const samples = remoteWriteSeries(raw);
    const wire = compressSync(Buffer.from(raw));
    const answer = await post(sink, '/api/v1/write', wire, {
      ...PROTO,
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    });
    assert.equal(answer.status, 204);
    assert.equal(answer.text, '');
    // Without the header the body is still snappy, as Prometheus reads it.
    assert.equal((await post(sink, '/api/v1/write', wire, PROTO)).status, 204);
    const metrics = sink.counters().metrics;
    assert.equal(metrics.items, 2 * samples);
    assert.equal(metrics.requests, 2);
    assert.equal(metrics.wireBytes, 2 * wire.length);
    assert.equal(metrics.rawBytes, 2 * raw.length);
  });
});

test('POST /loki/api/v1/push: snappy protobuf and plain or gzip JSON counted as log entries, 204', async () => {
  await withSink(async (sink) => {
    const logs = buildLogBatch(50);
    const proto = compressSync(Buffer.from(lokiPushProto.encode(logs)));
    const json = Buffer.from(lokiPushJson.encode(logs));
    assert.equal((await post(sink, '/loki/api/v1/push', proto, PROTO)).status, 204);
    assert.equal(
      (await post(sink, '/loki/api/v1/push', proto, { ...PROTO, 'content-encoding': 'snappy' })).status,
      204,
    );
    assert.equal((await post(sink, '/loki/api/v1/push', json, JSON_TYPE)).status, 204);
    const gz = gzipSync(json);
    assert.equal(
      (await post(sink, '/loki/api/v1/push', gz, { ...JSON_TYPE, 'content-encoding': 'gzip' })).status,
      204,
    );
    const counters = sink.counters();
    assert.equal(counters.logs.items, 200);
    assert.equal(counters.logs.wireBytes, 2 * proto.length + json.length + gz.length);
    assert.equal(counters.metrics.requests, 0);
  });
});

test('bad push bodies are 400, wrong encodings 415, injected faults 503 with Retry-After: all counted', async () => {
  await withSink(async (sink) => {
    const raw = lokiPushProto.encode(buildLogBatch(5));
    // Protobuf sent uncompressed is not snappy: refused as Loki refuses it.
    const notSnappy = await post(sink, '/loki/api/v1/push', raw, PROTO);
    assert.equal(notSnappy.status, 400);
    assert.match(notSnappy.text, /not a valid request/);
    assert.equal((await post(sink, '/loki/api/v1/push', Buffer.from('{"streams":'), JSON_TYPE)).status, 400);
    assert.equal(
      (await post(sink, '/loki/api/v1/push', raw, { ...PROTO, 'content-encoding': 'gzip' })).status,
      415,
    );
    assert.equal(
      (await post(sink, '/api/v1/write', raw, { 'content-type': 'application/json' })).status,
      415,
    );
    const logs = sink.counters().logs;
    assert.equal(logs.requests, 3);
    assert.equal(logs.rejectedRequests, 3);
    assert.equal(logs.items, 0);
    assert.equal(sink.counters().metrics.rejectedRequests, 1);
  });
  await withSink(
    async (sink) => {
      const body = compressSync(Buffer.from(lokiPushProto.encode(buildLogBatch(5))));
      const answer = await post(sink, '/loki/api/v1/push', body, PROTO);
      assert.equal(answer.status, 503);
      assert.equal(answer.headers['retry-after'], '0');
      assert.equal(sink.counters().logs.errorsInjected, 1);
      assert.equal(sink.counters().logs.items, 0);
    },
    { errorRate: 1 },
  );
});
