// Renders one log line in JSON, logfmt, Apache common log or RFC 5424 syslog, padded with
// realistic extra fields (or query parameters) up to a target length. Every fixed piece
// (per-stream heads, padding fields, status tails) is prebuilt, so a line is a handful of
// concatenations of pooled strings plus the per-record message, IDs and time.

import type { LogFormat } from '../model/shapes.js';
import { id6 } from './ids.js';
import { LogTimeText } from './log-time-text.js';
import type { Rng } from './random.js';
import { FUNCTION_NAMES, REGIONS } from './vocabulary.js';
import { type MessageRenderer, PADDING_KEYS } from './vocabulary-logs.js';

export const FORMAT_JSON = 0;
export const FORMAT_LOGFMT = 1;
export const FORMAT_APACHE = 2;
// 3 is syslog: the remaining case, needing no head of its own.
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'logfmt', 'apache', 'syslog'];

/** Severity text in lines, by severity index (debug, info, warn, error). */
const LEVELS = ['debug', 'info', 'warn', 'error'];
/** RFC 5424 PRI for facility local0 (16): 16 * 8 + syslog severity (7 debug, 6 info, 4 warning, 3 err). */
const SYSLOG_PRI = ['<135>1 ', '<134>1 ', '<132>1 ', '<131>1 '];
const METHOD_HEADS = [
  '] "GET ',
  '] "GET ',
  '] "GET ',
  '] "GET ',
  '] "POST ',
  '] "POST ',
  '] "PUT ',
  '] "DELETE ',
  '] "HEAD ',
];
const OK_TAILS = ['200', '200', '200', '200', '200', '200', '204', '301', '302', '304'].map(
  (s) => ` HTTP/1.1" ${s} `,
);
const WARN_TAILS = ['400', '401', '403', '404', '404', '404', '409', '429'].map((s) => ` HTTP/1.1" ${s} `);
const ERROR_TAILS = ['500', '502', '503', '504'].map((s) => ` HTTP/1.1" ${s} `);
const QUERY_KEYS = [
  'q',
  'page',
  'sort',
  'limit',
  'category',
  'utm_source',
  'utm_campaign',
  'session',
  'lang',
  'ref',
];
const PADDING_VALUES_PER_KEY = 48;
const QUERY_VALUES_PER_KEY = 24;
const DETAIL_PIECES = 512;
const TOKEN_PIECES = 256;
/** Characters of a line's request_id value: two id6. */
export const REQUEST_ID_CHARS = 12;
/** What precedes a line's request_id value in JSON lines, and in logfmt and syslog lines. */
const REQUEST_ID_MARKERS = ['"request_id":"', ' request_id='];
/** Padding keys besides request_id (key 0, rendered per line). */
const PADDING_FIELD_KEYS = PADDING_KEYS.length - 1;

/** What a line needs to know about its stream, with the stream's fixed line pieces. */
export interface StreamText {
  service: string;
  host: string;
  /** Logger names lines pick from. */
  loggers: string[];
  pid: string;
  /** Per (severity * loggers.length + logger): the JSON / logfmt text between the time and the message. */
  jsonHeads: string[];
  logfmtHeads: string[];
  /** Syslog text between the time and the message: " host app pid - - ". */
  syslogMiddle: string;
}

/** Fills a stream's prebuilt heads once its service, host, loggers and pid are known. */
export function streamText(
  format: number,
  service: string,
  host: string,
  loggers: string[],
  pid: string,
): StreamText {
  // Only the stream's own format needs heads (streams can number in the 100 000s).
  const jsonHeads: string[] = [];
  const logfmtHeads: string[] = [];
  for (let severity = 0; severity < LEVELS.length; severity++) {
    for (const logger of loggers) {
      if (format === FORMAT_JSON)
        jsonHeads.push(`","level":"${LEVELS[severity]}","logger":"${logger}","msg":"`);
      if (format === FORMAT_LOGFMT) logfmtHeads.push(` level=${LEVELS[severity]} logger=${logger} msg="`);
    }
  }
  return {
    service,
    host,
    loggers,
    pid,
    jsonHeads,
    logfmtHeads,
    syslogMiddle: ` ${host} ${service} ${pid} - - `,
  };
}

export class LineRenderer {
  private readonly messages: MessageRenderer;
  /** `,"key":"value"` and ` key=value` padding fields. */
  private readonly jsonPadding: string[] = [];
  private readonly kvPadding: string[] = [];
  private readonly firstQuery: string[] = [];
  private readonly nextQuery: string[] = [];
  /** Words of the free-text `detail` field that long lines end with once every key is used. */
  private readonly detailPieces: string[] = [];
  private readonly tokenPieces: string[] = [];
  private readonly times = new LogTimeText();

