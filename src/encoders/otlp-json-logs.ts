// OTLP/JSON encoder for logs: LogBatch -> ExportLogsServiceRequest as JSON text.

import type { LogBatch, LogRecordRecord } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { nanosDecimal } from './nanos.js';
import { hexId, JsonOutput, jsonAttributes, jsonResourceAndScope } from './otlp-json-common.js';
import { sizeLogsRequest } from './otlp-proto-logs.js';
import { ProtoWriter } from './proto-writer.js';

export function logsToJson(batch: LogBatch): string {
  let out = '{"resourceLogs":[';
  for (let r = 0; r < batch.resourceCount; r++) {
    const rl = batch.resources[r];
    if (r > 0) out += ',';
    out += `{${jsonResourceAndScope(rl.resource, rl.scopeName, rl.scopeVersion, 'scopeLogs')}"logRecords":[`;
    for (let i = 0; i < rl.recordCount; i++) {
      if (i > 0) out += ',';
      out += logRecordToJson(rl.records[i]);
    }
    out += ']}]}';
  }
  return `${out}]}`;
}

function logRecordToJson(record: LogRecordRecord): string {
  let out = `{"timeUnixNano":"${nanosDecimal(record.timeUnixUs)}"`;
  out += `,"observedTimeUnixNano":"${nanosDecimal(record.observedTimeUnixUs)}"`;
  if (record.severityNumber !== 0) out += `,"severityNumber":${record.severityNumber}`;
  if (record.severityText.length > 0) out += `,"severityText":${JSON.stringify(record.severityText)}`;
  out += `,"body":{"stringValue":${JSON.stringify(record.body)}}`;
  out += `,"attributes":${jsonAttributes(record.attributes)}`;
  if (record.flags !== 0) out += `,"flags":${record.flags >>> 0}`;
  if (record.hasTraceContext)
    out += `,"traceId":"${hexId(record.traceId)}","spanId":"${hexId(record.spanId)}"`;
  return `${out}}`;
}

export class OtlpJsonLogsEncoder implements Encoder<'logs'> {
  readonly signal = 'logs' as const;
  readonly format = 'otlp-json' as const;
  readonly contentType = 'application/json';
  private readonly output = new JsonOutput();
  private readonly sizer = new ProtoWriter({}, 0);

  encode(batch: LogBatch): Uint8Array {
    return this.output.write(logsToJson(batch));
  }

  rawOtlpProtoBytes(batch: LogBatch): number {
    return sizeLogsRequest(this.sizer, batch);
  }
}

export const otlpJsonLogs: Encoder<'logs'> = new OtlpJsonLogsEncoder();
