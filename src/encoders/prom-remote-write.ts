// Prometheus remote write 1.0 encoder: MetricBatch -> prometheus.WriteRequest protobuf (snappy is
// applied by the pipeline). Each series is measured, then written, into one reused buffer; the
// compression denominator stays the batch's OTLP protobuf size (raw-otlp-bytes.ts), as for every
// other encoder.

import {
  type AttributeList,
  type DataPointRecord,
  METRIC_EXP_HISTOGRAM,
  METRIC_HISTOGRAM,
  type MetricBatch,
  VALUE_BOOL,
  VALUE_STRING,
} from '../model/index.js';
import type { Encoder } from './encoder.js';
import { fieldSize, varintSize64, writeVarint32, writeVarint64 } from './proto-primitives.js';
import { utf8ByteLength, writeUtf8 } from './utf8.js';

// WriteRequest.timeseries = 1; TimeSeries.labels = 1, samples = 2; Label.name = 1, value = 2;
// Sample.value = 1 (double), timestamp = 2 (int64 ms).
const TAG_TIMESERIES = 0x0a;
const TAG_LABEL = 0x0a;
const TAG_SAMPLE = 0x12;
const TAG_LABEL_NAME = 0x0a;
const TAG_LABEL_VALUE = 0x12;
const TAG_SAMPLE_VALUE = 0x09;
const TAG_SAMPLE_TIMESTAMP = 0x10;

const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Sanitised names kept; generators use a bounded set of metric and attribute names. */
const NAME_CACHE_MAX = 16_384;
/** Labels one series may carry (resource + point attributes + __name__ + le). */
const MAX_LABELS = 256;

function sanitise(name: string, valid: RegExp, invalidChar: RegExp): string {
  if (valid.test(name)) return name;
  const replaced = name.replace(invalidChar, '_');
  return /^[0-9]/.test(replaced) || replaced === '' ? `_${replaced}` : replaced;
}

export class PromRemoteWriteEncoder implements Encoder<'metrics'> {
  readonly signal = 'metrics' as const;
  readonly format = 'prom-remote-write' as const;
  readonly contentType = 'application/x-protobuf';
  private bytes = new Uint8Array(64 * 1024);
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  private readonly metricNames = new Map<string, string>();
  private readonly labelNames = new Map<string, string>();
  // The current point's labels other than __name__ / le, and the series' sorted order.
  private readonly names: string[] = new Array<string>(MAX_LABELS).fill('');
  private readonly values: string[] = new Array<string>(MAX_LABELS).fill('');
  private baseCount = 0;
  private readonly order = new Int32Array(MAX_LABELS);

  encode(batch: MetricBatch): Uint8Array {
    this.pos = 0;
    for (let r = 0; r < batch.resourceCount; r++) {
      const resource = batch.resources[r];
      for (let m = 0; m < resource.metricCount; m++) {
        const metric = resource.metrics[m];
        const name = this.metricName(metric.name);
        for (let i = 0; i < metric.pointCount; i++) {
          const point = metric.points[i];
          this.collectLabels(resource.resource, point.attributes);
          const tsMs = Math.floor(point.timeUnixUs / 1000);
          if (metric.type === METRIC_HISTOGRAM) {
            this.writeHistogram(name, point, metric.explicitBounds, tsMs);
          } else if (metric.type === METRIC_EXP_HISTOGRAM) {
            // Remote write 1.0 has no native histograms: an exponential histogram becomes its
            // _sum and _count only (its buckets are dropped).
            this.writeSeries(`${name}_sum`, null, point.sum, tsMs);
            this.writeSeries(`${name}_count`, null, point.count, tsMs);
          } else {
            this.writeSeries(name, null, point.value, tsMs);
          }
        }
      }
    }
    return this.bytes.subarray(0, this.pos);
  }

  private writeHistogram(name: string, point: DataPointRecord, bounds: Float64Array, tsMs: number): void {
    const bucketName = `${name}_bucket`;
    let cumulative = 0;
    for (let b = 0; b < bounds.length; b++) {
      cumulative += point.bucketCounts[b] ?? 0;
      this.writeSeries(bucketName, String(bounds[b]), cumulative, tsMs);
    }
    this.writeSeries(bucketName, '+Inf', point.count, tsMs);
    this.writeSeries(`${name}_sum`, null, point.sum, tsMs);
    this.writeSeries(`${name}_count`, null, point.count, tsMs);
  }