  constructor(messages: MessageRenderer, rng: Rng) {
    this.messages = messages;
    // Key 0 (request_id) is unique per line and rendered per record.
    for (let k = 1; k < PADDING_KEYS.length; k++) {
      for (let v = 0; v < PADDING_VALUES_PER_KEY; v++) {
        const value = paddingValue(PADDING_KEYS[k], rng);
        this.jsonPadding.push(`,"${PADDING_KEYS[k]}":"${value}"`);
        this.kvPadding.push(` ${PADDING_KEYS[k]}=${value}`);
      }
    }
    for (let k = 0; k < QUERY_KEYS.length; k++) {
      for (let v = 0; v < QUERY_VALUES_PER_KEY; v++) {
        const pair = `${QUERY_KEYS[k]}=${id6(rng.nextUint32()).slice(0, 1 + rng.nextInt(6))}`;
        this.firstQuery.push('?' + pair);
        this.nextQuery.push('&' + pair);
      }
    }
    for (let d = 0; d < DETAIL_PIECES; d++) this.detailPieces.push(detailPiece(rng));
    for (let t = 0; t < TOKEN_PIECES; t++)
      this.tokenPieces.push(id6(rng.nextUint32()) + id6(rng.nextUint32()));
  }

  json(
    stream: StreamText,
    timeUs: number,
    severity: number,
    message: string,
    traceHex: string,
    spanHex: string,
    target: number,
    rng: Rng,
  ): string {
    const head = stream.jsonHeads[severity * stream.loggers.length + rng.nextInt(stream.loggers.length)];
    let line = '{"ts":"' + this.times.iso(timeUs) + head + message + '"';
    if (traceHex !== '') line += ',"trace_id":"' + traceHex + '","span_id":"' + spanHex + '"';
    if (line.length + 1 < target)
      line += ',"request_id":"' + id6(rng.nextUint32()) + id6(rng.nextUint32()) + '"';
    return this.padFields(line, target, 1, this.jsonPadding, ',"detail":"', rng) + '}';
  }

  logfmt(
    stream: StreamText,
    timeUs: number,
    severity: number,
    message: string,
    traceHex: string,
    spanHex: string,
    target: number,
    rng: Rng,
  ): string {
    const head = stream.logfmtHeads[severity * stream.loggers.length + rng.nextInt(stream.loggers.length)];
    let line = 'ts=' + this.times.iso(timeUs) + head + message + '"';
    if (traceHex !== '') line += ' trace_id=' + traceHex + ' span_id=' + spanHex;
    return this.padKeyValues(line, target, rng);
  }

  /** RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG */
  syslog(
    stream: StreamText,
    timeUs: number,
    severity: number,
    message: string,
    traceHex: string,
    target: number,
    rng: Rng,
  ): string {
    let line = SYSLOG_PRI[severity] + this.times.iso(timeUs) + stream.syslogMiddle + message;
    if (traceHex !== '') line += ' trace_id=' + traceHex;
    return this.padKeyValues(line, target, rng);
  }

  /** Apache common log format; the request's query string carries the padding. */
  apache(timeUs: number, severity: number, target: number, rng: Rng): string {
    const tail =
      (severity === 3
        ? ERROR_TAILS[rng.nextInt(4)]
        : severity === 2
          ? WARN_TAILS[rng.nextInt(8)]
          : OK_TAILS[rng.nextInt(10)]) + rng.skewedInt(120_000);
    const user = rng.nextFloat() < 0.7 ? ' - - [' : ' - u' + rng.skewedInt(100_000) + ' [';
    let line =
      this.messages.ip(rng) +
      user +
      this.times.apache(timeUs) +
      METHOD_HEADS[rng.nextInt(METHOD_HEADS.length)] +
      this.messages.path(rng);
    if (line.length + tail.length >= target) return line + tail;
    // Query parameters, each key once (from a random key, cyclically), then a long opaque token.
    let k = rng.nextInt(QUERY_KEYS.length);
    line += this.firstQuery[k * QUERY_VALUES_PER_KEY + rng.nextInt(QUERY_VALUES_PER_KEY)];
    for (let used = 1; used < QUERY_KEYS.length && line.length + tail.length < target; used++) {
      k = k + 1 === QUERY_KEYS.length ? 0 : k + 1;
      line += this.nextQuery[k * QUERY_VALUES_PER_KEY + rng.nextInt(QUERY_VALUES_PER_KEY)];
    }
    if (line.length + tail.length < target) {
      line += '&token=';
      while (line.length + tail.length < target) line += this.tokenPieces[rng.nextInt(TOKEN_PIECES)];
    }
    return line + tail;
  }

