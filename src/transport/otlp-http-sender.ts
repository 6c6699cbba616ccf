// OTLP/HTTP sender: one undici Pool of keep-alive connections, POST to <baseUrl>/v1/<signal>,
// with the spec's response rules: 2xx (+ partial_success), retry 429/502/503/504 and
// connection failures with backoff honouring Retry-After, never past the run deadline.

import { STATUS_CODES } from 'node:http';
import { Pool } from 'undici';
import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import { parseEndpointAddress } from './endpoint-address.js';
import { parsePartialSuccessJson, parsePartialSuccessProto, parseStatusMessage } from './otlp-response.js';
import { PROTOCOL_TABLE } from './protocols.js';
import { parseRetryAfterMs } from './retry-after.js';
import { type AttemptResult, RetryLoop } from './retry-loop.js';
import { failureOutcome, type Sender, type SendOutcome, successOutcome } from './sender.js';

export interface OtlpHttpSenderOptions {
  /** http://host:port with an optional path prefix (kept: http://h:4318/otlp -> /otlp/v1/logs). */
  baseUrl: string;
  signal: Signal;
  /** application/x-protobuf or application/json. */
  contentType: string;
  /** Set when the body is compressed: gzip, zstd, snappy. */
  contentEncoding?: string;
  headers: Record<string, string>;
  /** Keep-alive connections in the pool. */
  connections: number;
  /** Bound on waiting for response headers, and separately on the gap between body chunks. */
  requestTimeoutMs: number;
  maxRetries: number;
  /** Absolute performance.now() ms after which no retry starts (the run end). */
  deadlineMs?: number;
  /** Seed of the backoff jitter. Default 1. */
  seed?: number;
  /** Path after the base URL instead of /v1/<signal> (Prometheus remote write: /api/v1/write). */
  path?: string;
  /** Statuses retried with backoff (the protocol table's); default the OTLP/HTTP spec's. */
  retryableStatuses?: readonly number[];
  /** Retry every 5xx too (the remote write spec's rule). */
  retryAllServerErrors?: boolean;
}

/** Characters of an error body kept in errorMessage. */
const ERROR_BODY_MAX_CHARS = 200;

/** "Cannot connect" and "disconnected without a response": the spec says retry with backoff. */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function createOtlpHttpSender(options: OtlpHttpSenderOptions): Sender {
  const address = parseEndpointAddress(options.baseUrl);
  if (address === null || !/^https?:\/\//i.test(options.baseUrl.trim())) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `target.endpoint: '${options.baseUrl}' is not an http(s) base URL; use e.g. http://127.0.0.1:4318`,
    );
  }
  const origin = `${address.protocol}//${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  const path = `${address.pathPrefix}${options.path ?? `/v1/${options.signal}`}`;
  const url = origin + path;
  const isJson = options.contentType.includes('json');
  const requestHeaders: Record<string, string> = { ...options.headers, 'content-type': options.contentType };
  if (options.contentEncoding !== undefined && options.contentEncoding !== 'none') {
    requestHeaders['content-encoding'] = options.contentEncoding;
  }
  const pool = new Pool(origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    connectTimeout: options.requestTimeoutMs,
  });
  const retryLoop = new RetryLoop(options);
  const retryableStatuses = new Set(options.retryableStatuses ?? PROTOCOL_TABLE['otlp-http'].retry.statuses);
  let abortReason = '';

  async function attempt(body: Uint8Array, retries: number): Promise<AttemptResult> {
    let statusCode: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let responseBody: Uint8Array;
    try {
      const response = await pool.request({ path, method: 'POST', headers: requestHeaders, body });
      statusCode = response.statusCode;
      responseHeaders = response.headers;
      // Always read the body to the end: an unread body keeps the connection from being reused.
      responseBody = new Uint8Array(await response.body.arrayBuffer());
    } catch (error) {
      const code = errorCode(error);
      const message = abortReason
        ? `POST ${url}: ${abortReason}`
        : networkErrorMessage(url, code, error, options.requestTimeoutMs);
      return {
        outcome: failureOutcome(0, retries, message),
        retryable: RETRYABLE_NETWORK_CODES.has(code),
        retryAfterMs: null,
      };
    }
    if (statusCode >= 200 && statusCode < 300) {
      const partial = isJson ? parsePartialSuccessJson(responseBody) : parsePartialSuccessProto(responseBody);
      return {
        outcome: successOutcome(statusCode, partial.rejectedItems, retries, partial.errorMessage),
        retryable: false,
        retryAfterMs: null,
      };
    }
    return {
      outcome: failureOutcome(
        statusCode,
        retries,
        httpErrorMessage(statusCode, responseHeaders, responseBody),
      ),
      retryable:
        retryableStatuses.has(statusCode) || (options.retryAllServerErrors === true && statusCode >= 500),
      retryAfterMs: parseRetryAfterMs(responseHeaders['retry-after'], Date.now()),
    };
  }

  return {
    async send(body: Uint8Array): Promise<SendOutcome> {
      return retryLoop.run(body, attempt);
    },
    abort(reason: string): void {
      abortReason = reason;
      retryLoop.close();
      // Fails what is on a socket and what waits in the pool's queue alike.
      pool.destroy().catch(() => {});
    },
    async close(): Promise<void> {
      retryLoop.close();
      if (!pool.destroyed) await pool.close();
    },
  };
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UNKNOWN';
  const withCode = error as { code?: unknown; errors?: unknown[] };
  if (typeof withCode.code === 'string') return withCode.code;
  // Happy-eyeballs connects (localhost -> ::1 and 127.0.0.1) fail with an AggregateError.
  if (Array.isArray(withCode.errors) && withCode.errors.length > 0) return errorCode(withCode.errors[0]);
  return 'UNKNOWN';
}

function networkErrorMessage(url: string, code: string, error: unknown, requestTimeoutMs: number): string {
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `POST ${url}: no response headers within ${requestTimeoutMs} ms (load.requestTimeoutMs)`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `POST ${url}: response body stalled for ${requestTimeoutMs} ms (load.requestTimeoutMs)`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `POST ${url}: connect timed out after ${requestTimeoutMs} ms`;
    case 'ECONNREFUSED':
      return `POST ${url}: connection refused (ECONNREFUSED)`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `POST ${url}: server closed the connection without a response (${code})`;
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return `POST ${url}: sender closed before the request finished`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `POST ${url}: ${message} (${code})`;
    }
  }
}

function httpErrorMessage(
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  body: Uint8Array,
): string {
  const head = `HTTP ${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trimEnd();
  if (body.length === 0) return head;
  const contentType = String(headers['content-type'] ?? '');
  // OTLP servers answer errors with a google.rpc.Status; other servers with text or JSON.
  const statusMessage = contentType.includes('protobuf') ? parseStatusMessage(body) : null;
  const text = statusMessage ?? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const compact = text.replace(/\s+/g, ' ').trim();
  if (compact === '') return head;
  const shortened =
    compact.length > ERROR_BODY_MAX_CHARS ? `${compact.slice(0, ERROR_BODY_MAX_CHARS)}...` : compact;
  return `${head}: ${shortened}`;
}
