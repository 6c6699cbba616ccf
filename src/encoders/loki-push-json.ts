// Loki push JSON encoder: LogBatch -> {"streams":[{"stream":{labels},"values":[["<unix ns>","line",
// {metadata}],...]}]} (Loki HTTP API, POST /loki/api/v1/push with Content-Type application/json).
// Same mapping as the protobuf encoder; metadata values are strings, as Loki requires.

import { type LogBatch, type LogRecordRecord, VALUE_BOOL, VALUE_DOUBLE, VALUE_INT } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { JsonWriter } from './json-writer.js';
import { StreamLabelCache } from './loki-labels.js';
import {
  METADATA_SEVERITY_NUMBER,
  METADATA_SEVERITY_TEXT,
  METADATA_SPAN_ID,
  METADATA_TRACE_ID,
  MetadataPlan,
} from './loki-metadata.js';

const SEVERITY_TEXT_KEY = `"${METADATA_SEVERITY_TEXT}":`;
const SEVERITY_NUMBER_KEY = `"${METADATA_SEVERITY_NUMBER}":`;
const TRACE_ID_KEY = `"${METADATA_TRACE_ID}":`;
const SPAN_ID_KEY = `"${METADATA_SPAN_ID}":`;

export class LokiPushJsonEncoder implements Encoder<'logs'> {
  readonly signal = 'logs' as const;
  readonly format = 'loki-push-json' as const;
  readonly contentType = 'application/json';
  private readonly writer = new JsonWriter();
  private readonly labels = new StreamLabelCache();
  private readonly plan = new MetadataPlan();

  encode(batch: LogBatch): Uint8Array {
    const w = this.writer;
    w.reset();
    w.raw('{"streams":[');
    for (let r = 0; r < batch.resourceCount; r++) {
      const rl = batch.resources[r];
      const labels = this.labels.get(rl.resource);
      w.raw(r === 0 ? '{"stream":{' : ',{"stream":{');
      for (let i = 0; i < labels.count; i++) {
        if (i > 0) w.raw(',');
        w.string(labels.names[i]);
        w.raw(':');
        w.string(labels.values[i]);
      }
      w.raw('},"values":[');
      for (let i = 0; i < rl.recordCount; i++) {
        if (i > 0) w.raw(',');
        this.writeValue(rl.records[i]);
      }
      w.raw(']}');
    }
    w.raw(']}');
    return w.finish();
  }

  /** `["<ns>","line",{metadata}]`, or `["<ns>","line"]` when the record has no metadata. */
  private writeValue(record: LogRecordRecord): void {
    const w = this.writer;
    const list = record.attributes;
    const plan = this.plan;
    plan.prepare(list);
    w.raw('[');
    w.quotedNanos(record.timeUnixUs);
    w.raw(',');
    w.string(record.body);
    // Each member after the first is preceded by a comma.
    let members = 0;
    if (record.severityText.length > 0) {
      w.raw(',{');
      w.raw(SEVERITY_TEXT_KEY);
      w.string(record.severityText);
      members++;
    }
    if (record.severityNumber !== 0) {
      w.raw(members++ === 0 ? ',{' : ',');
      w.raw(SEVERITY_NUMBER_KEY);
      w.quotedInt(record.severityNumber);
    }
    if (record.hasTraceContext) {
      w.raw(members++ === 0 ? ',{' : ',');
      w.raw(TRACE_ID_KEY);
      w.quotedHex(record.traceId);
      w.raw(',');
      w.raw(SPAN_ID_KEY);
      w.quotedHex(record.spanId);
    }
    for (let i = 0; i < list.count; i++) {
      if (plan.keep[i] === 0) continue;
      w.raw(members++ === 0 ? ',{' : ',');
      w.raw(plan.jsonKeys[i]);
      const type = list.types[i];
      if (type === VALUE_INT) w.quotedInt(list.numbers[i]);
      else if (type === VALUE_BOOL) w.raw(list.numbers[i] === 0 ? '"false"' : '"true"');
      else if (type === VALUE_DOUBLE) w.string(String(list.numbers[i]));
      else w.string(list.strings[i]);
    }
    w.raw(members === 0 ? ']' : '}]');
  }
}

export const lokiPushJson: Encoder<'logs'> = new LokiPushJsonEncoder();
