// Loki push protobuf encoder: LogBatch -> logproto.PushRequest (grafana/loki pkg/push/push.proto),
// written by hand in two passes into one reused ProtoWriter; snappy is applied by the pipeline.
// Each resource of the batch is one stream (the generator already groups records by stream);
// severity, trace context and attributes travel as structured metadata.

import {
  type AttributeList,
  type LogBatch,
  type LogRecordRecord,
  VALUE_BOOL,
  VALUE_DOUBLE,
  VALUE_INT,
} from '../model/index.js';
import type { Encoder } from './encoder.js';
import { StreamLabelCache, type StreamLabels } from './loki-labels.js';
import {
  decimalLength,
  METADATA_SEVERITY_NUMBER,
  METADATA_SEVERITY_TEXT,
  METADATA_SPAN_ID,
  METADATA_TRACE_ID,
  MetadataPlan,
  writeDecimal,
  writeHex,
} from './loki-metadata.js';
import { fieldSize, varintSize32, varintSize64, writeVarint32, writeVarint64 } from './proto-primitives.js';
import { checkPasses, ProtoWriter, type ProtoWriterOptions } from './proto-writer.js';

// PushRequest.streams = 1; StreamAdapter.labels = 1, entries = 2; EntryAdapter.timestamp = 1,
// line = 2, structuredMetadata = 3; LabelPairAdapter.name = 1, value = 2;
// google.protobuf.Timestamp.seconds = 1 (int64), nanos = 2 (int32).
const TAG_STREAM = 0x0a;
const TAG_LABELS = 0x0a;
const TAG_ENTRY = 0x12;
const TAG_TIMESTAMP = 0x0a;
const TAG_LINE = 0x12;
const TAG_METADATA = 0x1a;
const TAG_PAIR_NAME = 0x0a;
const TAG_PAIR_VALUE = 0x12;
const TAG_SECONDS = 0x08;
const TAG_NANOS = 0x10;

const US_PER_S = 1_000_000;
/** Length-prefixed hex ids: one length byte plus two characters per byte. */
const TRACE_ID_FIELD = 1 + 32;
const SPAN_ID_FIELD = 1 + 16;

function timestampSize(timeUs: number): number {
  const seconds = Math.floor(timeUs / US_PER_S);
  const nanos = (timeUs - seconds * US_PER_S) * 1000;
  return (seconds !== 0 ? 1 + varintSize64(seconds) : 0) + (nanos !== 0 ? 1 + varintSize32(nanos) : 0);
}

export class LokiPushProtoEncoder implements Encoder<'logs'> {
  readonly signal = 'logs' as const;
  readonly format = 'loki-push-proto' as const;
  readonly contentType = 'application/x-protobuf';
  private readonly writer: ProtoWriter;
  private readonly labels = new StreamLabelCache();
  private readonly plan = new MetadataPlan();
  /** The labels of each resource, found in the size pass and reused by the write pass. */
  private streamLabels: StreamLabels[] = [];
  private pairSlot = 0;

  constructor(options: ProtoWriterOptions = {}) {
    this.writer = new ProtoWriter(options);
  }

  encode(batch: LogBatch): Uint8Array {
    const w = this.writer;
    const total = this.sizeRequest(batch);
    w.beginWritePass(total);
    this.writeRequest(batch);
    checkPasses(w, total, 'Loki push');
    return w.finish();
  }

  private sizeRequest(batch: LogBatch): number {
    const w = this.writer;
    w.beginSizePass();
    let total = 0;
    for (let r = 0; r < batch.resourceCount; r++) {
      const rl = batch.resources[r];
      const labels = this.labels.get(rl.resource);
      this.streamLabels[r] = labels;
      const slot = w.reserveSize();
      let stream = 1 + w.sizeStringUncached(labels.text);
      for (let i = 0; i < rl.recordCount; i++) stream += fieldSize(this.sizeEntry(rl.records[i]));
      w.sizes[slot] = stream;
      total += fieldSize(stream);
    }
    return total;
  }

  private sizeEntry(record: LogRecordRecord): number {
    const w = this.writer;
    const slot = w.reserveSize();
    // The timestamp is always written, even when zero: Loki reads a missing one as the epoch too.
    let n = fieldSize(timestampSize(record.timeUnixUs));
    n += 1 + w.sizeStringUncached(record.body);
    if (record.severityText.length > 0) {
      const nameField = this.beginPair(METADATA_SEVERITY_TEXT);
      n += this.endPair(nameField, w.sizeString(record.severityText));
    }
    if (record.severityNumber !== 0) {
      const digits = decimalLength(record.severityNumber);
      n += this.endPair(this.beginPair(METADATA_SEVERITY_NUMBER), varintSize32(digits) + digits);
    }
    if (record.hasTraceContext) {
      n += this.endPair(this.beginPair(METADATA_TRACE_ID), TRACE_ID_FIELD);
      n += this.endPair(this.beginPair(METADATA_SPAN_ID), SPAN_ID_FIELD);
    }
    n += this.sizeAttributes(record.attributes);
    w.sizes[slot] = n;
    return n;
  }

