// Where an encoded OTLP traces or logs request holds the bytes that make it one of a kind: trace
// and span IDs, and times. A template (a request encoded once) is sent again as a new request by
// rewriting only these, in place: IDs and times are fixed-width in OTLP protobuf (bytes of 16 and
// 8, fixed64), so no length around them changes.
//
// Paths (field numbers from opentelemetry-proto trace/v1 and logs/v1):
//   traces: ExportTraceServiceRequest.resource_spans=1 > ResourceSpans.scope_spans=2 > ScopeSpans.spans=2
//           > Span{trace_id=1, span_id=2, parent_span_id=4, start_time_unix_nano=7,
//                  end_time_unix_nano=8, events=11 > Event.time_unix_nano=1,
//                  links=13 > Link{trace_id=1, span_id=2}}
//   logs:   ExportLogsServiceRequest.resource_logs=1 > ResourceLogs.scope_logs=2 > ScopeLogs.log_records=2
//           > LogRecord{time_unix_nano=1, observed_time_unix_nano=11}
// A log record's trace and span IDs point at spans sent elsewhere: they are left as they are.

import { ObsbenchError } from '../errors.js';

/** A 16-byte trace ID. */
export const SITE_TRACE_ID = 0;
/** An 8-byte span ID (a span's own, its parent's, or a link's). */
export const SITE_SPAN_ID = 1;
/** A fixed64 of nanoseconds since the epoch (little-endian). */
export const SITE_TIME = 2;
/** A log record's string body (its UTF-8 bytes; `lengths` holds how many): where a line's time text is. */
export const SITE_LOG_BODY = 3;

/** The sites of one request, in byte order: parallel arrays of offset and kind. */
export interface PatchSites {
  readonly count: number;
  /** Offset of the value's first byte (after the tag and, for IDs, the length). */
  readonly offsets: Int32Array;
  readonly kinds: Uint8Array;
  /** SITE_LOG_BODY: the byte length; 0 for the fixed-width kinds. */
  readonly lengths: Int32Array;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

class SiteList {
  count = 0;
  offsets = new Int32Array(1024);
  kinds = new Uint8Array(1024);
  lengths = new Int32Array(1024);

