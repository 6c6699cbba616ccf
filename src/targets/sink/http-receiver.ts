// The sink's HTTP side: node:http with keep-alive. POST /v1/{traces,metrics,logs} answers per the
// OTLP spec (200 + empty Export*ServiceResponse, 400 bad data, 503 + Retry-After); POST
// /api/v1/write (Prometheus remote write 1.0) and /loki/api/v1/push (Loki push, protobuf or JSON)
// answer 204 like Prometheus and Loki, with plain-text errors.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BodyDecoder, bodyDecoderFor } from './decompress.js';
import {
  BODY_LOKI_JSON,
  BODY_LOKI_PROTO,
  BODY_OTLP_JSON,
  BODY_OTLP_PROTO,
  BODY_REMOTE_WRITE,
  type SinkCore,
  VERDICT_ACCEPTED,
  VERDICT_INJECTED_ERROR,
} from './sink-core.js';
import { SIGNAL_INDEX } from './sink-counters.js';

/** Bodies above this are refused with 413 rather than buffered. */
export const SINK_MAX_BODY_BYTES = 64 * 1024 * 1024;

const ROUTE_OTLP = 0;
const ROUTE_REMOTE_WRITE = 1;
const ROUTE_LOKI_PUSH = 2;

interface Route {
  readonly signalIndex: number;
  readonly kind: number;
}

const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/v1/traces', { signalIndex: SIGNAL_INDEX.traces, kind: ROUTE_OTLP }],
  ['/v1/metrics', { signalIndex: SIGNAL_INDEX.metrics, kind: ROUTE_OTLP }],
  ['/v1/logs', { signalIndex: SIGNAL_INDEX.logs, kind: ROUTE_OTLP }],
  ['/api/v1/write', { signalIndex: SIGNAL_INDEX.metrics, kind: ROUTE_REMOTE_WRITE }],
  ['/loki/api/v1/push', { signalIndex: SIGNAL_INDEX.logs, kind: ROUTE_LOKI_PUSH }],
]);
const ROUTE_LIST = [...ROUTES.keys()].join(', ');

/** Remote write and Loki protobuf bodies are snappy by definition; the header may say so or be absent. */
const SNAPPY = bodyDecoderFor('snappy');

/** Prometheus and Loki answer a push with 204 and no body. */
const NO_CONTENT_HEADERS = { 'content-length': '0' };
const NO_CONTENT = Buffer.alloc(0);
const PUSH_UNAVAILABLE = plainResponse('sink: injected fault (errorRate)\n', { 'retry-after': '0' });
const PUSH_BAD_REQUEST = plainResponse('sink: body is not a valid request for this path\n', {});

// An empty Export*ServiceResponse is zero bytes in protobuf and {} in JSON.
const EMPTY_PROTO = Buffer.alloc(0);
const EMPTY_JSON = Buffer.from('{}');
const PROTO_OK_HEADERS = { 'content-type': 'application/x-protobuf', 'content-length': '0' };
const JSON_OK_HEADERS = { 'content-type': 'application/json', 'content-length': String(EMPTY_JSON.length) };
// Error bodies follow the spec: a google.rpc.Status (message = field 2) in the request's encoding.
const UNAVAILABLE_MESSAGE = 'sink: injected fault (errorRate)';
const BAD_REQUEST_MESSAGE = 'sink: body is not a valid OTLP export request for this path';
const UNAVAILABLE_PROTO = statusResponse(false, UNAVAILABLE_MESSAGE, { 'retry-after': '0' });
const UNAVAILABLE_JSON = statusResponse(true, UNAVAILABLE_MESSAGE, { 'retry-after': '0' });
const BAD_REQUEST_PROTO = statusResponse(false, BAD_REQUEST_MESSAGE, {});
const BAD_REQUEST_JSON = statusResponse(true, BAD_REQUEST_MESSAGE, {});

interface CannedResponse {
  headers: Record<string, string>;
  body: Buffer;
}

function plainResponse(text: string, extraHeaders: Record<string, string>): CannedResponse {
  const body = Buffer.from(text);
  return {
    headers: { 'content-type': 'text/plain', 'content-length': String(body.length), ...extraHeaders },
    body,
  };
}

function statusResponse(
  isJson: boolean,
  message: string,
  extraHeaders: Record<string, string>,
): CannedResponse {
  let body: Buffer;
  if (isJson) body = Buffer.from(JSON.stringify({ message }));
  else {
    const text = Buffer.from(message);
    // Short messages only: one-byte length prefix.
    body = Buffer.concat([Buffer.from([0x12, text.length]), text]);
  }
  const contentType = isJson ? 'application/json' : 'application/x-protobuf';
  return {
    headers: { 'content-type': contentType, 'content-length': String(body.length), ...extraHeaders },
    body,
  };
}

/** How long idle keep-alive connections stay open; longer than clients' own idle timeouts. */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

export interface HttpReceiver {
  port: number;
  close(): Promise<void>;
}

