// Spans per trace ID in one encoded OTLP traces request (ExportTraceServiceRequest, protobuf or
// JSON). For the few requests the run samples for its trace read-back, never per item: protobuf
// is walked with FieldReader, JSON parsed whole.
//
// The walk over items is otlp-patch-sites.ts' forEachItem, which also counts the spans of a Tempo
// trace-by-ID answer (tempopb.Trace) in targets/trace-answer.ts.

import { ObsbenchError } from '../errors.js';
import type { WireFormat } from './encoder.js';
import { FieldReader, forEachItem } from './otlp-patch-sites.js';

const WIRE_LEN = 2;
const TRACE_ID_BYTES = 16;

/** Adds the spans of each trace ID in a protobuf request (or tempopb.Trace) into `into`. */
function countProtoSpansByTrace(bytes: Uint8Array, into: Map<string, number>): void {
  const span = new FieldReader(bytes, 0, 0);
  forEachItem(bytes, (start, end) => {
    span.reset(start, end);
    let traceId = '';
    while (span.next()) {
      if (span.wire === WIRE_LEN && span.field === 1 && span.end - span.start === TRACE_ID_BYTES) {
        traceId = Buffer.from(bytes.buffer, bytes.byteOffset + span.start, TRACE_ID_BYTES).toString('hex');
        break;
      }
    }
    into.set(traceId, (into.get(traceId) ?? 0) + 1);
  });
}

interface OtlpJsonTraces {
  resourceSpans?: { scopeSpans?: { spans?: { traceId?: string }[] }[] }[];
}

/** Adds the spans of each trace ID in an OTLP/JSON request (hex trace IDs) into `into`. */
function countJsonSpansByTrace(request: OtlpJsonTraces, into: Map<string, number>): void {
  for (const rs of request.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? [])
      for (const span of ss.spans ?? []) {
        const traceId = (span.traceId ?? '').toLowerCase();
        into.set(traceId, (into.get(traceId) ?? 0) + 1);
      }
}

/** Spans per trace ID of an encoded traces request in `format`. */
export function spansByTraceInRequest(format: WireFormat, bytes: Uint8Array): Map<string, number> {
  const spans = new Map<string, number>();
  if (format === 'otlp-proto') countProtoSpansByTrace(bytes, spans);
  else if (format === 'otlp-json')
    countJsonSpansByTrace(JSON.parse(Buffer.from(bytes).toString('utf8')) as OtlpJsonTraces, spans);
  else throw new ObsbenchError('E_INTERNAL', `spansByTraceInRequest: ${format} is not an OTLP traces format`);
  return spans;
}
