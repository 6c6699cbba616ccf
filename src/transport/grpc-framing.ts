// The gRPC over HTTP/2 wire rules a unary client and server need (grpc/doc/PROTOCOL-HTTP2.md): the
// 5-byte length prefix of a message, the gRPC content types, the grpc-timeout value, the status a
// response carries (grpc-status, the percent-encoded grpc-message, base64 -bin headers) and the
// status it implies when it carries none (the HTTP status table, and the RST_STREAM error code table).

import { constants as http2 } from 'node:http2';

/** Compressed-Flag (1 byte) + Message-Length (4 bytes, big-endian). */
export const GRPC_PREFIX_BYTES = 5;

/** Status codes by number, as gRPC names them. */
const GRPC_STATUS_NAMES: readonly string[] = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

export const GRPC_OK = 0;
export const GRPC_CANCELLED = 1;
const GRPC_UNKNOWN = 2;
export const GRPC_INVALID_ARGUMENT = 3;
export const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_PERMISSION_DENIED = 7;
export const GRPC_RESOURCE_EXHAUSTED = 8;
export const GRPC_UNIMPLEMENTED = 12;
export const GRPC_INTERNAL = 13;
export const GRPC_UNAVAILABLE = 14;
const GRPC_UNAUTHENTICATED = 16;

/** 'UNAVAILABLE' for 14; the number itself for a code gRPC does not define. */
export function grpcStatusName(code: number): string {
  return GRPC_STATUS_NAMES[code] ?? String(code);
}

/** TimeoutValue is at most 8 digits. */
const MAX_TIMEOUT_VALUE = 99_999_999;

/**
 * The grpc-timeout header for a deadline this far away: milliseconds ('5000m') while they fit
 * in 8 digits, else whole seconds, minutes or hours rounded up (a timeout is never shortened).
 */
export function grpcTimeoutHeader(timeoutMs: number): string {
  const ms = Math.max(1, Math.ceil(timeoutMs));
  if (ms <= MAX_TIMEOUT_VALUE) return `${ms}m`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds <= MAX_TIMEOUT_VALUE) return `${seconds}S`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= MAX_TIMEOUT_VALUE) return `${minutes}M`;
  return `${Math.min(MAX_TIMEOUT_VALUE, Math.ceil(minutes / 60))}H`;
}

/** The 5 bytes before a message of `messageBytes` bytes; `compressed` per grpc-encoding. */
export function messagePrefix(compressed: boolean, messageBytes: number): Buffer {
  const prefix = Buffer.allocUnsafe(GRPC_PREFIX_BYTES);
  prefix[0] = compressed ? 1 : 0;
  prefix.writeUInt32BE(messageBytes, 1);
  return prefix;
}

/** A Length-Prefixed-Message read from DATA bytes, or why it cannot be read. */
export type LengthPrefixedMessage =
  | { ok: true; compressed: boolean; message: Buffer }
  | { ok: false; problem: string };

const NO_MESSAGE: LengthPrefixedMessage = { ok: true, compressed: false, message: Buffer.alloc(0) };

/**
 * The message of a unary response from its DATA bytes. No bytes at all reads as an empty
 * message (the status already said OK); a prefix announcing more bytes than arrived does not.
 */
export function readResponseMessage(data: Buffer): LengthPrefixedMessage {
  if (data.length === 0) return NO_MESSAGE;
  return readFirstMessage(data, 'response');
}

/**
 * The one message of a unary request from its DATA bytes: no message, a cut one, a flag other
 * than 0 or 1, or bytes after it are problems (a server answers them INTERNAL, as gRPC servers do).
 */
export function readRequestMessage(data: Buffer): LengthPrefixedMessage {
  if (data.length === 0) return { ok: false, problem: 'request carries no message' };
  const read = readFirstMessage(data, 'request');
  if (read.ok && data.length > GRPC_PREFIX_BYTES + read.message.length) {
    return { ok: false, problem: 'request carries more than one message (the method is unary)' };
  }
  return read;
}

/** The message length a prefix at the start of `data` announces; -1 while fewer than 5 bytes are in. */
export function announcedMessageBytes(data: Buffer): number {
  return data.length < GRPC_PREFIX_BYTES ? -1 : data.readUInt32BE(1);
}

