// OTLP/JSON encoder for traces: TraceBatch -> ExportTraceServiceRequest as JSON text.

import type { SpanRecord, TraceBatch } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { JsonWriter } from './json-writer.js';
import { closeJsonResource, openJsonResource, writeJsonAttributes } from './otlp-json-common.js';

function writeTracesJson(w: JsonWriter, batch: TraceBatch): void {
  w.raw('{"resourceSpans":[');
  for (let r = 0; r < batch.resourceCount; r++) {
    const rs = batch.resources[r];
    if (r > 0) w.raw(',');
    openJsonResource(w, rs.resource, rs.scopeName, rs.scopeVersion, 'scopeSpans', 'spans');
    for (let s = 0; s < rs.spanCount; s++) {
      if (s > 0) w.raw(',');
      writeSpanJson(w, rs.spans[s]);
    }
    closeJsonResource(w);
  }
  w.raw(']}');
}

function writeSpanJson(w: JsonWriter, span: SpanRecord): void {
  w.raw('{"traceId":');
  w.quotedHex(span.traceId);
  w.raw(',"spanId":');
  w.quotedHex(span.spanId);
  if (span.hasParent) {
    w.raw(',"parentSpanId":');
    w.quotedHex(span.parentSpanId);
  }
  w.raw(',"name":');
  w.string(span.name);
  w.raw(',"kind":');
  w.int(span.kind);
  w.raw(',"startTimeUnixNano":');
  w.quotedNanos(span.startTimeUnixUs);
  w.raw(',"endTimeUnixNano":');
  w.quotedNanos(span.endTimeUnixUs);
  w.raw(',"attributes":');
  writeJsonAttributes(w, span.attributes);
  if (span.eventCount > 0) {
    w.raw(',"events":[');
    for (let e = 0; e < span.eventCount; e++) {
      const event = span.events[e];
      w.raw(e === 0 ? '{"timeUnixNano":' : ',{"timeUnixNano":');
      w.quotedNanos(event.timeUnixUs);
      w.raw(',"name":');
      w.string(event.name);
      w.raw(',"attributes":');
      writeJsonAttributes(w, event.attributes);
      w.raw('}');
    }
    w.raw(']');
  }
  if (span.linkCount > 0) {
    w.raw(',"links":[');
    for (let l = 0; l < span.linkCount; l++) {
      const link = span.links[l];
      w.raw(l === 0 ? '{"traceId":' : ',{"traceId":');
      w.quotedHex(link.traceId);
      w.raw(',"spanId":');
      w.quotedHex(link.spanId);
      w.raw(',"attributes":');
      writeJsonAttributes(w, link.attributes);
      w.raw('}');
    }
    w.raw(']');
  }
  if (span.statusCode !== 0 || span.statusMessage.length > 0) {
    w.raw(',"status":{"code":');
    w.int(span.statusCode);
    if (span.statusMessage.length > 0) {
      w.raw(',"message":');
      w.string(span.statusMessage);
    }
    w.raw('}');
  }
  w.raw('}');
}

class OtlpJsonTraceEncoder implements Encoder<'traces'> {
  readonly signal = 'traces' as const;
  readonly format = 'otlp-json' as const;
  readonly contentType = 'application/json';
  private readonly writer = new JsonWriter();

  encode(batch: TraceBatch): Uint8Array {
    this.writer.reset();
    writeTracesJson(this.writer, batch);
    return this.writer.finish();
  }
}

export const otlpJsonTraces: Encoder<'traces'> = new OtlpJsonTraceEncoder();