  add(offset: number, kind: number, length = 0): void {
    if (this.count === this.offsets.length) {
      const offsets = new Int32Array(this.count * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const kinds = new Uint8Array(this.count * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
      const lengths = new Int32Array(this.count * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.kinds[this.count++] = kind;
  }

  done(): PatchSites {
    const n = this.count;
    return {
      count: n,
      offsets: this.offsets.slice(0, n),
      kinds: this.kinds.slice(0, n),
      lengths: this.lengths.slice(0, n),
    };
  }
}

/**
 * A cursor over a protobuf message; not for hot paths (templates are scanned once). bench/'s
 * OTLP walker reuses it, a reader per nesting level pointed at each message in turn with `reset`.
 */
export class FieldReader {
  pos: number;
  field = 0;
  wire = 0;
  /** For WIRE_LEN: the value's bounds. */
  start = 0;
  end = 0;

  constructor(
    private readonly bytes: Uint8Array,
    from: number,
    private limit: number,
  ) {
    this.pos = from;
  }

  /** Points the reader at another message of the same bytes. */
  reset(from: number, limit: number): this {
    this.pos = from;
    this.limit = limit;
    return this;
  }

  /** Reads the next field's tag and skips or bounds its value; false at the end. */
  next(): boolean {
    if (this.pos >= this.limit) return false;
    const tag = this.varint();
    this.field = tag >>> 3;
    this.wire = tag & 7;
    switch (this.wire) {
      case WIRE_VARINT:
        this.varint();
        break;
      case WIRE_FIXED64:
        this.start = this.pos;
        this.pos += 8;
        break;
      case WIRE_FIXED32:
        this.start = this.pos;
        this.pos += 4;
        break;
      case WIRE_LEN: {
        const length = this.varint();
        this.start = this.pos;
        this.end = this.pos + length;
        this.pos = this.end;
        break;
      }
      default:
        throw malformed(`wire type ${this.wire} at byte ${this.pos}`);
    }
    if (this.pos > this.limit) throw malformed(`field ${this.field} runs past its message`);
    return true;
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.bytes[this.pos++];
      if (b === undefined) throw malformed('a varint runs past the end');
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw malformed('a varint longer than 10 bytes');
  }
}

function malformed(what: string): ObsbenchError {
  return new ObsbenchError('E_INTERNAL', `template scan: not a well-formed OTLP request (${what})`);
}

/** Visits each message at the end of `path` (field numbers, outermost first) with its bounds. */
function forEachMessage(
  bytes: Uint8Array,
  from: number,
  to: number,
  path: readonly number[],
  depth: number,
  visit: (start: number, end: number) => void,
): void {
  const reader = new FieldReader(bytes, from, to);
  while (reader.next()) {
    if (reader.wire !== WIRE_LEN || reader.field !== path[depth]) continue;
    if (depth === path.length - 1) visit(reader.start, reader.end);
    else forEachMessage(bytes, reader.start, reader.end, path, depth + 1, visit);
  }
}

const ITEMS_PATH: readonly number[] = [1, 2, 2];

/**
 * Visits each item (span or log record) of an encoded OTLP export request with its bounds:
 * resource_*=1 > scope_*=2 > items=2. A tempopb.Trace has the same path (its batches are field 1).
 */
export function forEachItem(bytes: Uint8Array, visit: (start: number, end: number) => void): void {
  forEachMessage(bytes, 0, bytes.length, ITEMS_PATH, 0, visit);
}

/** The patch sites of an encoded ExportTraceServiceRequest. */
export function tracePatchSites(bytes: Uint8Array): PatchSites {
  const sites = new SiteList();
  forEachItem(bytes, (start, end) => {
    const span = new FieldReader(bytes, start, end);
    while (span.next()) {
      const f = span.field;
      if (span.wire === WIRE_LEN && f === 1 && span.end - span.start === 16)
        sites.add(span.start, SITE_TRACE_ID);
      else if (span.wire === WIRE_LEN && (f === 2 || f === 4) && span.end - span.start === 8)
        sites.add(span.start, SITE_SPAN_ID);
      else if (span.wire === WIRE_FIXED64 && (f === 7 || f === 8)) sites.add(span.start, SITE_TIME);
      else if (span.wire === WIRE_LEN && f === 11) {
        const event = new FieldReader(bytes, span.start, span.end);
        while (event.next())
          if (event.field === 1 && event.wire === WIRE_FIXED64) sites.add(event.start, SITE_TIME);
      } else if (span.wire === WIRE_LEN && f === 13) {
        const link = new FieldReader(bytes, span.start, span.end);
        while (link.next()) {
          if (link.wire !== WIRE_LEN) continue;
          if (link.field === 1 && link.end - link.start === 16) sites.add(link.start, SITE_TRACE_ID);
          else if (link.field === 2 && link.end - link.start === 8) sites.add(link.start, SITE_SPAN_ID);
        }
      }
    }
  });
  return sites.done();
}

/**
 * The patch sites of an encoded ExportLogsServiceRequest: each record's two times, and its string
 * body (LogRecord.body=5 > AnyValue.string_value=1), which follows the record's time_unix_nano.
 */
export function logPatchSites(bytes: Uint8Array): PatchSites {
  const sites = new SiteList();
  forEachItem(bytes, (start, end) => {
    const record = new FieldReader(bytes, start, end);
    while (record.next()) {
      if (record.wire === WIRE_FIXED64 && (record.field === 1 || record.field === 11)) {
        sites.add(record.start, SITE_TIME);
      } else if (record.wire === WIRE_LEN && record.field === 5) {
        const body = new FieldReader(bytes, record.start, record.end);
        while (body.next()) {
          if (body.wire === WIRE_LEN && body.field === 1)
            sites.add(body.start, SITE_LOG_BODY, body.end - body.start);
        }
      }
    }
  });
  return sites.done();
}
