// A walker over encoded OTLP traces and logs requests that hands a sink the byte ranges of what
// the diversity bench counts (IDs, attributes, bodies, times, streams), decoding nothing into
// objects: the template scanner's field reader (encoders/otlp-patch-sites.ts), one per nesting
// level, four per request and nothing per item. Field numbers from opentelemetry-proto (trace/v1,
// logs/v1, common/v1):
//   ExportTraceServiceRequest.resource_spans=1 > ResourceSpans.scope_spans=2 > ScopeSpans.spans=2
//     > Span{trace_id=1, span_id=2, parent_span_id=4, attributes=9 (KeyValue)}
//   ExportLogsServiceRequest.resource_logs=1 > ResourceLogs{resource=1, scope_logs=2}
//     > ScopeLogs.log_records=2 > LogRecord{time_unix_nano=1 (fixed64), body=5, attributes=6}

import { FieldReader } from '../src/encoders/otlp-patch-sites.js';

const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;

/** What a traces walk reports, in byte order of the request. */
export interface SpanSink {
  /** One KeyValue of a span's attributes (its key and value, encoded), before the span's `span` call. */
  spanAttribute(bytes: Uint8Array, start: number, end: number): void;
  /** A span, once its fields were read: offsets of its 16-byte trace ID and 8-byte span ID (-1 when absent). */
  span(bytes: Uint8Array, traceIdAt: number, spanIdAt: number, isRoot: boolean): void;
}

/** What a logs walk reports, in byte order of the request. */
export interface LogSink {
  /** A ResourceLogs' resource (its encoded bytes; an empty range for none), before its records. */
  stream(bytes: Uint8Array, start: number, end: number): void;
  /** One KeyValue of a record's attributes, before the record's `record` call. */
  recordAttribute(bytes: Uint8Array, start: number, end: number): void;
  /** A record: the offset of its fixed64 time (-1 when absent) and its body's encoded AnyValue. */
  record(bytes: Uint8Array, timeAt: number, bodyStart: number, bodyEnd: number): void;
}

const isMessage = (r: FieldReader, field: number): boolean => r.wire === WIRE_LEN && r.field === field;

/** Walks an ExportTraceServiceRequest of `length` bytes. */
export function walkTraces(bytes: Uint8Array, length: number, sink: SpanSink): void {
  forEachItem(bytes, length, null, (span) => {
    let traceIdAt = -1;
    let spanIdAt = -1;
    let isRoot = true;
    while (span.next()) {
      if (span.wire !== WIRE_LEN) continue;
      const size = span.end - span.start;
      if (span.field === 9) sink.spanAttribute(bytes, span.start, span.end);
      else if (span.field === 1 && size === 16) traceIdAt = span.start;
      else if (span.field === 2 && size === 8) spanIdAt = span.start;
      else if (span.field === 4 && size > 0) isRoot = false;
    }
    sink.span(bytes, traceIdAt, spanIdAt, isRoot);
  });
}

/** Walks an ExportLogsServiceRequest of `length` bytes. */
export function walkLogs(bytes: Uint8Array, length: number, sink: LogSink): void {
  const onResource = (resource: FieldReader, start: number): void => {
    // The resource names the stream of every record below it, wherever it stands among them.
    let streamStart = start;
    let streamEnd = start;
    while (resource.next()) {
      if (isMessage(resource, 1)) {
        streamStart = resource.start;
        streamEnd = resource.end;
      }
    }
    sink.stream(bytes, streamStart, streamEnd);
  };
  forEachItem(bytes, length, onResource, (record) => {
    let timeAt = -1;
    let bodyStart = 0;
    let bodyEnd = 0;
    while (record.next()) {
      if (record.wire === WIRE_FIXED64 && record.field === 1) timeAt = record.start;
      else if (isMessage(record, 5)) {
        bodyStart = record.start;
        bodyEnd = record.end;
      } else if (isMessage(record, 6)) sink.recordAttribute(bytes, record.start, record.end);
    }
    sink.record(bytes, timeAt, bodyStart, bodyEnd);
  });
}

/**
 * Calls `onItem` with a reader over each span or log record (request field 1 > 2 > 2), after
 * `onResource` (when given) read the resource message (field 1) it belongs to.
 */
function forEachItem(
  bytes: Uint8Array,
  length: number,
  onResource: ((resource: FieldReader, start: number) => void) | null,
  onItem: (item: FieldReader) => void,
): void {
  const request = new FieldReader(bytes, 0, length);
  const resource = new FieldReader(bytes, 0, 0);
  const scope = new FieldReader(bytes, 0, 0);
  const item = new FieldReader(bytes, 0, 0);
  while (request.next()) {
    if (!isMessage(request, 1)) continue;
    if (onResource !== null) onResource(resource.reset(request.start, request.end), request.start);
    resource.reset(request.start, request.end);
    while (resource.next()) {
      if (!isMessage(resource, 2)) continue;
      scope.reset(resource.start, resource.end);
      while (scope.next()) {
        if (isMessage(scope, 2)) onItem(item.reset(scope.start, scope.end));
      }
    }
  }
}
