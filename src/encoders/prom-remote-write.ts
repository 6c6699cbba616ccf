// Prometheus remote write 1.0 encoder: MetricBatch -> prometheus.WriteRequest protobuf (snappy is
// applied by the pipeline). Each series is measured, then written, into one reused buffer; the
// compression denominator stays the batch's OTLP protobuf size (raw-otlp-bytes.ts), as for every
// other encoder. A series' labels are the same in every request, and most of its bytes: a point
// whose series has a label-set identity (DataPointRecord.labelSetId) has them encoded once and
// copied afterwards (series-label-cache.ts), so only the sample is written per point.

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
import { SeriesLabelCache } from './series-label-cache.js';
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
/** The series of one point, for the label cache: the point itself, or one of its histogram series. */
const SUB_PLAIN = 0;
const SUB_SUM = 1;
const SUB_COUNT = 2;
/** SUB_BUCKET + b: bucket b (the last one is le="+Inf"). */
const SUB_BUCKET = 3;

function sanitise(name: string, valid: RegExp, invalidChar: RegExp): string {
  if (valid.test(name)) return name;
  const replaced = name.replace(invalidChar, '_');
  return /^[0-9]/.test(replaced) || replaced === '' ? `_${replaced}` : replaced;
}

export class PromRemoteWriteEncoder implements Encoder<'metrics'> {
  readonly signal = 'metrics' as const;
  readonly format = 'prom-remote-write' as const;
  readonly contentType = 'application/x-protobuf';
  private bytes = Buffer.allocUnsafeSlow(64 * 1024);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  private pos = 0;
  private readonly metricNames = new Map<string, string>();
  private readonly labelNames = new Map<string, string>();
  // The current point's labels other than __name__ / le, and the series' sorted order.
  private readonly names: string[] = new Array<string>(MAX_LABELS).fill('');
  private readonly values: string[] = new Array<string>(MAX_LABELS).fill('');
  private baseCount = 0;
  private readonly order = new Int32Array(MAX_LABELS);
  private readonly labelCache = new SeriesLabelCache();
  // The point being written: its labels are collected only when a series of it misses the cache.
  private pointResource: AttributeList | null = null;
  private pointAttributes: AttributeList | null = null;
  private pointLabelSetId = 0;
  private labelsCollected = false;

  encode(batch: MetricBatch): Uint8Array {
    this.pos = 0;
    this.labelCache.maintain();
    for (let r = 0; r < batch.resourceCount; r++) {
      const resource = batch.resources[r];
      for (let m = 0; m < resource.metricCount; m++) {
        const metric = resource.metrics[m];
        const name = this.metricName(metric.name);
        for (let i = 0; i < metric.pointCount; i++) {
          const point = metric.points[i];
          this.pointResource = resource.resource;
          this.pointAttributes = point.attributes;
          this.pointLabelSetId = point.labelSetId;
          this.labelsCollected = false;
          const tsMs = Math.floor(point.timeUnixUs / 1000);
          if (metric.type === METRIC_HISTOGRAM) {
            this.writeHistogram(name, point, metric.explicitBounds, tsMs);
          } else if (metric.type === METRIC_EXP_HISTOGRAM) {
            // Remote write 1.0 has no native histograms: an exponential histogram becomes its
            // _sum and _count only (its buckets are dropped).
            this.writeSeries(SUB_SUM, name, '_sum', null, point.sum, tsMs);
            this.writeSeries(SUB_COUNT, name, '_count', null, point.count, tsMs);
          } else {
            this.writeSeries(SUB_PLAIN, name, '', null, point.value, tsMs);
          }
        }
      }
    }
    this.pointResource = null;
    this.pointAttributes = null;
    return this.bytes.subarray(0, this.pos);
  }

  private writeHistogram(name: string, point: DataPointRecord, bounds: Float64Array, tsMs: number): void {
    let cumulative = 0;
    for (let b = 0; b < bounds.length; b++) {
      cumulative += point.bucketCounts[b] ?? 0;
      this.writeSeries(SUB_BUCKET + b, name, '_bucket', bounds[b], cumulative, tsMs);
    }
    this.writeSeries(
      SUB_BUCKET + bounds.length,
      name,
      '_bucket',
      Number.POSITIVE_INFINITY,
      point.count,
      tsMs,
    );
    this.writeSeries(SUB_SUM, name, '_sum', null, point.sum, tsMs);
    this.writeSeries(SUB_COUNT, name, '_count', null, point.count, tsMs);
  }

  /** job / instance from the resource, then the point's attributes; first of a name wins. */
  private collectLabels(): void {
    if (this.labelsCollected) return;
    this.labelsCollected = true;
    const resource = this.pointResource as AttributeList;
    const attributes = this.pointAttributes as AttributeList;
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

  /**
   * One TimeSeries: the point's labels plus __name__ (the metric name and `suffix`) and le when
   * not null, sorted by name, and one sample. `sub` tells the point's series apart (bucket, sum,
   * count) in the label cache.
   */
  private writeSeries(
    sub: number,
    name: string,
    suffix: string,
    le: number | null,
    value: number,
    tsMs: number,
  ): void {
    const sampleSize = 9 + 1 + varintSize64(tsMs);
    const labelSetId = this.pointLabelSetId;
    const cached = labelSetId > 0 ? this.labelCache.get(labelSetId, sub) : -1;
    let p: number;
    if (cached >= 0) {
      const labelsSize = this.labelCache.length(cached);
      const seriesSize = labelsSize + fieldSize(sampleSize);
      this.ensure(fieldSize(seriesSize));
      const b = this.bytes;
      p = this.pos;
      b[p++] = TAG_TIMESERIES;
      p = writeVarint32(b, p, seriesSize);
      p = this.labelCache.copyTo(cached, b, p);
    } else {
      const leText = le === null ? null : promFloatText(le);
      p = this.writeLabels(name + suffix, leText, sampleSize, labelSetId, sub);
    }
    const b = this.bytes;
    b[p++] = TAG_SAMPLE;
    p = writeVarint32(b, p, sampleSize);
    b[p++] = TAG_SAMPLE_VALUE;
    this.view.setFloat64(p, value, true);
    p += 8;
    b[p++] = TAG_SAMPLE_TIMESTAMP;
    p = writeVarint64(b, p, tsMs);
    this.pos = p;
  }

  /**
   * Writes a TimeSeries' tag, length and sorted labels, keeping the labels in the cache when the
   * point has a label set; returns where the sample goes.
   */
  private writeLabels(
    metricName: string,
    le: string | null,
    sampleSize: number,
    labelSetId: number,
    sub: number,
  ): number {
    this.collectLabels();
    const names = this.names;
    const values = this.values;
    let count = this.baseCount;
    names[count] = '__name__';
    values[count] = metricName;
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
    const seriesSize = labelsSize + fieldSize(sampleSize);
    this.ensure(fieldSize(seriesSize));
    const b = this.bytes;
    let p = this.pos;
    b[p++] = TAG_TIMESERIES;
    p = writeVarint32(b, p, seriesSize);
    const labelsStart = p;
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
    if (labelSetId > 0) this.labelCache.put(labelSetId, sub, b, labelsStart, p);
    return p;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.pos);
    this.bytes = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
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

/** A bound as Prometheus writes it in `le`: +Inf and -Inf for the infinities (String gives "Infinity"). */
function promFloatText(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
