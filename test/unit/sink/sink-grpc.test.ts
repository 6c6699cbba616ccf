// The sink's OTLP/gRPC receiver (node:http2) seen from a raw node:http2 client, frame by frame:
// the flow-control windows it advertises, its answers (OK with trailers, Trailers-Only errors, 415),
// gzip messages, malformed framing, and the faults as the obsbench sender meets them.

import assert from 'node:assert/strict';
import {
  type ClientHttp2Session,
  connect,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Settings,
} from 'node:http2';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type Sink, startSink } from '../../../src/targets/sink/index.js';
import { decodeBinaryHeader } from '../../../src/transport/grpc-framing.js';
import { createOtlpGrpcSender } from '../../../src/transport/index.js';
import { parseRetryInfoDelayMs } from '../../../src/transport/otlp-response.js';
import { OTLP_GRPC_EXPORT_PATHS } from '../../../src/transport/protocols.js';
import { traceRequest } from './otlp-fixtures.js';

const MiB = 1024 * 1024;
const TRACES = OTLP_GRPC_EXPORT_PATHS.traces;

async function withSink(
  options: Parameters<typeof startSink>[0],
  body: (sink: Sink, client: ClientHttp2Session) => Promise<void>,
) {
  const sink = await startSink({ grpcPort: 0, ...options });
  const client = connect(`http://${sink.grpcEndpoint}`);
  client.on('error', () => {});
  try {
    await body(sink, client);
  } finally {
    client.destroy();
    await sink.close();
  }
}

interface Answer {
  headers: IncomingHttpHeaders;
  data: Buffer;
  trailers: IncomingHttpHeaders | null;
}

/** One request: `data` written as it is (already framed, or not), then the answer in full. */
function call(
  client: ClientHttp2Session,
  data: Buffer,
  extra: OutgoingHttpHeaders = {},
  path: string = TRACES,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = client.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...extra,
    });
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders | null = null;
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      headers = h;
    });
    stream.on('trailers', (t) => {
      trailers = t;
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('close', () => resolve({ headers, data: Buffer.concat(chunks), trailers }));
    stream.end(data);
  });
}

function framed(message: Uint8Array, compressed = false): Buffer {
  const prefix = Buffer.from([compressed ? 1 : 0, 0, 0, 0, 0]);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** grpc-status wherever it came: the trailers, or the headers of a Trailers-Only answer. */
function statusOf(answer: Answer): string {
  return String(answer.trailers?.['grpc-status'] ?? answer.headers['grpc-status']);
}

/** A Trailers-Only answer: HTTP 200, the status in the headers, no message, no trailers. */
function assertTrailersOnly(answer: Answer, code: number, message: RegExp): void {
  assert.equal(answer.headers[':status'], 200);
  assert.equal(answer.headers['content-type'], 'application/grpc');
  assert.equal(answer.headers['grpc-status'], String(code));
  assert.match(String(answer.headers['grpc-message']), message);
  assert.equal(answer.data.length, 0);
  assert.equal(answer.trailers, null);
}

/** One span whose attribute holds `bytes` characters: a request of about that size. */
function bigTraceRequest(bytes: number): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider
    .getTracer('big')
    .startSpan('big', { attributes: { blob: 'x'.repeat(bytes) } })
    .end();
  const request = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
  if (request === undefined) throw new Error('trace serializer returned nothing');
  return request;
}

test('large flow-control windows: 16 MiB per stream, 1 MiB frames, a large connection window; 4 MB go through', async () => {
  await withSink({}, async (sink, client) => {
    const remote = await new Promise<Settings>((resolve) => client.once('remoteSettings', resolve));
    assert.ok((remote.initialWindowSize ?? 0) >= 16 * MiB, `initialWindowSize ${remote.initialWindowSize}`);
    assert.equal(remote.maxFrameSize, MiB);
    // The connection window is raised by a WINDOW_UPDATE right after SETTINGS: in after a PING.
    await new Promise<void>((resolve, reject) => client.ping((error) => (error ? reject(error) : resolve())));
    const windowBytes = client.state.remoteWindowSize ?? 0;
    assert.ok(windowBytes >= 16 * MiB, `connection window ${windowBytes}`);
    const message = bigTraceRequest(4 * MiB);
    assert.ok(message.length > 4 * MiB && message.length < windowBytes);
    const answer = await call(client, framed(message));
    assert.equal(answer.headers[':status'], 200);
    assert.equal(answer.headers['content-type'], 'application/grpc');
    // The empty Export*ServiceResponse, then grpc-status 0 in trailers.
    assert.deepEqual([...answer.data], [0, 0, 0, 0, 0]);
    assert.equal(answer.trailers?.['grpc-status'], '0');
    const counters = sink.counters().traces;
    assert.equal(counters.items, 1);
    assert.equal(counters.rawBytes, message.length);
    assert.equal(counters.wireBytes, message.length);
  });
});

test('gzip messages are inflated: wireBytes is the compressed size, rawBytes the message', async () => {
  await withSink({}, async (sink, client) => {
    const message = traceRequest(2, 50);
    const zipped = gzipSync(message);
    const answer = await call(client, framed(zipped, true), { 'grpc-encoding': 'gzip' });
    assert.equal(statusOf(answer), '0');
    // A message sent uncompressed under grpc-encoding gzip (flag 0) is read as it is.
    const asIs = await call(client, framed(message), { 'grpc-encoding': 'gzip' });
    assert.equal(statusOf(asIs), '0');
    const counters = sink.counters().traces;
    assert.equal(counters.items, 200);
    assert.equal(counters.wireBytes, zipped.length + message.length);
    assert.equal(counters.rawBytes, 2 * message.length);
    assert.ok(zipped.length < message.length);
  });
});