  private sizeAttributes(list: AttributeList): number {
    const w = this.writer;
    const plan = this.plan;
    plan.prepare(list);
    let n = 0;
    for (let i = 0; i < list.count; i++) {
      if (plan.keep[i] === 0) continue;
      const type = list.types[i];
      let valueField: number;
      const nameField = this.beginPair(plan.names[i]);
      if (type === VALUE_INT) {
        const digits = decimalLength(list.numbers[i]);
        valueField = varintSize32(digits) + digits;
      } else if (type === VALUE_BOOL) {
        valueField = w.sizeString(list.numbers[i] === 0 ? 'false' : 'true');
      } else if (type === VALUE_DOUBLE) {
        valueField = w.sizeStringUncached(String(list.numbers[i]));
      } else {
        valueField = w.sizeStringUncached(list.strings[i]);
      }
      n += this.endPair(nameField, valueField);
    }
    return n;
  }

  /**
   * Starts a LabelPairAdapter in the size pass: reserves its size record and sizes its (cached)
   * name, before the value records anything, in the order the write pass reads them back.
   */
  private beginPair(name: string): number {
    this.pairSlot = this.writer.reserveSize();
    return this.writer.sizeString(name);
  }

  /** Ends the pair begun last: records its size, returns its bytes as a field (tag included). */
  private endPair(nameField: number, valueField: number): number {
    const pair = 1 + nameField + 1 + valueField;
    this.writer.sizes[this.pairSlot] = pair;
    return fieldSize(pair);
  }

  private writeRequest(batch: LogBatch): void {
    const w = this.writer;
    const b = w.bytes;
    let p = 0;
    for (let r = 0; r < batch.resourceCount; r++) {
      const rl = batch.resources[r];
      b[p++] = TAG_STREAM;
      p = writeVarint32(b, p, w.nextSize());
      b[p++] = TAG_LABELS;
      p = w.writeStringUncached(p, this.streamLabels[r].text);
      for (let i = 0; i < rl.recordCount; i++) p = this.writeEntry(p, rl.records[i]);
    }
    w.pos = p;
  }

  private writeEntry(p: number, record: LogRecordRecord): number {
    const w = this.writer;
    const b = w.bytes;
    b[p++] = TAG_ENTRY;
    p = writeVarint32(b, p, w.nextSize());
    const timeUs = record.timeUnixUs;
    const seconds = Math.floor(timeUs / US_PER_S);
    const nanos = (timeUs - seconds * US_PER_S) * 1000;
    b[p++] = TAG_TIMESTAMP;
    b[p++] = timestampSize(timeUs);
    if (seconds !== 0) {
      b[p++] = TAG_SECONDS;
      p = writeVarint64(b, p, seconds);
    }
    if (nanos !== 0) {
      b[p++] = TAG_NANOS;
      p = writeVarint32(b, p, nanos);
    }
    b[p++] = TAG_LINE;
    p = w.writeStringUncached(p, record.body);
    if (record.severityText.length > 0) {
      p = this.openPair(p, METADATA_SEVERITY_TEXT);
      p = w.writeString(p, record.severityText);
    }
    if (record.severityNumber !== 0) {
      p = this.openPair(p, METADATA_SEVERITY_NUMBER);
      p = writeDigits(b, p, record.severityNumber);
    }
    if (record.hasTraceContext) {
      p = this.openPair(p, METADATA_TRACE_ID);
      b[p++] = 32;
      p = writeHex(b, p, record.traceId);
      p = this.openPair(p, METADATA_SPAN_ID);
      b[p++] = 16;
      p = writeHex(b, p, record.spanId);
    }
    return this.writeAttributes(p, record.attributes);
  }

  private writeAttributes(p: number, list: AttributeList): number {
    const w = this.writer;
    const b = w.bytes;
    const plan = this.plan;
    plan.prepare(list);
    for (let i = 0; i < list.count; i++) {
      if (plan.keep[i] === 0) continue;
      p = this.openPair(p, plan.names[i]);
      const type = list.types[i];
      if (type === VALUE_INT) p = writeDigits(b, p, list.numbers[i]);
      else if (type === VALUE_BOOL) p = w.writeString(p, list.numbers[i] === 0 ? 'false' : 'true');
      else if (type === VALUE_DOUBLE) p = w.writeStringUncached(p, String(list.numbers[i]));
      else p = w.writeStringUncached(p, list.strings[i]);
    }
    return p;
  }

  /** Metadata tag, pair length, name field and the value's tag: what precedes every value. */
  private openPair(p: number, name: string): number {
    const w = this.writer;
    const b = w.bytes;
    b[p++] = TAG_METADATA;
    p = writeVarint32(b, p, w.nextSize());
    b[p++] = TAG_PAIR_NAME;
    p = w.writeString(p, name);
    b[p++] = TAG_PAIR_VALUE;
    return p;
  }
}

/** A length-prefixed decimal string field value. */
function writeDigits(b: Uint8Array, p: number, v: number): number {
  p = writeVarint32(b, p, decimalLength(v));
  return writeDecimal(b, p, v);
}

/** The shared encoder; a worker that needs two live outputs creates its own with `new`. */
export const lokiPushProto: Encoder<'logs'> = new LokiPushProtoEncoder();
