// OTLP protobuf encoder for traces: TraceBatch -> ExportTraceServiceRequest bytes
// (opentelemetry.proto.collector.trace.v1; messages from trace.v1), written by hand in two passes.

import type { ResourceSpansRecord, SpanRecord, TraceBatch } from '../model/index.js';
import {
  sizeAttributes,
  sizeResourceField,
  sizeScopeField,
  writeAttributes,
  writeResourceField,
  writeScopeField,
} from './proto-common.js';
import { fieldSize, writeId8, writeId16, writeVarint32 } from './proto-primitives.js';
import type { ProtoWriter, ProtoWriterOptions } from './proto-writer.js';
import { TwoPassProtoEncoder } from './two-pass-encoder.js';

// ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1, scope_spans = 2;
// ScopeSpans.scope = 1, spans = 2.
const TAG_RESOURCE_SPANS = 0x0a;
const TAG_RESOURCE = 0x0a;
const TAG_SCOPE_SPANS = 0x12;
const TAG_SCOPE = 0x0a;
const TAG_SPAN = 0x12;
// Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, start_time_unix_nano = 7,
// end_time_unix_nano = 8, attributes = 9, events = 11, links = 13, status = 15.
const TAG_SPAN_TRACE_ID = 0x0a;
const TAG_SPAN_SPAN_ID = 0x12;
const TAG_SPAN_PARENT_SPAN_ID = 0x22;
const TAG_SPAN_NAME = 0x2a;
const TAG_SPAN_KIND = 0x30;
const TAG_SPAN_START = 0x39;
const TAG_SPAN_END = 0x41;
const TAG_SPAN_ATTRIBUTES = 0x4a;
const TAG_SPAN_EVENT = 0x5a;
const TAG_SPAN_LINK = 0x6a;
const TAG_SPAN_STATUS = 0x7a;
// Span.Event: time_unix_nano = 1, name = 2, attributes = 3.
const TAG_EVENT_TIME = 0x09;
const TAG_EVENT_NAME = 0x12;
const TAG_EVENT_ATTRIBUTES = 0x1a;
// Span.Link: trace_id = 1, span_id = 2, attributes = 4.
const TAG_LINK_TRACE_ID = 0x0a;
const TAG_LINK_SPAN_ID = 0x12;
const TAG_LINK_ATTRIBUTES = 0x22;
// Status: message = 2, code = 3.
const TAG_STATUS_MESSAGE = 0x12;
const TAG_STATUS_CODE = 0x18;

/** Size pass: the bytes of the request, recording nested sizes in `w`. */
function sizeTraceRequest(w: ProtoWriter, batch: TraceBatch): number {
  w.beginSizePass();
  let total = 0;
  for (let r = 0; r < batch.resourceCount; r++) {
    total += fieldSize(sizeResourceSpans(w, batch.resources[r]));
  }
  return total;
}

function sizeResourceSpans(w: ProtoWriter, rs: ResourceSpansRecord): number {
  const slot = w.reserveSize();
  let content = sizeResourceField(w, rs.resource);
  const scopeSlot = w.reserveSize();
  let scope = sizeScopeField(w, rs.scopeName, rs.scopeVersion);
  const spans = rs.spans;
  for (let s = 0; s < rs.spanCount; s++) scope += fieldSize(sizeSpan(w, spans[s]));
  w.sizes[scopeSlot] = scope;
  content += fieldSize(scope);
  w.sizes[slot] = content;
  return content;
}

function sizeSpan(w: ProtoWriter, span: SpanRecord): number {
  const slot = w.reserveSize();
  // trace_id (2 + 16), span_id (2 + 8), start and end times (2 x 9).
  let n = 46;
  if (span.hasParent) n += 10;
  n += 1 + w.sizeString(span.name);
  if (span.kind !== 0) n += 2;
  n += sizeAttributes(w, span.attributes);
  const events = span.events;
  for (let e = 0; e < span.eventCount; e++) {
    const event = events[e];
    const eventSlot = w.reserveSize();
    const eventSize = 9 + 1 + w.sizeString(event.name) + sizeAttributes(w, event.attributes);
    w.sizes[eventSlot] = eventSize;
    n += fieldSize(eventSize);
  }
  const links = span.links;
  for (let l = 0; l < span.linkCount; l++) {
    const linkSlot = w.reserveSize();
    const linkSize = 28 + sizeAttributes(w, links[l].attributes);
    w.sizes[linkSlot] = linkSize;
    n += fieldSize(linkSize);
  }
  if (span.statusCode !== 0 || span.statusMessage.length > 0) {
    const statusSlot = w.reserveSize();
    let status = span.statusCode !== 0 ? 2 : 0;
    if (span.statusMessage.length > 0) status += 1 + w.sizeString(span.statusMessage);
    w.sizes[statusSlot] = status;
    n += fieldSize(status);
  }
  w.sizes[slot] = n;
  return n;
}

