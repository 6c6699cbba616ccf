// OTLP/JSON encoder for logs: LogBatch -> ExportLogsServiceRequest as JSON text.

import type { LogBatch, LogRecordRecord } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { JsonWriter } from './json-writer.js';
import { closeJsonResource, openJsonResource, writeJsonAttributes } from './otlp-json-common.js';

function writeLogsJson(w: JsonWriter, batch: LogBatch): void {
  w.raw('{"resourceLogs":[');
  for (let r = 0; r < batch.resourceCount; r++) {
    const rl = batch.resources[r];
    if (r > 0) w.raw(',');
    openJsonResource(w, rl.resource, rl.scopeName, rl.scopeVersion, 'scopeLogs', 'logRecords');
    for (let i = 0; i < rl.recordCount; i++) {
      if (i > 0) w.raw(',');
      writeLogRecordJson(w, rl.records[i]);
    }
    closeJsonResource(w);
  }
  w.raw(']}');
}

function writeLogRecordJson(w: JsonWriter, record: LogRecordRecord): void {
  w.raw('{"timeUnixNano":');
  w.quotedNanos(record.timeUnixUs);
  w.raw(',"observedTimeUnixNano":');
  w.quotedNanos(record.observedTimeUnixUs);
  if (record.severityNumber !== 0) {
    w.raw(',"severityNumber":');
    w.int(record.severityNumber);
  }
  if (record.severityText.length > 0) {
    w.raw(',"severityText":');
    w.string(record.severityText);
  }
  w.raw(',"body":{"stringValue":');
  w.string(record.body);
  w.raw('},"attributes":');
  writeJsonAttributes(w, record.attributes);
  if (record.flags !== 0) {
    w.raw(',"flags":');
    w.int(record.flags >>> 0);
  }
  if (record.hasTraceContext) {
    w.raw(',"traceId":');
    w.quotedHex(record.traceId);
    w.raw(',"spanId":');
    w.quotedHex(record.spanId);
  }
  w.raw('}');
}

class OtlpJsonLogsEncoder implements Encoder<'logs'> {
  readonly signal = 'logs' as const;
  readonly format = 'otlp-json' as const;
  readonly contentType = 'application/json';
  private readonly writer = new JsonWriter();

  encode(batch: LogBatch): Uint8Array {
    this.writer.reset();
    writeLogsJson(this.writer, batch);
    return this.writer.finish();
  }
}

export const otlpJsonLogs: Encoder<'logs'> = new OtlpJsonLogsEncoder();
