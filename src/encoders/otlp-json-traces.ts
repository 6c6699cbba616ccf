// OTLP/JSON encoder for traces: TraceBatch -> ExportTraceServiceRequest as JSON text.

import type { SpanRecord, TraceBatch } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { nanosDecimal } from './nanos.js';
import { hexId, JsonOutput, jsonAttributes, jsonResourceAndScope } from './otlp-json-common.js';
import { sizeTraceRequest } from './otlp-proto-traces.js';
import { ProtoWriter } from './proto-writer.js';

export function tracesToJson(batch: TraceBatch): string {
  let out = '{"resourceSpans":[';
  for (let r = 0; r < batch.resourceCount; r++) {
    const rs = batch.resources[r];
    if (r > 0) out += ',';
    out += `{${jsonResourceAndScope(rs.resource, rs.scopeName, rs.scopeVersion, 'scopeSpans')}"spans":[`;
    for (let s = 0; s < rs.spanCount; s++) {
      if (s > 0) out += ',';
      out += spanToJson(rs.spans[s]);
    }
    out += ']}]}';
  }
  return `${out}]}`;
}

function spanToJson(span: SpanRecord): string {
  let out = `{"traceId":"${hexId(span.traceId)}","spanId":"${hexId(span.spanId)}"`;
  if (span.hasParent) out += `,"parentSpanId":"${hexId(span.parentSpanId)}"`;
  out += `,"name":${JSON.stringify(span.name)},"kind":${span.kind}`;
  out += `,"startTimeUnixNano":"${nanosDecimal(span.startTimeUnixUs)}","endTimeUnixNano":"${nanosDecimal(span.endTimeUnixUs)}"`;
  out += `,"attributes":${jsonAttributes(span.attributes)}`;
  if (span.eventCount > 0) {
    out += ',"events":[';
    for (let e = 0; e < span.eventCount; e++) {
      const event = span.events[e];
      if (e > 0) out += ',';
      out += `{"timeUnixNano":"${nanosDecimal(event.timeUnixUs)}","name":${JSON.stringify(event.name)}`;
      out += `,"attributes":${jsonAttributes(event.attributes)}}`;
    }
    out += ']';
  }
  if (span.linkCount > 0) {
    out += ',"links":[';
    for (let l = 0; l < span.linkCount; l++) {
      const link = span.links[l];
      if (l > 0) out += ',';
      out += `{"traceId":"${hexId(link.traceId)}","spanId":"${hexId(link.spanId)}"`;
      out += `,"attributes":${jsonAttributes(link.attributes)}}`;
    }
    out += ']';
  }
  if (span.statusCode !== 0 || span.statusMessage.length > 0) {
    out += `,"status":{"code":${span.statusCode}`;
    if (span.statusMessage.length > 0) out += `,"message":${JSON.stringify(span.statusMessage)}`;
    out += '}';
  }
  return `${out}}`;
}

export class OtlpJsonTraceEncoder implements Encoder<'traces'> {
  readonly signal = 'traces' as const;
  readonly format = 'otlp-json' as const;
  readonly contentType = 'application/json';
  private readonly output = new JsonOutput();
  private readonly sizer = new ProtoWriter({}, 0);

  encode(batch: TraceBatch): Uint8Array {
    return this.output.write(tracesToJson(batch));
  }

  rawOtlpProtoBytes(batch: TraceBatch): number {
    return sizeTraceRequest(this.sizer, batch);
  }
}

export const otlpJsonTraces: Encoder<'traces'> = new OtlpJsonTraceEncoder();
