// The sink's OTLP/gRPC side: a unary gRPC server over node:http2 for the three Export methods,
// framing by hand (grpc-framing.ts). Flow-control windows are large (16 MiB per stream and per
// connection, not HTTP/2's 64 KiB) so one connection moves whole requests per event-loop turn:
// the sink must outrun the harness. wireBytes is the message as received (compressed when it
// is), rawBytes the message after decompression.

import {
  createServer,
  constants as http2,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { Signal } from '../../model/index.js';
import {
  announcedMessageBytes,
  encodeGrpcMessage,
  GRPC_INTERNAL,
  GRPC_INVALID_ARGUMENT,
  GRPC_PREFIX_BYTES,
  GRPC_RESOURCE_EXHAUSTED,
  GRPC_UNAVAILABLE,
  GRPC_UNIMPLEMENTED,
  isGrpcContentType,
  messagePrefix,
  readRequestMessage,
} from '../../transport/grpc-framing.js';
import { OTLP_GRPC_EXPORT_PATHS } from '../../transport/protocols.js';
import { type BodyDecoder, bodyDecoderFor } from './decompress.js';
import { SINK_MAX_BODY_BYTES } from './http-receiver.js';
import { BODY_OTLP_PROTO, type SinkCore, VERDICT_ACCEPTED, VERDICT_INJECTED_ERROR } from './sink-core.js';
import { SIGNAL_INDEX } from './sink-counters.js';

/** Flow-control window per stream (SETTINGS_INITIAL_WINDOW_SIZE) and for each connection. */
const STREAM_WINDOW_BYTES = 16 * 1024 * 1024;
const CONNECTION_WINDOW_BYTES = 64 * 1024 * 1024;
/** SETTINGS_MAX_FRAME_SIZE: the largest DATA frame a client may send (HTTP/2 allows up to 16 MiB - 1). */
const MAX_FRAME_BYTES = 1024 * 1024;
/** In MB: node refuses new streams past it. Bodies in flight are bounded by the clients' concurrency. */
const MAX_SESSION_MEMORY_MB = 1024;
const SHUTDOWN_GRACE_MS = 1000;

const SIGNAL_OF_PATH: ReadonlyMap<string, number> = new Map(
  (Object.entries(OTLP_GRPC_EXPORT_PATHS) as [Signal, string][]).map(([signal, path]) => [
    path,
    SIGNAL_INDEX[signal],
  ]),
);
const METHOD_LIST = Object.values(OTLP_GRPC_EXPORT_PATHS).join(', ');

/** grpc-encoding values the sink reads (gRPC's message encodings); identity needs no decoder. */
const DECODERS: ReadonlyMap<string, BodyDecoder | null> = new Map([
  ['identity', null],
  ['gzip', bodyDecoderFor('gzip') ?? null],
  ['deflate', bodyDecoderFor('deflate') ?? null],
]);
const ACCEPT_ENCODING = [...DECODERS.keys()].join(',');

// Node copies header objects and options on every respond() and sendTrailers(): one each serves all.
const CONTENT_TYPE = 'application/grpc';
const OK_HEADERS: OutgoingHttpHeaders = { ':status': 200, 'content-type': CONTENT_TYPE };
const OK_TRAILERS: OutgoingHttpHeaders = { 'grpc-status': '0' };
/** An empty Export*ServiceResponse (zero bytes) as one uncompressed message. */
const EMPTY_RESPONSE_MESSAGE = messagePrefix(false, 0);
const RESPOND_THEN_TRAILERS = { waitForTrailers: true, sendDate: false };
const RESPOND_AND_END = { endStream: true, sendDate: false };

const INJECTED_FAULT_MESSAGE = 'sink: injected fault (errorRate)';

/**
 * A Trailers-Only answer: the status in the only HEADERS frame. `httpStatus` is 200 for every
 * gRPC error; a request that is not gRPC at all gets 415 as well, as the spec asks.
 */
function statusHeaders(
  code: number,
  message: string,
  extra: OutgoingHttpHeaders = {},
  httpStatus = 200,
): OutgoingHttpHeaders {
  return {
    ':status': httpStatus,
    'content-type': CONTENT_TYPE,
    'grpc-status': String(code),
    'grpc-message': encodeGrpcMessage(message),
    ...extra,
  };
}

/**
 * The gRPC twin of the HTTP side's Retry-After: 0, as the spec's example for retryable errors:
 * google.rpc.Status{code 14, message, details [Any{RetryInfo{retry_delay {}}}]} in
 * grpc-status-details-bin (base64 without padding, as the spec asks senders to write it).
 */
function retryNowDetails(): string {
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const retryInfo = Buffer.from([0x0a, 0x00]); // retry_delay = Duration{} (0 s)
  const any = Buffer.concat([
    Buffer.from([0x0a, typeUrl.length]),
    typeUrl,
    Buffer.from([0x12, retryInfo.length]),
    retryInfo,
  ]);
  const message = Buffer.from(INJECTED_FAULT_MESSAGE);
  const statusDetails = Buffer.concat([
    Buffer.from([0x08, GRPC_UNAVAILABLE, 0x12, message.length]),
    message,
    Buffer.from([0x1a, any.length]),
    any,
  ]);
  return statusDetails.toString('base64').replace(/=+$/, '');
}

const INJECTED_FAULT = statusHeaders(GRPC_UNAVAILABLE, INJECTED_FAULT_MESSAGE, {
  'grpc-status-details-bin': retryNowDetails(),
});
const BAD_BODY = statusHeaders(GRPC_INVALID_ARGUMENT, 'sink: body is not a valid OTLP export request');
const BAD_COMPRESSED_MESSAGE = statusHeaders(GRPC_INTERNAL, 'sink: the message does not decompress');
const TOO_LARGE = statusHeaders(GRPC_RESOURCE_EXHAUSTED, `sink: message over ${SINK_MAX_BODY_BYTES} bytes`);
const TOO_LARGE_DECOMPRESSED = statusHeaders(
  GRPC_RESOURCE_EXHAUSTED,
  `sink: message over ${SINK_MAX_BODY_BYTES} bytes after decompression`,
);
const NOT_GRPC = statusHeaders(
  GRPC_INVALID_ARGUMENT,
  'sink: content-type is not application/grpc',
  {},
  http2.HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE,
);

/** Answer headers for a verdict: undefined = OK (headers, the empty message, trailers). */
function verdictAnswer(verdict: number): OutgoingHttpHeaders | undefined {
  if (verdict === VERDICT_ACCEPTED) return undefined;
  return verdict === VERDICT_INJECTED_ERROR ? INJECTED_FAULT : BAD_BODY;
}

/** One Export call from its headers to its answer; the stream's shared listeners find it here. */
class ExportCall {
  /** The body's DATA: one chunk in the usual case, more only when it arrives split. */
  data: Buffer | null = null;
  moreData: Buffer[] | null = null;
  receivedBytes = 0;
  /** Answered before its body was in (too large): the rest of the body is drained, unread. */
  answered = false;

  constructor(
    readonly receiver: GrpcExportServer,
    readonly signalIndex: number,
    /** grpc-encoding's decoder; null for identity. */
    readonly decoder: BodyDecoder | null,
  ) {}

  body(): Buffer {
    const data = this.data ?? EMPTY;
    if (this.moreData === null) return data;
    return Buffer.concat([data, ...this.moreData], this.receivedBytes);
  }
}

const EMPTY = Buffer.alloc(0);
const CALL = Symbol('exportCall');
type CallStream = ServerHttp2Stream & { [CALL]: ExportCall };

function onCallData(this: CallStream, chunk: Buffer): void {
  const call = this[CALL];
  if (call.answered) return;
  call.receivedBytes += chunk.length;
  if (call.data === null) {
    call.data = chunk;
    if (announcedMessageBytes(chunk) > SINK_MAX_BODY_BYTES) call.receiver.refuseTooLarge(this, call);
  } else if (call.receivedBytes > SINK_MAX_BODY_BYTES + GRPC_PREFIX_BYTES) {
    call.receiver.refuseTooLarge(this, call);
  } else if (call.moreData === null) call.moreData = [chunk];
  else call.moreData.push(chunk);
}

function onCallEnd(this: CallStream): void {
  const call = this[CALL];
  if (!call.answered) call.receiver.complete(this, call);
}

function sendOkTrailers(this: ServerHttp2Stream): void {
  if (!this.closed && !this.destroyed) this.sendTrailers(OK_TRAILERS);
}

function ignoreError(): void {}

function noDelay(socket: Socket): void {
  socket.setNoDelay(true);
}

/** A delayed answer (latencyMs): the timer and what it will send. */
interface DelayedAnswer {
  timer: NodeJS.Timeout | null;
  stream: ServerHttp2Stream;
  headers: OutgoingHttpHeaders | undefined;
}

class GrpcExportServer {
  private readonly delayed = new Set<DelayedAnswer>();
  private closed = false;

  constructor(private readonly core: SinkCore) {}

  /** A new stream: refused at once by its headers, or read to its end. */
  open(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', ignoreError);
    const path = headers[':path'] ?? '';
    const signalIndex = SIGNAL_OF_PATH.get(path);
    if (!isGrpcContentType(headers['content-type'])) {
      if (signalIndex !== undefined) this.core.reject(signalIndex);
      this.refuse(stream, NOT_GRPC);
      return;
    }
    if (signalIndex === undefined || headers[':method'] !== 'POST') {
      this.refuse(
        stream,
        statusHeaders(GRPC_UNIMPLEMENTED, `sink: unknown method ${path}; the sink serves ${METHOD_LIST}`),
      );
      return;
    }
    const encoding = headers['grpc-encoding'];
    const decoder = encoding === undefined ? null : DECODERS.get(String(encoding).trim().toLowerCase());
    if (decoder === undefined) {
      this.core.reject(signalIndex);
      this.refuse(
        stream,
        statusHeaders(GRPC_UNIMPLEMENTED, `sink: grpc-encoding '${encoding}' is not supported`, {
          'grpc-accept-encoding': ACCEPT_ENCODING,
        }),
      );
      return;
    }
    (stream as CallStream)[CALL] = new ExportCall(this, signalIndex, decoder);
    stream.on('data', onCallData);
    stream.on('end', onCallEnd);
  }

  /** The body is in: check its framing, then admit (fault draw), decompress and count. */
  complete(stream: ServerHttp2Stream, call: ExportCall): void {
    const core = this.core;
    const signalIndex = call.signalIndex;
    const read = readRequestMessage(call.body());
    if (!read.ok) {
      core.reject(signalIndex);
      this.answer(stream, statusHeaders(GRPC_INTERNAL, `sink: ${read.problem}`));
      return;
    }
    const message = read.message;
    if (message.length > SINK_MAX_BODY_BYTES) {
      this.refuseTooLarge(stream, call);
      return;
    }
    if (read.compressed && call.decoder === null) {
      core.reject(signalIndex);
      const problem = 'sink: compressed flag set without a grpc-encoding that compresses';
      this.answer(stream, statusHeaders(GRPC_INTERNAL, problem));
      return;
    }
    if (core.admit(signalIndex) === VERDICT_INJECTED_ERROR) {
      this.answerLater(stream, INJECTED_FAULT);
      return;
    }
    if (!read.compressed || call.decoder === null) {
      this.answerLater(
        stream,
        verdictAnswer(core.count(signalIndex, BODY_OTLP_PROTO, message.length, message)),
      );
      return;
    }
    call.decoder(message, (error, raw) => {
      if (this.closed) return;
      if (error !== null || raw === null || raw.length > SINK_MAX_BODY_BYTES) {
        core.count(signalIndex, BODY_OTLP_PROTO, message.length, null);
        this.answer(stream, error === null && raw !== null ? TOO_LARGE_DECOMPRESSED : BAD_COMPRESSED_MESSAGE);
        return;
      }
      this.answerLater(stream, verdictAnswer(core.count(signalIndex, BODY_OTLP_PROTO, message.length, raw)));
    });
  }

  /** A message over SINK_MAX_BODY_BYTES: refused as soon as that is known, the rest drained. */
  refuseTooLarge(stream: ServerHttp2Stream, call: ExportCall): void {
    call.answered = true;
    call.data = null;
    call.moreData = null;
    this.core.reject(call.signalIndex);
    this.answer(stream, TOO_LARGE);
  }

  close(): void {
    this.closed = true;
    for (const pending of this.delayed) {
      if (pending.timer !== null) clearTimeout(pending.timer);
      // Never answered now: cancelled, so graceful session closes need not wait for them.
      if (!pending.stream.closed && !pending.stream.destroyed) pending.stream.close(http2.NGHTTP2_CANCEL);
    }
    this.delayed.clear();
  }

  /** Refused by its headers: answered at once, the body (if any) read and dropped. */
  private refuse(stream: ServerHttp2Stream, headers: OutgoingHttpHeaders): void {
    stream.resume();
    this.answer(stream, headers);
  }

  /** A verdict's answer, after latencyMs when it is set. */
  private answerLater(stream: ServerHttp2Stream, headers: OutgoingHttpHeaders | undefined): void {
    const latencyMs = this.core.latencyMs;
    if (latencyMs <= 0) {
      this.answer(stream, headers);
      return;
    }
    const pending: DelayedAnswer = { timer: null, stream, headers };
    pending.timer = setTimeout(() => {
      this.delayed.delete(pending);
      this.answer(stream, headers);
    }, latencyMs);
    this.delayed.add(pending);
  }

  /** headers undefined: OK (headers, the empty response message, trailers); else Trailers-Only. */
  private answer(stream: ServerHttp2Stream, headers: OutgoingHttpHeaders | undefined): void {
    // The client may have gone (reset, deadline) while the body was read or decompressed.
    if (this.closed || stream.closed || stream.destroyed || stream.headersSent) return;
    if (headers !== undefined) {
      stream.respond(headers, RESPOND_AND_END);
      return;
    }
    stream.respond(OK_HEADERS, RESPOND_THEN_TRAILERS);
    stream.on('wantTrailers', sendOkTrailers);
    stream.end(EMPTY_RESPONSE_MESSAGE);
  }
}

export interface GrpcReceiver {
  port: number;
  close(): Promise<void>;
}

export function startGrpcReceiver(core: SinkCore, host: string, port: number): Promise<GrpcReceiver> {
  const receiver = new GrpcExportServer(core);
  const sessions = new Set<ServerHttp2Session>();
  const server = createServer({
    settings: { initialWindowSize: STREAM_WINDOW_BYTES, maxFrameSize: MAX_FRAME_BYTES },
    maxSessionMemory: MAX_SESSION_MEMORY_MB,
  });
  server.on('connection', noDelay);
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.on('error', ignoreError);
    session.once('close', () => sessions.delete(session));
    // The connection's own window: SETTINGS cannot raise it, a WINDOW_UPDATE on stream 0 does.
    session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
  });
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) =>
    receiver.open(stream, headers),
  );

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            receiver.close();
            // GOAWAY: streams in flight finish; a client that never completes it is cut after the grace.
            const force = setTimeout(() => {
              for (const session of sessions) session.destroy();
            }, SHUTDOWN_GRACE_MS);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            for (const session of sessions) session.close();
          }),
      });
    });
  });
}