  /** job / instance from the resource, then the point's attributes; first of a name wins. */
  private collectLabels(resource: AttributeList, attributes: AttributeList): void {
    this.baseCount = 0;
    for (let i = 0; i < resource.count; i++) {
      const key = resource.keys[i];
      if (key === 'service.name') this.addLabel('job', attributeText(resource, i));
      else if (key === 'service.instance.id') this.addLabel('instance', attributeText(resource, i));
    }
    for (let i = 0; i < attributes.count; i++) {
      this.addLabel(this.labelName(attributes.keys[i]), attributeText(attributes, i));
    }
  }

  private addLabel(name: string, value: string): void {
    // Prometheus treats an empty value as no label, and refuses duplicate names.
    if (value === '' || name === '__name__' || name === 'le' || this.baseCount >= MAX_LABELS - 2) return;
    for (let i = 0; i < this.baseCount; i++) if (this.names[i] === name) return;
    this.names[this.baseCount] = name;
    this.values[this.baseCount] = value;
    this.baseCount++;
  }

  /** One TimeSeries: the point's labels plus __name__ (and le), sorted by name, and one sample. */
  private writeSeries(name: string, le: string | null, value: number, tsMs: number): void {
    const names = this.names;
    const values = this.values;
    let count = this.baseCount;
    names[count] = '__name__';
    values[count] = name;
    count++;
    if (le !== null) {
      names[count] = 'le';
      values[count] = le;
      count++;
    }
    const order = this.order;
    // Insertion sort: a series has a handful of labels.
    for (let i = 0; i < count; i++) {
      let j = i;
      while (j > 0 && names[order[j - 1]] > names[i]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    let labelsSize = 0;
    for (let i = 0; i < count; i++) {
      labelsSize += fieldSize(labelSize(names[i], values[i]));
    }
    const sampleSize = 9 + 1 + varintSize64(tsMs);
    const seriesSize = labelsSize + fieldSize(sampleSize);
    this.ensure(fieldSize(seriesSize));
    const b = this.bytes;
    let p = this.pos;
    b[p++] = TAG_TIMESERIES;
    p = writeVarint32(b, p, seriesSize);
    for (let k = 0; k < count; k++) {
      const i = order[k];
      const nameBytes = utf8ByteLength(names[i]);
      const valueBytes = utf8ByteLength(values[i]);
      b[p++] = TAG_LABEL;
      p = writeVarint32(b, p, fieldSize(nameBytes) + fieldSize(valueBytes));
      b[p++] = TAG_LABEL_NAME;
      p = writeVarint32(b, p, nameBytes);
      p = writeUtf8(b, p, names[i]);
      b[p++] = TAG_LABEL_VALUE;
      p = writeVarint32(b, p, valueBytes);
      p = writeUtf8(b, p, values[i]);
    }
    b[p++] = TAG_SAMPLE;
    p = writeVarint32(b, p, sampleSize);
    b[p++] = TAG_SAMPLE_VALUE;
    this.view.setFloat64(p, value, true);
    p += 8;
    b[p++] = TAG_SAMPLE_TIMESTAMP;
    p = writeVarint64(b, p, tsMs);
    this.pos = p;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private metricName(name: string): string {
    return cached(this.metricNames, name, METRIC_NAME_RE, /[^a-zA-Z0-9_:]/g);
  }

  private labelName(key: string): string {
    return cached(this.labelNames, key, LABEL_NAME_RE, /[^a-zA-Z0-9_]/g);
  }
}

function cached(cache: Map<string, string>, name: string, valid: RegExp, invalidChar: RegExp): string {
  let out = cache.get(name);
  if (out === undefined) {
    out = sanitise(name, valid, invalidChar);
    if (cache.size >= NAME_CACHE_MAX) cache.clear();
    cache.set(name, out);
  }
  return out;
}

function labelSize(name: string, value: string): number {
  return fieldSize(utf8ByteLength(name)) + fieldSize(utf8ByteLength(value));
}

function attributeText(list: AttributeList, i: number): string {
  const type = list.types[i];
  if (type === VALUE_STRING) return list.strings[i];
  if (type === VALUE_BOOL) return list.numbers[i] === 0 ? 'false' : 'true';
  return String(list.numbers[i]);
}

export const promRemoteWrite: Encoder<'metrics'> = new PromRemoteWriteEncoder();
