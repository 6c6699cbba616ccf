// The OTLP/gRPC sender against a node:http2 server of the test's own, for what a gRPC server
// library would not do on request: the request as it is on the wire, compressed answers,
// HTTP errors without grpc-status, Trailers-Only answers, resets and sessions going away.

import assert from 'node:assert/strict';
import {
  constants,
  createServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createOtlpGrpcSender, type OtlpGrpcSenderOptions } from '../../../src/transport/index.js';
import { OTLP_GRPC_EXPORT_PATHS } from '../../../src/transport/protocols.js';
import { traceRequest } from '../sink/otlp-fixtures.js';
import { retryInfoStatusDetails } from './grpc-status-details.js';
import { partialSuccessBody } from './scripted-server.js';

interface H2Request {
  headers: IncomingHttpHeaders;
  data: Buffer;
  /** Same number = same HTTP/2 session (connection). */
  sessionId: number;
}

type H2Answer = (stream: ServerHttp2Stream, request: H2Request) => void;

/** Answers the n-th request with answers[n] once its body is in (the last answer repeats). */
async function scriptedH2(answers: H2Answer[]) {
  const received: H2Request[] = [];
  const sessions = new Set<ServerHttp2Session>();
  const sessionIds = new WeakMap<ServerHttp2Session, number>();
  const server = createServer();
  server.on('session', (session) => {
    sessionIds.set(session, sessions.size);
    sessions.add(session);
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => {});
    stream.on('end', () => {
      const request = {
        headers,
        data: Buffer.concat(chunks),
        sessionId: sessionIds.get(stream.session as ServerHttp2Session) ?? -1,
      };
      received.push(request);
      answers[Math.min(received.length - 1, answers.length - 1)](stream, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function grpcMessage(message: Buffer, compressed = false): Buffer {
  const prefix = Buffer.from([compressed ? 1 : 0, 0, 0, 0, 0]);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** A full answer: headers, one message, trailers with grpc-status 0. */
function answerOk(message: Buffer = Buffer.alloc(0), encoding?: 'gzip'): H2Answer {
  return (stream) => {
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc',
        ...(encoding ? { 'grpc-encoding': encoding } : {}),
      },
      { waitForTrailers: true },
    );
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(grpcMessage(encoding === 'gzip' ? gzipSync(message) : message, encoding === 'gzip'));
  };
}

/** Trailers-Only: the status in the only HEADERS frame, which ends the stream. */
function answerTrailersOnly(fields: Record<string, string>): H2Answer {
  return (stream) =>
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...fields }, { endStream: true });
}

function options(endpoint: string, overrides: Partial<OtlpGrpcSenderOptions> = {}): OtlpGrpcSenderOptions {
  return { endpoint, signal: 'traces', headers: {}, requestTimeoutMs: 2000, maxRetries: 3, ...overrides };
}

test('the request on the wire: the spec headers, metadata lower-cased, the framed message plain and gzip', async () => {
  const server = await scriptedH2([answerOk()]);
  try {
    const headers = { 'X-Scope-OrgID': 'tenant-1', 'Content-Type': 'text/plain', 'grpc-timeout': '1S' };
    const body = traceRequest(1, 20);
    const plain = createOtlpGrpcSender(options(server.endpoint, { headers }));
    const gzip = createOtlpGrpcSender(options(`http://${server.endpoint}`, { headers, compression: 'gzip' }));
    const outcomes = [await plain.send(body, 20), await gzip.send(body, 20)];
    await plain.close();
    await gzip.close();
    for (const outcome of outcomes) {
      assert.deepEqual(outcome, { ok: true, status: 0, itemsRefused: 0, retries: 0, errorMessage: '' });
    }
    const [asIs, zipped] = server.received;
    for (const request of [asIs, zipped]) {
      const h = request.headers;
      assert.equal(h[':method'], 'POST');
      assert.equal(h[':scheme'], 'http');
      assert.equal(h[':path'], OTLP_GRPC_EXPORT_PATHS.traces);
      assert.equal(h[':authority'], server.endpoint);
      assert.equal(h['content-type'], 'application/grpc');
      assert.equal(h.te, 'trailers');
      assert.equal(h['grpc-timeout'], '2000m');
      assert.match(String(h['user-agent']), /^obsbench/);
      assert.equal(h['x-scope-orgid'], 'tenant-1');
      assert.match(String(h['grpc-accept-encoding']), /gzip/);
    }
    assert.equal(asIs.headers['grpc-encoding'], undefined);
    assert.deepEqual(asIs.data, grpcMessage(Buffer.from(body)));
    assert.equal(zipped.headers['grpc-encoding'], 'gzip');
    assert.equal(zipped.data[0], 1);
    assert.equal(zipped.data.readUInt32BE(1), zipped.data.length - 5);
    assert.deepEqual(gunzipSync(zipped.data.subarray(5)), Buffer.from(body));
    // Both calls of a sender share its one session.
    const again = createOtlpGrpcSender(options(server.endpoint));
    await again.send(body, 20);
    await again.send(body, 20);
    await again.close();
    assert.equal(server.received[2].sessionId, server.received[3].sessionId);
  } finally {
    await server.close();
  }
});

test('a gzip-compressed answer is inflated and its partial success reported', async () => {
  const server = await scriptedH2([answerOk(partialSuccessBody(3, 'bad spans'), 'gzip')]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint, { compression: 'gzip' }));
    const outcome = await sender.send(traceRequest(1, 5), 5);
    await sender.close();
    assert.deepEqual(outcome, {
      ok: true,
      status: 0,
      itemsRefused: 3,
      retries: 0,
      errorMessage: 'bad spans',
    });
  } finally {
    await server.close();
  }
});

