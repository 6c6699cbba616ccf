// OTLP/gRPC sender: unary Export calls over one node:http2 session per endpoint (reconnected when
// it closes, fails or is sent away), pre-encoded bodies framed by hand, retries per the spec's
// gRPC code table, RetryInfo delays honoured. A lean client: the per-call work is one stream,
// two writes and five listeners shared by every call; no gRPC library sits on the send path.

import {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  connect as connectHttp2,
  constants as http2,
  type IncomingHttpHeaders,
  type IncomingHttpStatusHeader,
} from 'node:http2';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { gunzipSync, inflateSync } from 'node:zlib';
import { compressBody } from '../encoders/compression.js';
import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import { hostPort, parseEndpointAddress } from './endpoint-address.js';
import {
  decodeBinaryHeader,
  decodeGrpcMessage,
  GRPC_CANCELLED,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_INTERNAL,
  GRPC_OK,
  GRPC_UNAVAILABLE,
  grpcStatusName,
  grpcStatusOfHttpStatus,
  grpcStatusOfResetCode,
  grpcTimeoutHeader,
  http2ErrorCodeName,
  messagePrefix,
  parseGrpcStatus,
  readResponseMessage,
} from './grpc-framing.js';
import { parsePartialSuccessProto, parseRetryInfoDelayMs } from './otlp-response.js';
import { OTLP_GRPC_EXPORT_PATHS, PROTOCOL_TABLE } from './protocols.js';
import { type AttemptResult, RetryLoop } from './retry-loop.js';
import { failureOutcome, type Sender, type SendOutcome, successOutcome } from './sender.js';

export interface OtlpGrpcSenderOptions {
  /** 'host:port' or http(s)://host:port. */
  endpoint: string;
  signal: Signal;
  /** Sent as gRPC metadata on every call (names lower-cased). */
  headers: Record<string, string>;
  /** 'gzip' compresses every message (grpc-encoding: gzip); anything else sends them as they are. */
  compression?: string;
  /** Per-call deadline, also sent as grpc-timeout. */
  requestTimeoutMs: number;
  maxRetries: number;
  /** Absolute performance.now() ms after which no retry starts (the run end). */
  deadlineMs?: number;
  /** Seed of the backoff jitter. Default 1. */
  seed?: number;
}

const GRPC = PROTOCOL_TABLE['otlp-grpc'];
/** The OTLP spec's retryable codes, and those retried only when the answer carries RetryInfo. */
const RETRYABLE_CODES = new Set<number>(GRPC.retry.statuses);
const RETRYABLE_WITH_DELAY = new Set<number>(GRPC.retry.statusesWithRetryDelay);

/**
 * Flow-control windows this client grants the server, per stream and for the connection. Only
 * answers flow this way (small), but a 64 KiB default would stall any large one.
 */
const RECEIVE_WINDOW_BYTES = 16 * 1024 * 1024;
/** How long close() lets open streams finish before it cuts the connection. */
const CLOSE_GRACE_MS = 1000;
const USER_AGENT = `obsbench-otlp-grpc node/${process.versions.node}`;
/**
 * Metadata names the client sets itself, and HTTP/1 connection headers HTTP/2 forbids: a target
 * header of these names is not sent (the protocol's own headers win, as over OTLP/HTTP).
 */
const OWN_HEADERS = new Set([
  'content-type',
  'te',
  'user-agent',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'http2-settings',
]);

/** One message ready for the wire: its prefix and its (possibly compressed) bytes. */
interface FramedMessage {
  prefix: Buffer;
  payload: Buffer;
}

/** One attempt of an Export call, from the request to its settled result. */
class GrpcCall {
  readonly client: OtlpGrpcClient;
  readonly retries: number;
  readonly resolve: (result: AttemptResult) => void;
  stream: ClientHttp2Stream | null = null;
  /** The session the stream went out on (a closed stream forgets it). */
  session: ClientHttp2Session | null = null;
  timer: NodeJS.Timeout | null = null;
  settled = false;
  httpStatus = 0;
  /** -1 until grpc-status arrives (in the trailers, or in the headers of a Trailers-Only answer). */
  grpcStatus = -1;
  grpcMessage = '';
  statusDetails: string | string[] | undefined = undefined;
  responseEncoding: string | undefined = undefined;
  /** The answer's DATA: one chunk in the usual case, more only when it arrives split. */
  data: Buffer | null = null;
  moreData: Buffer[] | null = null;
  streamError: Error | null = null;

  constructor(client: OtlpGrpcClient, retries: number, resolve: (result: AttemptResult) => void) {
    this.client = client;
    this.retries = retries;
    this.resolve = resolve;
  }

