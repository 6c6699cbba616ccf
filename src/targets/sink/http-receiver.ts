// The sink's HTTP side: node:http with keep-alive. POST /v1/{traces,metrics,logs} answers per the
// OTLP spec (200 + empty Export*ServiceResponse, 400 bad data, 503 + Retry-After); POST
// /api/v1/write (Prometheus remote write 1.0) and /loki/api/v1/push (Loki push, protobuf or JSON)
// answer 204 like Prometheus and Loki, with plain-text errors. Paths, content types, body
// compression and answer style come from the protocol table (src/transport/protocols.ts).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireFormat } from '../../encoders/encoder.js';
import { PROTOCOL_SPECS } from '../../transport/protocols.js';
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

/** How the sink counts a body of each wire format: sink-core's body kinds. */
const BODY_OF: Readonly<Record<WireFormat, number>> = {
  'otlp-proto': BODY_OTLP_PROTO,
  'otlp-json': BODY_OTLP_JSON,
  'prom-remote-write': BODY_REMOTE_WRITE,
  'loki-push-proto': BODY_LOKI_PROTO,
  'loki-push-json': BODY_LOKI_JSON,
};

/** One encoding a route reads, from the protocol table. */
interface RouteEncoding {
  readonly isJson: boolean;
  /** sink-core's body kind. */
  readonly body: number;
  readonly acceptedContentTypes: readonly string[];
  /** Snappy by definition: decoded as snappy with Content-Encoding absent or snappy. */
  readonly snappyBody: boolean;
}

interface Route {
  readonly signalIndex: number;
  /** Answered as an OTLP receiver (200, Status bodies); else as Prometheus and Loki (204, text). */
  readonly otlpAnswer: boolean;
  readonly encodings: readonly RouteEncoding[];
  /** The encoding of a body whose Content-Type matches none (Loki: protobuf); else refused. */
  readonly otherContentType: RouteEncoding | undefined;
  /** Appended to a 415 for a Content-Type the route does not read. */
  readonly contentTypeHint: string;
}

/** Every path of every HTTP protocol in the protocol table: POST /v1/<signal>, /api/v1/write, ... */
function buildRoutes(): ReadonlyMap<string, Route> {
  const routes = new Map<string, Route>();
  for (const spec of PROTOCOL_SPECS) {
    if (spec.transport !== 'http') continue;
    const encodings = spec.encodings.map(
      (e): RouteEncoding => ({
        isJson: e.encoding === 'json',
        body: BODY_OF[e.wireFormat],
        acceptedContentTypes: e.acceptedContentTypes,
        snappyBody: e.snappyBody,
      }),
    );
    const other = spec.encodings.findIndex((e) => e.encoding === spec.sink.otherContentType);
    const only = spec.encodings.length === 1 ? spec.encodings[0] : undefined;
    for (const signal of spec.signals) {
      const path = spec.paths[signal];
      if (path === undefined) continue;
      routes.set(path, {
        signalIndex: SIGNAL_INDEX[signal],
        otlpAnswer: spec.sink.answer === 'otlp',
        encodings,
        otherContentType: other < 0 ? undefined : encodings[other],
        contentTypeHint: only === undefined ? '' : ` (${spec.title} is ${only.contentType})`,
      });
    }
  }
  return routes;
}

const ROUTES = buildRoutes();
const ROUTE_LIST = [...ROUTES.keys()].join(', ');

/** The encoding of a request body by its (lower-case) Content-Type. */
function encodingOf(route: Route, contentType: string): RouteEncoding | undefined {
  for (const encoding of route.encodings) {
    for (const accepted of encoding.acceptedContentTypes) {
      if (contentType.startsWith(accepted)) return encoding;
    }
  }
  return route.otherContentType;
}

/** For snappyBody encodings (remote write, Loki protobuf): the header may say snappy or be absent. */
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
    const encoding = encodingOf(route, contentType);
    const decode =
      encoding === undefined
        ? undefined
        : encoding.snappyBody
          ? snappyOnly(contentEncoding)
          : bodyDecoderFor(contentEncoding);
    if (encoding === undefined || decode === undefined) {
      request.resume();
      core.reject(signalIndex);
      const what =
        encoding === undefined
          ? `content-type '${contentType}'${route.contentTypeHint}`
          : `content-encoding '${contentEncoding}'`;
      plain(response, 415, `sink: unsupported ${what}`);
      return;
    }
    const isJson = encoding.isJson;
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
      const isOtlp = route.otlpAnswer;
      if (core.admit(signalIndex) === VERDICT_INJECTED_ERROR) {
        const canned = !isOtlp ? PUSH_UNAVAILABLE : isJson ? UNAVAILABLE_JSON : UNAVAILABLE_PROTO;
        answer(response, 503, canned.headers, canned.body);
        return;
      }
      const wire = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, receivedBytes);
      decode(wire, (error, raw) => {
        const verdict = core.count(signalIndex, encoding.body, receivedBytes, error ? null : raw);
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