function readFirstMessage(data: Buffer, side: 'request' | 'response'): LengthPrefixedMessage {
  if (data.length < GRPC_PREFIX_BYTES) {
    return { ok: false, problem: `${side} message cut short: ${data.length} bytes, no full prefix` };
  }
  const flag = data[0];
  if (flag !== 0 && flag !== 1) {
    return { ok: false, problem: `${side} compressed flag is ${flag}, not 0 or 1` };
  }
  const length = data.readUInt32BE(1);
  const end = GRPC_PREFIX_BYTES + length;
  if (data.length < end) {
    return {
      ok: false,
      problem: `${side} message cut short: ${data.length - GRPC_PREFIX_BYTES} of ${length} bytes`,
    };
  }
  return { ok: true, compressed: flag === 1, message: data.subarray(GRPC_PREFIX_BYTES, end) };
}

/**
 * A gRPC request's content-type: application/grpc, alone or with a +subtype or parameters
 * (not application/grpc-web, a different protocol).
 */
export function isGrpcContentType(value: string | undefined): boolean {
  if (value === undefined || !value.toLowerCase().startsWith('application/grpc')) return false;
  const next = value.charCodeAt(GRPC_CONTENT_TYPE_LENGTH);
  return Number.isNaN(next) || next === PLUS || next === SEMICOLON;
}

const GRPC_CONTENT_TYPE_LENGTH = 'application/grpc'.length;
const PLUS = 0x2b;
const SEMICOLON = 0x3b;

const DIGITS = /^\d{1,10}$/;

/**
 * grpc-status as a number; UNKNOWN for a value that is not one (the spec's parse rule for a
 * status a client cannot read).
 */
export function parseGrpcStatus(value: string): number {
  return DIGITS.test(value) ? Number(value) : GRPC_UNKNOWN;
}

/** A run of percent-escapes: the bytes of one or more UTF-8 characters. */
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * grpc-message is percent-encoded UTF-8 ('%' and 2 hex digits); a '%' not followed by two hex
 * digits stays as it is, as the spec asks of a lenient decoder. The bytes of one character are
 * always one run of escapes, so each run decodes on its own.
 */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes('%')) return value;
  return value.replace(PERCENT_RUN, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
}

/** Bytes grpc-message carries as they are: printable ASCII except '%'. */
const GRPC_MESSAGE_PLAIN = /^[\x20-\x24\x26-\x7e]*$/;

/** grpc-message for a status text: its UTF-8 bytes, each outside printable ASCII (and '%') as %XX. */
export function encodeGrpcMessage(text: string): string {
  if (GRPC_MESSAGE_PLAIN.test(text)) return text;
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * A -bin header's values: base64 (padded or not), several values joined by commas when the peer
 * sent the header more than once.
 */
export function decodeBinaryHeader(value: string | string[]): Buffer[] {
  const texts = Array.isArray(value) ? value : [value];
  const decoded: Buffer[] = [];
  for (const text of texts) {
    for (const part of text.split(',')) {
      const trimmed = part.trim();
      if (trimmed !== '') decoded.push(Buffer.from(trimmed, 'base64'));
    }
  }
  return decoded;
}

/**
 * The status of a response without grpc-status (an HTTP proxy or a non-gRPC server answered),
 * per grpc/doc/http-grpc-status-mapping.md. 200 is UNKNOWN: a real OK carries grpc-status.
 */
export function grpcStatusOfHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GRPC_INTERNAL;
    case 401:
      return GRPC_UNAUTHENTICATED;
    case 403:
      return GRPC_PERMISSION_DENIED;
    case 404:
      return GRPC_UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GRPC_UNAVAILABLE;
    default:
      return GRPC_UNKNOWN;
  }
}

/** The status of a stream the server reset without a status, per the spec's RST_STREAM table. */
export function grpcStatusOfResetCode(rstCode: number): number {
  switch (rstCode) {
    case http2.NGHTTP2_REFUSED_STREAM:
      return GRPC_UNAVAILABLE;
    case http2.NGHTTP2_CANCEL:
      return GRPC_CANCELLED;
    case http2.NGHTTP2_ENHANCE_YOUR_CALM:
      return GRPC_RESOURCE_EXHAUSTED;
    case http2.NGHTTP2_INADEQUATE_SECURITY:
      return GRPC_PERMISSION_DENIED;
    default:
      return GRPC_INTERNAL;
  }
}

/** HTTP/2 error codes (RFC 9113 section 7) by number, for messages. */
const HTTP2_ERROR_NAMES: readonly string[] = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

/** 'REFUSED_STREAM' for 7; 'error code N' for a code HTTP/2 does not define. */
export function http2ErrorCodeName(code: number): string {
  return HTTP2_ERROR_NAMES[code] ?? `error code ${code}`;
}
