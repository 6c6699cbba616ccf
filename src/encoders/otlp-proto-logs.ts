// OTLP protobuf encoder for logs: LogBatch -> ExportLogsServiceRequest bytes
// (opentelemetry.proto.collector.logs.v1; messages from logs.v1), written by hand in two passes.

import type { LogBatch, LogRecordRecord, ResourceLogsRecord } from '../model/index.js';
import { writeNanosFixed64 } from './nanos.js';
import {
  sizeAttributes,
  sizeResourceField,
  sizeScopeField,
  writeAttributes,
  writeResourceField,
  writeScopeField,
} from './proto-common.js';
import { fieldSize, writeFixed32, writeId8, writeId16, writeVarint32 } from './proto-primitives.js';
import type { ProtoWriter, ProtoWriterOptions } from './proto-writer.js';
import { TwoPassProtoEncoder } from './two-pass-encoder.js';

// ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.resource = 1, scope_logs = 2;
// ScopeLogs.scope = 1, log_records = 2.
const TAG_RESOURCE_LOGS = 0x0a;
const TAG_RESOURCE = 0x0a;
const TAG_SCOPE_LOGS = 0x12;
const TAG_SCOPE = 0x0a;
const TAG_LOG_RECORD = 0x12;
// LogRecord: time_unix_nano = 1, severity_number = 2, severity_text = 3, body = 5 (AnyValue),
// attributes = 6, flags = 8 (fixed32), trace_id = 9, span_id = 10, observed_time_unix_nano = 11.
const TAG_TIME = 0x09;
const TAG_SEVERITY_NUMBER = 0x10;
const TAG_SEVERITY_TEXT = 0x1a;
const TAG_BODY = 0x2a;
const TAG_ATTRIBUTES = 0x32;
const TAG_FLAGS = 0x45;
const TAG_TRACE_ID = 0x4a;
const TAG_SPAN_ID = 0x52;
const TAG_OBSERVED_TIME = 0x59;
// AnyValue.string_value = 1.
const TAG_ANY_STRING = 0x0a;

/** Size pass: the bytes of the request, recording nested sizes in `w`. */
function sizeLogsRequest(w: ProtoWriter, batch: LogBatch): number {
  w.beginSizePass();
  let total = 0;
  for (let r = 0; r < batch.resourceCount; r++) total += fieldSize(sizeResourceLogs(w, batch.resources[r]));
  return total;
}

function sizeResourceLogs(w: ProtoWriter, rl: ResourceLogsRecord): number {
  const slot = w.reserveSize();
  let content = sizeResourceField(w, rl.resource);
  const scopeSlot = w.reserveSize();
  let scope = sizeScopeField(w, rl.scopeName, rl.scopeVersion);
  const records = rl.records;
  for (let i = 0; i < rl.recordCount; i++) scope += fieldSize(sizeLogRecord(w, records[i]));
  w.sizes[scopeSlot] = scope;
  content += fieldSize(scope);
  w.sizes[slot] = content;
  return content;
}

function sizeLogRecord(w: ProtoWriter, record: LogRecordRecord): number {
  const slot = w.reserveSize();
  // time and observed time: 2 x (tag + 8).
  let n = 18;
  if (record.severityNumber !== 0) n += 2;
  if (record.severityText.length > 0) n += 1 + w.sizeString(record.severityText);
  // Bodies are mostly unique lines: measured directly, never cached.
  const bodySlot = w.reserveSize();
  const body = 1 + w.sizeStringUncached(record.body);
  w.sizes[bodySlot] = body;
  n += fieldSize(body);
  n += sizeAttributes(w, record.attributes);
  if (record.flags !== 0) n += 5;
  if (record.hasTraceContext) n += 28;
  w.sizes[slot] = n;
  return n;
}

/** Write pass: consumes the sizes recorded by sizeLogsRequest. */
function writeLogsRequest(w: ProtoWriter, batch: LogBatch): void {
  const b = w.bytes;
  let p = 0;
  for (let r = 0; r < batch.resourceCount; r++) {
    const rl = batch.resources[r];
    b[p++] = TAG_RESOURCE_LOGS;
    p = writeVarint32(b, p, w.nextSize());
    p = writeResourceField(w, p, TAG_RESOURCE, rl.resource);
    b[p++] = TAG_SCOPE_LOGS;
    p = writeVarint32(b, p, w.nextSize());
    p = writeScopeField(w, p, TAG_SCOPE, rl.scopeName, rl.scopeVersion);
    const records = rl.records;
    for (let i = 0; i < rl.recordCount; i++) p = writeLogRecord(w, p, records[i]);
  }
  w.pos = p;
}

function writeLogRecord(w: ProtoWriter, p: number, record: LogRecordRecord): number {
  const b = w.bytes;
  b[p++] = TAG_LOG_RECORD;
  p = writeVarint32(b, p, w.nextSize());
  b[p++] = TAG_TIME;
  p = writeNanosFixed64(b, p, record.timeUnixUs);
  if (record.severityNumber !== 0) {
    b[p++] = TAG_SEVERITY_NUMBER;
    b[p++] = record.severityNumber;
  }
  if (record.severityText.length > 0) {
    b[p++] = TAG_SEVERITY_TEXT;
    p = w.writeString(p, record.severityText);
  }
  b[p++] = TAG_BODY;
  p = writeVarint32(b, p, w.nextSize());
  b[p++] = TAG_ANY_STRING;
  p = w.writeStringUncached(p, record.body);
  p = writeAttributes(w, p, record.attributes, TAG_ATTRIBUTES);
  if (record.flags !== 0) {
    b[p++] = TAG_FLAGS;
    p = writeFixed32(b, p, record.flags);
  }
  if (record.hasTraceContext) {
    b[p++] = TAG_TRACE_ID;
    b[p++] = 16;
    p = writeId16(b, p, record.traceId);
    b[p++] = TAG_SPAN_ID;
    b[p++] = 8;
    p = writeId8(b, p, record.spanId);
  }
  b[p++] = TAG_OBSERVED_TIME;
  return writeNanosFixed64(b, p, record.observedTimeUnixUs);
}

export class OtlpProtoLogsEncoder extends TwoPassProtoEncoder<'logs'> {
  constructor(options: ProtoWriterOptions = {}) {
    super('logs', sizeLogsRequest, writeLogsRequest, options);
  }
}

/** The shared logs encoder; a worker that needs two live outputs creates its own with `new`. */
export const otlpProtoLogs: OtlpProtoLogsEncoder = new OtlpProtoLogsEncoder();