/** Write pass: consumes the sizes recorded by sizeTraceRequest. */
function writeTraceRequest(w: ProtoWriter, batch: TraceBatch): void {
  const b = w.bytes;
  let p = 0;
  for (let r = 0; r < batch.resourceCount; r++) {
    const rs = batch.resources[r];
    b[p++] = TAG_RESOURCE_SPANS;
    p = writeVarint32(b, p, w.nextSize());
    p = writeResourceField(w, p, TAG_RESOURCE, rs.resource);
    b[p++] = TAG_SCOPE_SPANS;
    p = writeVarint32(b, p, w.nextSize());
    p = writeScopeField(w, p, TAG_SCOPE, rs.scopeName, rs.scopeVersion);
    const spans = rs.spans;
    for (let s = 0; s < rs.spanCount; s++) {
      b[p++] = TAG_SPAN;
      p = writeSpan(w, p, spans[s]);
    }
  }
  w.pos = p;
}

function writeSpan(w: ProtoWriter, p: number, span: SpanRecord): number {
  const b = w.bytes;
  p = writeVarint32(b, p, w.nextSize());
  b[p++] = TAG_SPAN_TRACE_ID;
  b[p++] = 16;
  p = writeId16(b, p, span.traceId);
  b[p++] = TAG_SPAN_SPAN_ID;
  b[p++] = 8;
  p = writeId8(b, p, span.spanId);
  if (span.hasParent) {
    b[p++] = TAG_SPAN_PARENT_SPAN_ID;
    b[p++] = 8;
    p = writeId8(b, p, span.parentSpanId);
  }
  b[p++] = TAG_SPAN_NAME;
  p = w.writeString(p, span.name);
  if (span.kind !== 0) {
    b[p++] = TAG_SPAN_KIND;
    b[p++] = span.kind;
  }
  b[p++] = TAG_SPAN_START;
  p = w.writeNanosFixed64(p, span.startTimeUnixUs);
  b[p++] = TAG_SPAN_END;
  p = w.writeNanosFixed64(p, span.endTimeUnixUs);
  p = writeAttributes(w, p, span.attributes, TAG_SPAN_ATTRIBUTES);
  const events = span.events;
  for (let e = 0; e < span.eventCount; e++) {
    const event = events[e];
    b[p++] = TAG_SPAN_EVENT;
    p = writeVarint32(b, p, w.nextSize());
    b[p++] = TAG_EVENT_TIME;
    p = w.writeNanosFixed64(p, event.timeUnixUs);
    b[p++] = TAG_EVENT_NAME;
    p = w.writeString(p, event.name);
    p = writeAttributes(w, p, event.attributes, TAG_EVENT_ATTRIBUTES);
  }
  const links = span.links;
  for (let l = 0; l < span.linkCount; l++) {
    const link = links[l];
    b[p++] = TAG_SPAN_LINK;
    p = writeVarint32(b, p, w.nextSize());
    b[p++] = TAG_LINK_TRACE_ID;
    b[p++] = 16;
    p = writeId16(b, p, link.traceId);
    b[p++] = TAG_LINK_SPAN_ID;
    b[p++] = 8;
    p = writeId8(b, p, link.spanId);
    p = writeAttributes(w, p, link.attributes, TAG_LINK_ATTRIBUTES);
  }
  if (span.statusCode !== 0 || span.statusMessage.length > 0) {
    b[p++] = TAG_SPAN_STATUS;
    p = writeVarint32(b, p, w.nextSize());
    if (span.statusMessage.length > 0) {
      b[p++] = TAG_STATUS_MESSAGE;
      p = w.writeString(p, span.statusMessage);
    }
    if (span.statusCode !== 0) {
      b[p++] = TAG_STATUS_CODE;
      b[p++] = span.statusCode;
    }
  }
  return p;
}

export class OtlpProtoTraceEncoder extends TwoPassProtoEncoder<'traces'> {
  /** Copies cached fragments with wasm memory.copy unless `bulkCopy: false` (see ProtoWriterOptions). */
  constructor(options: ProtoWriterOptions = {}) {
    super('traces', sizeTraceRequest, writeTraceRequest, { bulkCopy: true, ...options });
  }
}

/** The shared traces encoder; a worker that needs two live outputs creates its own with `new`. */
export const otlpProtoTraces: OtlpProtoTraceEncoder = new OtlpProtoTraceEncoder();