  readStatus(fields: IncomingHttpHeaders): void {
    const status = fields['grpc-status'];
    if (status === undefined) return;
    this.grpcStatus = parseGrpcStatus(String(status));
    const message = fields['grpc-message'];
    this.grpcMessage = message === undefined ? '' : decodeGrpcMessage(String(message));
    this.statusDetails = fields['grpc-status-details-bin'];
  }

  responseData(): Buffer {
    if (this.moreData !== null && this.data !== null) return Buffer.concat([this.data, ...this.moreData]);
    return this.data ?? EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);
/** The call a stream carries; the listeners below are shared by every stream and find it here. */
const CALL = Symbol('grpcCall');
type CallStream = ClientHttp2Stream & { [CALL]: GrpcCall };

function onStreamResponse(this: CallStream, headers: IncomingHttpHeaders & IncomingHttpStatusHeader): void {
  const call = this[CALL];
  call.httpStatus = headers[':status'] ?? 0;
  const encoding = headers['grpc-encoding'];
  call.responseEncoding = encoding === undefined ? undefined : String(encoding);
  // Trailers-Only: the status comes in the only HEADERS frame.
  call.readStatus(headers);
}

function onStreamData(this: CallStream, chunk: Buffer): void {
  const call = this[CALL];
  if (call.data === null) call.data = chunk;
  else if (call.moreData === null) call.moreData = [chunk];
  else call.moreData.push(chunk);
}

function onStreamTrailers(this: CallStream, trailers: IncomingHttpHeaders): void {
  this[CALL].readStatus(trailers);
}

function onStreamError(this: CallStream, error: Error): void {
  const call = this[CALL];
  if (call.streamError === null) call.streamError = error;
}

function onStreamClose(this: CallStream): void {
  const call = this[CALL];
  call.client.finish(call, this.rstCode);
}

function onDeadline(call: GrpcCall): void {
  call.timer = null;
  call.client.expire(call);
}

class OtlpGrpcClient implements Sender {
  private readonly authority: string;
  private readonly connectOptions: { host: string; port: number; secure: boolean };
  private readonly method: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly gzip: boolean;
  private readonly requestTimeoutMs: number;
  private readonly retryLoop: RetryLoop;
  /** Calls awaiting their answer, so abort() can end them. */
  private readonly pending = new Set<GrpcCall>();
  private session: ClientHttp2Session | null = null;
  private readonly sockets = new WeakMap<ClientHttp2Session, Socket>();
  private abortReason = '';
  private closed = false;

  constructor(options: OtlpGrpcSenderOptions) {
    const address = parseEndpointAddress(options.endpoint);
    if (address === null) {
      throw new ObsbenchError(
        'E_SCENARIO_INVALID',
        `target.endpoint: '${options.endpoint}' is not host:port or http(s)://host:port; use e.g. 127.0.0.1:4317`,
      );
    }
    const secure = address.protocol === 'https:';
    this.authority = hostPort(address);
    this.connectOptions = { host: address.host, port: address.port, secure };
    this.method = OTLP_GRPC_EXPORT_PATHS[options.signal];
    this.gzip = options.compression === 'gzip';
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.retryLoop = new RetryLoop(options);
    // Node copies the headers of every request, so one object serves them all. The order is the
    // spec's: pseudo-headers, the timeout, the rest of the call definition, then custom metadata.
    const headers: Record<string, string> = {
      [http2.HTTP2_HEADER_METHOD]: 'POST',
      [http2.HTTP2_HEADER_SCHEME]: secure ? 'https' : 'http',
      [http2.HTTP2_HEADER_PATH]: this.method,
      [http2.HTTP2_HEADER_AUTHORITY]: this.authority,
      'grpc-timeout': grpcTimeoutHeader(options.requestTimeoutMs),
      te: 'trailers',
      'content-type': 'application/grpc',
      ...(this.gzip ? { 'grpc-encoding': 'gzip' } : {}),
      'grpc-accept-encoding': 'identity,gzip',
      'user-agent': USER_AGENT,
    };
    for (const [name, value] of Object.entries(options.headers)) {
      const key = name.toLowerCase();
      if (!OWN_HEADERS.has(key) && !key.startsWith('grpc-')) headers[key] = value;
    }
    this.headers = Object.freeze(headers);
    this.attempt = this.attempt.bind(this);
  }

  async send(body: Uint8Array): Promise<SendOutcome> {
    // Compressed once per request, not per attempt: retries resend the same bytes.
    const payload = this.gzip ? compressBody('gzip', body) : toBuffer(body);
    const framed: FramedMessage = { prefix: messagePrefix(this.gzip, payload.length), payload };
    return this.retryLoop.run(framed, this.attempt);
  }