test('HTTP errors without grpc-status map by the spec table: 503 is UNAVAILABLE and retried, 200 is UNKNOWN', async () => {
  const unavailable: H2Answer = (stream) => {
    stream.respond({ ':status': 503, 'content-type': 'text/plain' });
    stream.end('overloaded');
  };
  const server = await scriptedH2([unavailable, unavailable, unavailable]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint, { maxRetries: 2 }));
    const outcome = await sender.send(traceRequest(1, 1), 1);
    await sender.close();
    assert.deepEqual(outcome, {
      ok: false,
      status: 14,
      itemsRefused: 0,
      retries: 2,
      errorMessage: 'gRPC UNAVAILABLE: HTTP 503 without grpc-status',
    });
    assert.equal(server.received.length, 3);
  } finally {
    await server.close();
  }
  const noStatus = await scriptedH2([
    (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      stream.end(grpcMessage(Buffer.alloc(0)));
    },
  ]);
  try {
    const sender = createOtlpGrpcSender(options(noStatus.endpoint));
    const outcome = await sender.send(traceRequest(1, 1), 1);
    await sender.close();
    assert.equal(outcome.status, 2);
    assert.equal(outcome.retries, 0);
    assert.match(outcome.errorMessage, /^gRPC UNKNOWN: /);
  } finally {
    await noStatus.close();
  }
});

test('Trailers-Only answers: status, percent-decoded message, and RetryInfo from unpadded base64', async () => {
  const details = retryInfoStatusDetails(8, 200).toString('base64').replace(/=+$/, '');
  const server = await scriptedH2([
    answerTrailersOnly({
      'grpc-status': '8',
      'grpc-message': 'slow%20down',
      'grpc-status-details-bin': details,
    }),
    answerOk(),
    answerTrailersOnly({ 'grpc-status': '3', 'grpc-message': 'bad%20span%3A %E2%82%AC' }),
  ]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint));
    const started = performance.now();
    const retried = await sender.send(traceRequest(1, 1), 1);
    const waitedMs = performance.now() - started;
    const refused = await sender.send(traceRequest(1, 1), 1);
    await sender.close();
    assert.deepEqual(retried, { ok: true, status: 0, itemsRefused: 0, retries: 1, errorMessage: '' });
    assert.ok(waitedMs >= 190, `retried after ${waitedMs.toFixed(0)} ms despite RetryInfo 200 ms`);
    assert.deepEqual(refused, {
      ok: false,
      status: 3,
      itemsRefused: 0,
      retries: 0,
      errorMessage: 'gRPC INVALID_ARGUMENT: bad span: \u20ac',
    });
  } finally {
    await server.close();
  }
});

test('a reset stream maps by its code: REFUSED_STREAM is UNAVAILABLE and retried, INTERNAL_ERROR is INTERNAL', async () => {
  const server = await scriptedH2([
    (stream) => stream.close(constants.NGHTTP2_REFUSED_STREAM),
    answerOk(),
    (stream) => stream.close(constants.NGHTTP2_INTERNAL_ERROR),
  ]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint));
    const retried = await sender.send(traceRequest(1, 1), 1);
    const failed = await sender.send(traceRequest(1, 1), 1);
    await sender.close();
    assert.deepEqual(retried, { ok: true, status: 0, itemsRefused: 0, retries: 1, errorMessage: '' });
    assert.deepEqual(failed, {
      ok: false,
      status: 13,
      itemsRefused: 0,
      retries: 0,
      errorMessage: 'gRPC INTERNAL: stream reset by the server (INTERNAL_ERROR)',
    });
  } finally {
    await server.close();
  }
});

test('a session that goes away is replaced: after GOAWAY the next call dials again; a dropped connection is UNAVAILABLE and retried', async () => {
  const okThenGoAway: H2Answer = (stream) => {
    const session = stream.session;
    answerOk()(stream, {} as H2Request);
    // GOAWAY once the answer is out (a stream forgets its session when it closes).
    stream.on('close', () => session?.close());
  };
  const server = await scriptedH2([
    okThenGoAway,
    okThenGoAway,
    (stream) => stream.session?.destroy(),
    answerOk(),
  ]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint));
    const first = await sender.send(traceRequest(1, 1), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await sender.send(traceRequest(1, 1), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await sender.send(traceRequest(1, 1), 1);
    await sender.close();
    assert.equal(first.ok && second.ok, true);
    assert.deepEqual(third, { ok: true, status: 0, itemsRefused: 0, retries: 1, errorMessage: '' });
    const sessions = server.received.map((request) => request.sessionId);
    assert.deepEqual(sessions, [0, 1, 2, 3]);
  } finally {
    await server.close();
  }
});

test('calls leave no timer behind', async () => {
  const server = await scriptedH2([answerOk()]);
  try {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    const sender = createOtlpGrpcSender(options(server.endpoint));
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => sender.send(traceRequest(1, 1), 1)));
    assert.equal(outcomes.filter((outcome) => outcome.ok).length, 50);
    assert.equal(timers(), before);
    await sender.close();
  } finally {
    await server.close();
  }
});