  private padKeyValues(start: string, target: number, rng: Rng): string {
    let line = start;
    if (line.length < target) line += ' request_id=' + id6(rng.nextUint32()) + id6(rng.nextUint32());
    return this.padFields(line, target, 0, this.kvPadding, ' detail="', rng);
  }

  /**
   * Appends fields, each key at most once (from a random key, cyclically), until the line plus
   * `reserve` closing characters reaches `target`; then a quoted free-text detail field.
   */
  private padFields(
    start: string,
    target: number,
    reserve: number,
    fields: string[],
    detailOpen: string,
    rng: Rng,
  ): string {
    let line = start;
    let k = rng.nextInt(PADDING_FIELD_KEYS);
    for (let used = 0; used < PADDING_FIELD_KEYS && line.length + reserve < target; used++) {
      line += fields[k * PADDING_VALUES_PER_KEY + rng.nextInt(PADDING_VALUES_PER_KEY)];
      k = k + 1 === PADDING_FIELD_KEYS ? 0 : k + 1;
    }
    if (line.length + reserve < target) {
      line += detailOpen + this.detailPieces[rng.nextInt(DETAIL_PIECES)];
      while (line.length + reserve + 1 < target) line += ' ' + this.detailPieces[rng.nextInt(DETAIL_PIECES)];
      line += '"';
    }
    return line;
  }
}

const DETAIL_WORDS = [
  'while',
  'handling',
  'request',
  'from',
  'upstream',
  'cache',
  'refresh',
  'scheduled',
  'after',
  'retry',
  'timeout',
  'exceeded',
  'for',
  'tenant',
  'partition',
  'rebalanced',
  'connection',
  'reset',
  'by',
  'peer',
  'payload',
  'truncated',
  'at',
  'offset',
  'context',
  'canceled',
  'lock',
  'held',
  'queue',
  'drained',
];

/** A word, a number or a source location, for free-text detail. */
function detailPiece(rng: Rng): string {
  const kind = rng.nextInt(6);
  if (kind === 0) return String(rng.skewedInt(100_000));
  if (kind === 1)
    return `${rng.pick(FUNCTION_NAMES)}(${rng.pick(['main', 'handler', 'client', 'worker'])}.go:${10 + rng.nextInt(800)})`;
  return rng.pick(DETAIL_WORDS);
}

function paddingValue(key: string, rng: Rng): string {
  switch (key) {
    case 'attempt':
      return String(1 + rng.nextInt(5));
    case 'elapsed_ms':
    case 'retry_after_ms':
      return String(Math.round(rng.lognormal(30, 1.3)));
    case 'bytes':
    case 'db_rows':
      return String(rng.skewedInt(100_000));
    case 'user_id':
      return 'u' + rng.skewedInt(2_000_000);
    case 'client_ip':
      return `10.${rng.nextInt(64)}.${rng.nextInt(256)}.${rng.nextInt(256)}`;
    case 'version':
      return `v${rng.nextInt(4)}.${rng.nextInt(20)}.${rng.nextInt(10)}`;
    case 'route':
      return `/api/v1/${['orders', 'users', 'carts', 'search'][rng.nextInt(4)]}`;
    case 'region':
      return rng.pick(REGIONS);
    case 'tenant':
      return 'tenant-' + (1000 + rng.nextInt(9000));
    case 'component':
      return rng.pick(['http', 'grpc', 'db', 'cache', 'auth', 'billing', 'scheduler', 'consumer']);
    case 'thread':
      return rng.pick(['main', 'worker-1', 'worker-2', 'worker-3', 'io-4', 'pool-1-thread-7', 'async-9']);
    case 'cache':
      return rng.pick(['hit', 'miss', 'stale', 'bypass']);
    case 'queue':
      return rng.pick(['default', 'emails', 'webhooks', 'exports', 'priority', 'retry']);
    default:
      return id6(rng.nextUint32()).slice(0, 3 + rng.nextInt(4));
  }
}

/** Where the body's request_id value starts, or -1 when the line has none of 12 characters. */
export function requestIdAt(text: Buffer, start: number, end: number): number {
  // Searched within the body only.
  const body = text.subarray(start, end);
  for (const marker of REQUEST_ID_MARKERS) {
    const found = body.indexOf(marker, 0, 'latin1');
    const at = start + found + marker.length;
    if (found >= 0 && at + REQUEST_ID_CHARS <= end && isBase36Run(text, at, REQUEST_ID_CHARS)) return at;
  }
  return -1;
}

function isBase36Run(bytes: Uint8Array, at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) {
    const c = bytes[i];
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}