export function startHttpReceiver(core: SinkCore, host: string, port: number): Promise<HttpReceiver> {
  const delayed = new Set<NodeJS.Timeout>();
  // Decoding finishes on the thread pool: an answer may come due after close().
  let closed = false;

  function answer(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer,
  ): void {
    if (closed) return;
    if (core.latencyMs <= 0) {
      response.writeHead(status, headers).end(body);
      return;
    }
    const timer = setTimeout(() => {
      delayed.delete(timer);
      response.writeHead(status, headers).end(body);
    }, core.latencyMs);
    delayed.add(timer);
  }

  function plain(response: ServerResponse, status: number, text: string | Buffer): void {
    const body = typeof text === 'string' ? Buffer.from(text) : text;
    answer(response, status, { 'content-type': 'text/plain', 'content-length': String(body.length) }, body);
  }

  function onRequest(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '';
    const queryAt = url.indexOf('?');
    const route = ROUTES.get(queryAt < 0 ? url : url.slice(0, queryAt));
    if (route === undefined || request.method !== 'POST') {
      request.resume();
      if (route === undefined) plain(response, 404, `sink: POST to ${ROUTE_LIST}`);
      else plain(response, 405, 'sink: only POST is supported');
      return;
    }
    const signalIndex = route.signalIndex;
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    const contentEncoding = request.headers['content-encoding'];
    const isJson = contentType.startsWith('application/json');
    const isProto =
      contentType.startsWith('application/x-protobuf') || contentType.startsWith('application/protobuf');
    let body: number;
    let decode: BodyDecoder | undefined;
    if (route.kind === ROUTE_OTLP) {
      body = isJson ? BODY_OTLP_JSON : BODY_OTLP_PROTO;
      decode = isJson || isProto ? bodyDecoderFor(contentEncoding) : undefined;
    } else if (route.kind === ROUTE_REMOTE_WRITE) {
      body = BODY_REMOTE_WRITE;
      decode = isProto ? snappyOnly(contentEncoding) : undefined;
    } else if (isJson) {
      body = BODY_LOKI_JSON;
      decode = bodyDecoderFor(contentEncoding);
    } else {
      // Loki reads any body that is not JSON as snappy protobuf.
      body = BODY_LOKI_PROTO;
      decode = snappyOnly(contentEncoding);
    }
    if (decode === undefined) {
      request.resume();
      core.reject(signalIndex);
      const what =
        route.kind === ROUTE_OTLP && !isJson && !isProto
          ? `content-type '${contentType}'`
          : route.kind === ROUTE_REMOTE_WRITE && !isProto
            ? `content-type '${contentType}' (remote write is application/x-protobuf)`
            : `content-encoding '${contentEncoding}'`;
      plain(response, 415, `sink: unsupported ${what}`);
      return;
    }
    const declaredBytes = Number(request.headers['content-length'] ?? 0);
    if (declaredBytes > SINK_MAX_BODY_BYTES) {
      request.resume();
      core.reject(signalIndex);
      plain(response, 413, `sink: body over ${SINK_MAX_BODY_BYTES} bytes`);
      return;
    }
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    request.on('data', (chunk: Buffer) => {
      receivedBytes += chunk.length;
      // Chunked bodies carry no content-length: stop buffering once past the limit.
      if (receivedBytes <= SINK_MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (receivedBytes > SINK_MAX_BODY_BYTES) {
        core.reject(signalIndex);
        plain(response, 413, `sink: body over ${SINK_MAX_BODY_BYTES} bytes`);
        return;
      }
      const isOtlp = route.kind === ROUTE_OTLP;
      if (core.admit(signalIndex) === VERDICT_INJECTED_ERROR) {
        const canned = !isOtlp ? PUSH_UNAVAILABLE : isJson ? UNAVAILABLE_JSON : UNAVAILABLE_PROTO;
        answer(response, 503, canned.headers, canned.body);
        return;
      }
      const wire = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, receivedBytes);
      decode(wire, (error, raw) => {
        const verdict = core.count(signalIndex, body, receivedBytes, error ? null : raw);
        if (verdict === VERDICT_ACCEPTED) {
          if (!isOtlp) answer(response, 204, NO_CONTENT_HEADERS, NO_CONTENT);
          else if (isJson) answer(response, 200, JSON_OK_HEADERS, EMPTY_JSON);
          else answer(response, 200, PROTO_OK_HEADERS, EMPTY_PROTO);
        } else {
          const canned = !isOtlp ? PUSH_BAD_REQUEST : isJson ? BAD_REQUEST_JSON : BAD_REQUEST_PROTO;
          answer(response, 400, canned.headers, canned.body);
        }
      });
    });
  }

  const server: Server = createServer({ keepAlive: true }, onRequest);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            closed = true;
            for (const timer of delayed) clearTimeout(timer);
            delayed.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The snappy decoder when the Content-Encoding header is absent or says snappy; undefined otherwise. */
function snappyOnly(contentEncoding: string | undefined): BodyDecoder | undefined {
  const value = (contentEncoding ?? '').trim().toLowerCase();
  return value === '' || value === 'snappy' ? SNAPPY : undefined;
}