test('unknown methods and non-POST are UNIMPLEMENTED; other content types 415; unknown encodings UNIMPLEMENTED', async () => {
  await withSink({}, async (sink, client) => {
    const message = framed(traceRequest(1, 1));
    const unknown = await call(
      client,
      message,
      {},
      '/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export',
    );
    assertTrailersOnly(unknown, 12, /unknown method .*ProfilesService.*TraceService\/Export/);
    assertTrailersOnly(await call(client, message, { ':method': 'PUT' }), 12, /unknown method/);
    const plain = await call(client, Buffer.from('{}'), { 'content-type': 'application/json' });
    assert.equal(plain.headers[':status'], 415);
    assert.equal(plain.headers['grpc-status'], '3');
    assert.equal(
      (await call(client, message, { 'content-type': 'application/grpc-web' })).headers[':status'],
      415,
    );
    assert.equal(statusOf(await call(client, message, { 'content-type': 'application/grpc+proto' })), '0');
    const snappy = await call(client, message, { 'grpc-encoding': 'snappy' });
    assertTrailersOnly(snappy, 12, /grpc-encoding 'snappy' is not supported/);
    assert.match(String(snappy.headers['grpc-accept-encoding']), /gzip/);
    const counters = sink.counters().traces;
    // Unknown methods belong to no signal; the trace requests refused are counted as rejected.
    assert.deepEqual([counters.requests, counters.rejectedRequests, counters.items], [4, 3, 1]);
  });
});

test('malformed framing is INTERNAL, a message over the limit RESOURCE_EXHAUSTED, a bad body INVALID_ARGUMENT', async () => {
  await withSink({}, async (sink, client) => {
    const message = Buffer.from(traceRequest(1, 2));
    const badFlag = framed(message);
    badFlag[0] = 2;
    const cases: [Buffer, RegExp, OutgoingHttpHeaders?][] = [
      [Buffer.alloc(0), /request carries no message/],
      [Buffer.from([0, 0, 0]), /no full prefix/],
      [framed(message).subarray(0, 20), new RegExp(`cut short: 15 of ${message.length} bytes`)],
      [badFlag, /compressed flag is 2/],
      [Buffer.concat([framed(message), framed(message)]), /more than one message/],
      [framed(gzipSync(message), true), /compressed flag set without a grpc-encoding/],
      [framed(Buffer.from('not gzip'), true), /does not decompress/, { 'grpc-encoding': 'gzip' }],
    ];
    for (const [data, problem, headers] of cases) {
      assertTrailersOnly(await call(client, data, headers), 13, problem);
    }
    // The prefix alone announces too much: refused without reading the rest.
    const huge = Buffer.from([0, 0x04, 0x00, 0x00, 0x01, 0x0a]);
    assertTrailersOnly(await call(client, huge), 8, /over 67108864 bytes/);
    assertTrailersOnly(await call(client, framed(Buffer.from([0x0a, 0x05, 0x00]))), 3, /not a valid OTLP/);
    const counters = sink.counters().traces;
    assert.deepEqual([counters.requests, counters.rejectedRequests, counters.items], [9, 9, 0]);
  });
});

test('errorRate: UNAVAILABLE with RetryInfo (retry now), and the obsbench sender retries at once', async () => {
  await withSink({ errorRate: 1 }, async (sink, client) => {
    const answer = await call(client, framed(traceRequest(1, 1)));
    assertTrailersOnly(answer, 14, /^sink: injected fault \(errorRate\)$/);
    const [details] = decodeBinaryHeader(String(answer.headers['grpc-status-details-bin']));
    assert.equal(parseRetryInfoDelayMs(details), 0);
    const sender = createOtlpGrpcSender({
      endpoint: sink.grpcEndpoint,
      signal: 'traces',
      headers: {},
      requestTimeoutMs: 2000,
      maxRetries: 3,
    });
    const started = performance.now();
    const failed = await sender.send(traceRequest(1, 1), 1);
    const tookMs = performance.now() - started;
    sink.setFault({ errorRate: 0 });
    const passed = await sender.send(traceRequest(1, 1), 1);
    await sender.close();
    assert.equal(failed.ok, false);
    assert.equal(failed.status, 14);
    assert.equal(failed.retries, 3);
    assert.equal(failed.errorMessage, 'gRPC UNAVAILABLE: sink: injected fault (errorRate)');
    // RetryInfo's zero delay replaces the backoff: three retries take no backoff time.
    assert.ok(tookMs < 500, `3 retries took ${tookMs.toFixed(0)} ms`);
    assert.equal(passed.ok, true);
    assert.equal(sink.counters().traces.errorsInjected, 5);
  });
});

test('latencyMs delays every answer; close() does not wait for delayed ones', async () => {
  await withSink({ latencyMs: 200 }, async (sink, client) => {
    const started = performance.now();
    const answer = await call(client, framed(traceRequest(1, 3)));
    const tookMs = performance.now() - started;
    assert.equal(statusOf(answer), '0');
    assert.ok(tookMs >= 195 && tookMs < 2000, `answered after ${tookMs.toFixed(0)} ms`);
    sink.setFault({ latencyMs: 60_000 });
    const pending = call(client, framed(traceRequest(1, 3))).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = performance.now();
    await sink.close();
    assert.ok(performance.now() - closing < 900, 'close() waited for a delayed answer');
    const ended = await pending;
    assert.ok(ended instanceof Error || statusOf(ended) !== '0');
  });
});