  abort(reason: string): void {
    this.abortReason = reason;
    this.retryLoop.close();
    for (const call of this.pending) {
      this.settle(call, failure(call, GRPC_CANCELLED, `gRPC ${this.method}: ${reason}`));
      this.cancelStream(call);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retryLoop.close();
    const session = this.session;
    this.session = null;
    if (session === null || session.destroyed) return;
    await new Promise<void>((resolve) => {
      // Graceful (GOAWAY, open streams finish) unless the peer never completes it: a server
      // that never sent its SETTINGS holds a graceful close open.
      const force = setTimeout(() => this.sockets.get(session)?.destroy(), CLOSE_GRACE_MS);
      session.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      session.close();
    });
  }

  private attempt(framed: FramedMessage, retries: number): Promise<AttemptResult> {
    return new Promise((resolve) => {
      const call = new GrpcCall(this, retries, resolve);
      if (this.abortReason !== '' || this.closed) {
        const why = this.abortReason || 'sender closed';
        this.settle(call, failure(call, GRPC_CANCELLED, `gRPC ${this.method}: ${why}`));
        return;
      }
      let stream: ClientHttp2Stream;
      try {
        call.session = this.currentSession();
        stream = call.session.request(this.headers);
      } catch (error) {
        // The session went away between our check and the request (GOAWAY, out of stream ids).
        this.dropSession(this.session);
        this.settle(call, failure(call, GRPC_UNAVAILABLE, `gRPC UNAVAILABLE: ${errorText(error)}`));
        return;
      }
      (stream as CallStream)[CALL] = call;
      call.stream = stream;
      stream.on('response', onStreamResponse);
      stream.on('data', onStreamData);
      stream.on('trailers', onStreamTrailers);
      stream.on('error', onStreamError);
      stream.on('close', onStreamClose);
      call.timer = setTimeout(onDeadline, this.requestTimeoutMs, call);
      this.pending.add(call);
      // Prefix and message in one writev, the end of stream on its last DATA frame.
      stream.cork();
      stream.write(framed.prefix);
      stream.end(framed.payload);
    });
  }

  /**
   * The stream closed: the answer is complete, or it never came. Without grpc-status the spec's
   * tables decide: a lost connection is UNAVAILABLE, an HTTP answer maps by its status, a reset
   * stream by its error code.
   */
  finish(call: GrpcCall, rstCode: number | undefined): void {
    if (call.settled) return;
    if (call.grpcStatus >= 0) {
      this.settle(call, this.statusResult(call));
      return;
    }
    const error = call.streamError;
    let code: number;
    let why: string;
    if (error !== null && (error as { code?: unknown }).code !== 'ERR_HTTP2_STREAM_ERROR') {
      // The connection failed, was refused or spoke no HTTP/2.
      code = GRPC_UNAVAILABLE;
      why = errorText(error);
    } else if (call.session?.destroyed === true && call.httpStatus === 0) {
      code = GRPC_UNAVAILABLE;
      why = 'connection closed before the answer';
    } else if (call.httpStatus !== 0) {
      code = grpcStatusOfHttpStatus(call.httpStatus);
      why = `HTTP ${call.httpStatus} without grpc-status`;
    } else if (rstCode !== undefined) {
      code = grpcStatusOfResetCode(rstCode);
      why = `stream reset by the server (${http2ErrorCodeName(rstCode)})`;
    } else {
      code = GRPC_UNAVAILABLE;
      why = 'stream closed without an answer';
    }
    this.settle(call, failure(call, code, `gRPC ${grpcStatusName(code)}: ${why}`));
  }

  /** The deadline passed: DEADLINE_EXCEEDED, and the stream is cancelled (RST_STREAM CANCEL). */
  expire(call: GrpcCall): void {
    if (call.settled) return;
    this.settle(
      call,
      failure(
        call,
        GRPC_DEADLINE_EXCEEDED,
        `gRPC DEADLINE_EXCEEDED: no answer within ${this.requestTimeoutMs} ms (load.requestTimeoutMs)`,
      ),
    );
    const session = call.stream?.session;
    // A connection still not up after a whole request timeout is given up; the next call redials.
    if (session?.connecting) this.dropSession(session as ClientHttp2Session, true);
    else this.cancelStream(call);
  }

  private statusResult(call: GrpcCall): AttemptResult {
    const code = call.grpcStatus;
    if (code === GRPC_OK) {
      const message = readResponseMessage(call.responseData());
      if (!message.ok) return failure(call, GRPC_INTERNAL, `gRPC INTERNAL: ${message.problem}`);
      let body = message.message;
      if (message.compressed) {
        try {
          body = decompressResponse(call.responseEncoding, body);
        } catch (error) {
          return failure(call, GRPC_INTERNAL, `gRPC INTERNAL: response message: ${errorText(error)}`);
        }
      }
      const partial = parsePartialSuccessProto(body);
      return {
        outcome: successOutcome(GRPC_OK, partial.rejectedItems, call.retries, partial.errorMessage),
        retryable: false,
        retryAfterMs: null,
      };
    }
    const retryAfterMs = call.statusDetails === undefined ? null : retryInfoDelayMs(call.statusDetails);
    return {
      outcome: failureOutcome(code, call.retries, `gRPC ${grpcStatusName(code)}: ${call.grpcMessage}`),
      retryable: RETRYABLE_CODES.has(code) || (RETRYABLE_WITH_DELAY.has(code) && retryAfterMs !== null),
      retryAfterMs,
    };
  }

  private settle(call: GrpcCall, result: AttemptResult): void {
    if (call.settled) return;
    call.settled = true;
    if (call.timer !== null) {
      clearTimeout(call.timer);
      call.timer = null;
    }
    this.pending.delete(call);
    call.resolve(result);
  }

  private cancelStream(call: GrpcCall): void {
    const stream = call.stream;
    if (stream !== null && !stream.closed && !stream.destroyed) stream.close(http2.NGHTTP2_CANCEL);
  }

  private currentSession(): ClientHttp2Session {
    const current = this.session;
    if (current !== null && !current.closed && !current.destroyed) return current;
    const { host, port, secure } = this.connectOptions;
    // Our own socket: Nagle off (a request's last DATA frame must not wait for an ACK), and
    // close() can cut it when a graceful close never completes.
    const socket = secure
      ? connectTls({ host, port, servername: isIP(host) === 0 ? host : undefined, ALPNProtocols: ['h2'] })
      : connectTcp({ host, port });
    socket.setNoDelay(true);
    const session = connectHttp2(`${secure ? 'https' : 'http'}://${this.authority}`, {
      settings: { initialWindowSize: RECEIVE_WINDOW_BYTES, enablePush: false },
      // In MB: Node refuses new streams past it. Bodies in flight are bounded by the concurrency.
      maxSessionMemory: 1024,
      createConnection: () => socket,
    });
    this.sockets.set(session, socket);
    // Its calls fail with the error themselves; the session's own report needs a listener.
    session.on('error', ignoreError);
    session.once('connect', () => session.setLocalWindowSize(RECEIVE_WINDOW_BYTES));
    session.once('goaway', () => this.dropSession(session));
    session.once('close', () => this.dropSession(session));
    // The calls' deadline timers keep the process alive while calls are in flight, not an idle session.
    session.unref();
    this.session = session;
    return session;
  }

  /** Stop using a session (it closed, failed or was sent away); destroy it when asked. */
  private dropSession(session: ClientHttp2Session | null, destroy = false): void {
    if (session === null) return;
    if (this.session === session) this.session = null;
    if (destroy && !session.destroyed) {
      session.destroy(new Error(`connect to ${this.authority} took longer than ${this.requestTimeoutMs} ms`));
    }
  }
}

export function createOtlpGrpcSender(options: OtlpGrpcSenderOptions): Sender {
  return new OtlpGrpcClient(options);
}

function failure(call: GrpcCall, code: number, message: string): AttemptResult {
  return {
    outcome: failureOutcome(code, call.retries, message),
    retryable: RETRYABLE_CODES.has(code),
    retryAfterMs: null,
  };
}

function ignoreError(): void {}

function toBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function decompressResponse(encoding: string | undefined, message: Buffer): Buffer {
  switch (encoding) {
    case 'gzip':
      return gunzipSync(message);
    case 'deflate':
      return inflateSync(message);
    default:
      throw new Error(`compressed with '${encoding ?? 'identity'}', which this client does not read`);
  }
}

/** RetryInfo.retry_delay from grpc-status-details-bin, or null when it carries none. */
function retryInfoDelayMs(details: string | string[]): number | null {
  for (const value of decodeBinaryHeader(details)) {
    const delayMs = parseRetryInfoDelayMs(value);
    if (delayMs !== null) return delayMs;
  }
  return null;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // A pending stream cancelled by a failed connect says so; the cause says why.
  const cause = (error as { cause?: unknown }).cause;
  const reported = cause instanceof Error ? cause : error;
  const code = (reported as { code?: unknown }).code;
  return typeof code === 'string' && !reported.message.includes(code)
    ? `${reported.message} (${code})`
    : reported.message;
}
