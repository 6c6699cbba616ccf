// OTLP protobuf encoder for metrics: MetricBatch -> ExportMetricsServiceRequest bytes
// (opentelemetry.proto.collector.metrics.v1; messages from metrics.v1), written by hand in two passes.

import {
  type DataPointRecord,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  type MetricBatch,
  type MetricRecord,
  type ResourceMetricsRecord,
} from '../model/index.js';
import { writeNanosFixed64 } from './nanos.js';
import {
  sizeAttributes,
  sizeResourceField,
  sizeScopeField,
  writeAttributes,
  writeResourceField,
  writeScopeField,
} from './proto-common.js';
import {
  fieldSize,
  sint32Size,
  varintSize64,
  writeFixed64,
  writeSint32,
  writeVarint32,
  writeVarint64,
} from './proto-primitives.js';
import type { ProtoWriter, ProtoWriterOptions } from './proto-writer.js';
import { TwoPassProtoEncoder } from './two-pass-encoder.js';

// ExportMetricsServiceRequest.resource_metrics = 1; ResourceMetrics.resource = 1, scope_metrics = 2;
// ScopeMetrics.scope = 1, metrics = 2.
const TAG_RESOURCE_METRICS = 0x0a;
const TAG_RESOURCE = 0x0a;
const TAG_SCOPE_METRICS = 0x12;
const TAG_SCOPE = 0x0a;
const TAG_METRIC = 0x12;
// Metric: name = 1, description = 2, unit = 3, gauge = 5, sum = 7, histogram = 9,
// exponential_histogram = 10.
const TAG_METRIC_NAME = 0x0a;
const TAG_METRIC_DESCRIPTION = 0x12;
const TAG_METRIC_UNIT = 0x1a;
const TAG_METRIC_GAUGE = 0x2a;
const TAG_METRIC_SUM = 0x3a;
const TAG_METRIC_HISTOGRAM = 0x4a;
const TAG_METRIC_EXP_HISTOGRAM = 0x52;
// Gauge / Sum / Histogram / ExponentialHistogram: data_points = 1, aggregation_temporality = 2;
// Sum.is_monotonic = 3.
const TAG_DATA_POINT = 0x0a;
const TAG_TEMPORALITY = 0x10;
const TAG_IS_MONOTONIC = 0x18;
// NumberDataPoint: start_time_unix_nano = 2, time_unix_nano = 3, as_double = 4, as_int = 6 (sfixed64),
// attributes = 7.
const TAG_START_TIME = 0x11;
const TAG_TIME = 0x19;
const TAG_AS_DOUBLE = 0x21;
const TAG_AS_INT = 0x31;
const TAG_NUMBER_ATTRIBUTES = 0x3a;
// HistogramDataPoint: count = 4 (fixed64), sum = 5, bucket_counts = 6 (packed fixed64),
// explicit_bounds = 7 (packed double), attributes = 9, min = 11, max = 12.
const TAG_COUNT = 0x21;
const TAG_SUM = 0x29;
const TAG_BUCKET_COUNTS = 0x32;
const TAG_EXPLICIT_BOUNDS = 0x3a;
const TAG_HISTOGRAM_ATTRIBUTES = 0x4a;
const TAG_HISTOGRAM_MIN = 0x59;
const TAG_HISTOGRAM_MAX = 0x61;
// ExponentialHistogramDataPoint: attributes = 1, scale = 6 (sint32), zero_count = 7 (fixed64),
// positive = 8, min = 12, max = 13. Buckets: offset = 1 (sint32), bucket_counts = 2 (packed uint64).
const TAG_EXP_ATTRIBUTES = 0x0a;
const TAG_EXP_SCALE = 0x30;
const TAG_EXP_ZERO_COUNT = 0x39;
const TAG_EXP_POSITIVE = 0x42;
const TAG_EXP_MIN = 0x61;
const TAG_EXP_MAX = 0x69;
const TAG_BUCKETS_OFFSET = 0x08;
const TAG_BUCKETS_COUNTS = 0x12;

/** Size pass: the bytes of the request, recording nested sizes in `w`. */
function sizeMetricsRequest(w: ProtoWriter, batch: MetricBatch): number {
  w.beginSizePass();
  let total = 0;
  for (let r = 0; r < batch.resourceCount; r++)
    total += fieldSize(sizeResourceMetrics(w, batch.resources[r]));
  return total;
}

function sizeResourceMetrics(w: ProtoWriter, rm: ResourceMetricsRecord): number {
  const slot = w.reserveSize();
  let content = sizeResourceField(w, rm.resource);
  const scopeSlot = w.reserveSize();
  let scope = sizeScopeField(w, rm.scopeName, rm.scopeVersion);
  for (let m = 0; m < rm.metricCount; m++) scope += fieldSize(sizeMetric(w, rm.metrics[m]));
  w.sizes[scopeSlot] = scope;
  content += fieldSize(scope);
  w.sizes[slot] = content;
  return content;
}

function sizeMetric(w: ProtoWriter, metric: MetricRecord): number {
  const slot = w.reserveSize();
  let n = 1 + w.sizeString(metric.name);
  if (metric.description.length > 0) n += 1 + w.sizeString(metric.description);
  if (metric.unit.length > 0) n += 1 + w.sizeString(metric.unit);
  const dataSlot = w.reserveSize();
  let data = 0;
  const points = metric.points;
  const type = metric.type;
  if (type === METRIC_GAUGE || type === METRIC_SUM) {
    for (let i = 0; i < metric.pointCount; i++) data += fieldSize(sizeNumberPoint(w, points[i]));
  } else if (type === METRIC_HISTOGRAM) {
    const boundsCount = metric.explicitBounds.length;
    for (let i = 0; i < metric.pointCount; i++)
      data += fieldSize(sizeHistogramPoint(w, points[i], boundsCount));
  } else {
    for (let i = 0; i < metric.pointCount; i++) data += fieldSize(sizeExpHistogramPoint(w, points[i]));
  }
  if (type !== METRIC_GAUGE && metric.temporality !== 0) data += 2;
  if (type === METRIC_SUM && metric.isMonotonic) data += 2;
  w.sizes[dataSlot] = data;
  n += fieldSize(data);
  w.sizes[slot] = n;
  return n;
}

/**
 * sizeAttributes of a point's attributes, with field tag `tag`. A series seen before (a point with
 * a label set) is one block copy: the size pass records its block slot + 1, or 0 when the write
 * pass must encode the attributes and keep them (writePointAttributes). A size-only pass (the
 * compression denominator of another wire format) keeps only each series' size.
 */
function sizePointAttributes(w: ProtoWriter, point: DataPointRecord, tag: number): number {
  const labelSetId = point.labelSetId;
  if (labelSetId <= 0) return sizeAttributes(w, point.attributes);
  if (!w.sizeOnly) {
    const slot = w.attributeBlocks.get(labelSetId, tag);
    w.pushSize(slot + 1);
    return slot >= 0 ? w.attributeBlocks.length(slot) : sizeAttributes(w, point.attributes);
  }
  const known = w.attributeSizes.get(labelSetId, 0);
  if (known >= 0) return known;
  const n = sizeAttributes(w, point.attributes);
  w.attributeSizes.set(labelSetId, 0, n);
  return n;
}

function sizeNumberPoint(w: ProtoWriter, point: DataPointRecord): number {
  const slot = w.reserveSize();
  // start, time and value: 3 x (tag + 8).
  const n = 27 + sizePointAttributes(w, point, TAG_NUMBER_ATTRIBUTES);
  w.sizes[slot] = n;
  return n;
}

function sizeHistogramPoint(w: ProtoWriter, point: DataPointRecord, boundsCount: number): number {
  const slot = w.reserveSize();
  // start, time, count, sum, min, max: 6 x (tag + 8).
  let n = 54 + sizePointAttributes(w, point, TAG_HISTOGRAM_ATTRIBUTES);
  if (point.bucketCount > 0) n += fieldSize(8 * point.bucketCount);
  if (boundsCount > 0) n += fieldSize(8 * boundsCount);
  w.sizes[slot] = n;
  return n;
}

function sizeExpHistogramPoint(w: ProtoWriter, point: DataPointRecord): number {
  const slot = w.reserveSize();
  // start, time, count, sum, zero_count, min, max: 7 x (tag + 8).
  let n = 63 + sizePointAttributes(w, point, TAG_EXP_ATTRIBUTES);
  if (point.scale !== 0) n += 1 + sint32Size(point.scale);
  const bucketsSlot = w.reserveSize();
  let buckets = 0;
  if (point.positiveOffset !== 0) buckets += 1 + sint32Size(point.positiveOffset);
  if (point.positiveBucketCount > 0) {
    let packed = 0;
    const counts = point.positiveBucketCounts;
    for (let i = 0; i < point.positiveBucketCount; i++) packed += varintSize64(counts[i]);
    w.pushSize(packed);
    buckets += fieldSize(packed);
  }
  w.sizes[bucketsSlot] = buckets;
  n += fieldSize(buckets);
  w.sizes[slot] = n;
  return n;
}

/** Write pass: consumes the sizes recorded by sizeMetricsRequest. */
function writeMetricsRequest(w: ProtoWriter, batch: MetricBatch): void {
  const b = w.bytes;
  let p = 0;
  for (let r = 0; r < batch.resourceCount; r++) {
    const rm = batch.resources[r];
    b[p++] = TAG_RESOURCE_METRICS;
    p = writeVarint32(b, p, w.nextSize());
    p = writeResourceField(w, p, TAG_RESOURCE, rm.resource);
    b[p++] = TAG_SCOPE_METRICS;
    p = writeVarint32(b, p, w.nextSize());
    p = writeScopeField(w, p, TAG_SCOPE, rm.scopeName, rm.scopeVersion);
    for (let m = 0; m < rm.metricCount; m++) {
      b[p++] = TAG_METRIC;
      p = writeMetric(w, p, rm.metrics[m]);
    }
  }
  w.pos = p;
}

function writeMetric(w: ProtoWriter, p: number, metric: MetricRecord): number {
  const b = w.bytes;
  p = writeVarint32(b, p, w.nextSize());
  b[p++] = TAG_METRIC_NAME;
  p = w.writeString(p, metric.name);
  if (metric.description.length > 0) {
    b[p++] = TAG_METRIC_DESCRIPTION;
    p = w.writeString(p, metric.description);
  }
  if (metric.unit.length > 0) {
    b[p++] = TAG_METRIC_UNIT;
    p = w.writeString(p, metric.unit);
  }
  const type = metric.type;
  b[p++] =
    type === METRIC_GAUGE
      ? TAG_METRIC_GAUGE
      : type === METRIC_SUM
        ? TAG_METRIC_SUM
        : type === METRIC_HISTOGRAM
          ? TAG_METRIC_HISTOGRAM
          : TAG_METRIC_EXP_HISTOGRAM;
  p = writeVarint32(b, p, w.nextSize());
  const points = metric.points;
  if (type === METRIC_GAUGE || type === METRIC_SUM) {
    for (let i = 0; i < metric.pointCount; i++) p = writeNumberPoint(w, p, points[i]);
  } else if (type === METRIC_HISTOGRAM) {
    for (let i = 0; i < metric.pointCount; i++)
      p = writeHistogramPoint(w, p, points[i], metric.explicitBounds);
  } else {
    for (let i = 0; i < metric.pointCount; i++) p = writeExpHistogramPoint(w, p, points[i]);
  }
  if (type !== METRIC_GAUGE && metric.temporality !== 0) {
    b[p++] = TAG_TEMPORALITY;
    b[p++] = metric.temporality;
  }
  if (type === METRIC_SUM && metric.isMonotonic) {
    b[p++] = TAG_IS_MONOTONIC;
    b[p++] = 1;
  }
  return p;
}

function writePointTimes(b: Uint8Array, p: number, point: DataPointRecord): number {
  b[p++] = TAG_START_TIME;
  p = writeNanosFixed64(b, p, point.startTimeUnixUs);
  b[p++] = TAG_TIME;
  return writeNanosFixed64(b, p, point.timeUnixUs);
}

/** Write pass of sizePointAttributes. */
function writePointAttributes(w: ProtoWriter, p: number, point: DataPointRecord, tag: number): number {
  const labelSetId = point.labelSetId;
  if (labelSetId <= 0) return writeAttributes(w, p, point.attributes, tag);
  const slot = w.nextSize() - 1;
  if (slot >= 0) return w.writeAttributeBlock(p, slot);
  const end = writeAttributes(w, p, point.attributes, tag);
  w.keepAttributeBlock(labelSetId, tag, p, end);
  return end;
}

function writeNumberPoint(w: ProtoWriter, p: number, point: DataPointRecord): number {
  const b = w.bytes;
  b[p++] = TAG_DATA_POINT;
  p = writeVarint32(b, p, w.nextSize());
  p = writePointTimes(b, p, point);
  if (point.isInt) {
    b[p++] = TAG_AS_INT;
    p = writeFixed64(b, p, point.value);
  } else {
    b[p++] = TAG_AS_DOUBLE;
    p = w.writeDouble(p, point.value);
  }
  return writePointAttributes(w, p, point, TAG_NUMBER_ATTRIBUTES);
}

function writeHistogramPoint(
  w: ProtoWriter,
  p: number,
  point: DataPointRecord,
  bounds: Float64Array,
): number {
  const b = w.bytes;
  b[p++] = TAG_DATA_POINT;
  p = writeVarint32(b, p, w.nextSize());
  p = writePointTimes(b, p, point);
  b[p++] = TAG_COUNT;
  p = writeFixed64(b, p, point.count);
  b[p++] = TAG_SUM;
  p = w.writeDouble(p, point.sum);
  const bucketCount = point.bucketCount;
  if (bucketCount > 0) {
    b[p++] = TAG_BUCKET_COUNTS;
    p = writeVarint32(b, p, 8 * bucketCount);
    const counts = point.bucketCounts;
    for (let i = 0; i < bucketCount; i++) p = writeFixed64(b, p, counts[i]);
  }
  if (bounds.length > 0) {
    b[p++] = TAG_EXPLICIT_BOUNDS;
    p = writeVarint32(b, p, 8 * bounds.length);
    for (let i = 0; i < bounds.length; i++) p = w.writeDouble(p, bounds[i]);
  }
  p = writePointAttributes(w, p, point, TAG_HISTOGRAM_ATTRIBUTES);
  b[p++] = TAG_HISTOGRAM_MIN;
  p = w.writeDouble(p, point.min);
  b[p++] = TAG_HISTOGRAM_MAX;
  return w.writeDouble(p, point.max);
}

function writeExpHistogramPoint(w: ProtoWriter, p: number, point: DataPointRecord): number {
  const b = w.bytes;
  b[p++] = TAG_DATA_POINT;
  p = writeVarint32(b, p, w.nextSize());
  p = writePointAttributes(w, p, point, TAG_EXP_ATTRIBUTES);
  p = writePointTimes(b, p, point);
  b[p++] = TAG_COUNT;
  p = writeFixed64(b, p, point.count);
  b[p++] = TAG_SUM;
  p = w.writeDouble(p, point.sum);
  if (point.scale !== 0) {
    b[p++] = TAG_EXP_SCALE;
    p = writeSint32(b, p, point.scale);
  }
  b[p++] = TAG_EXP_ZERO_COUNT;
  p = writeFixed64(b, p, point.zeroCount);
  b[p++] = TAG_EXP_POSITIVE;
  p = writeVarint32(b, p, w.nextSize());
  if (point.positiveOffset !== 0) {
    b[p++] = TAG_BUCKETS_OFFSET;
    p = writeSint32(b, p, point.positiveOffset);
  }
  if (point.positiveBucketCount > 0) {
    b[p++] = TAG_BUCKETS_COUNTS;
    p = writeVarint32(b, p, w.nextSize());
    const counts = point.positiveBucketCounts;
    for (let i = 0; i < point.positiveBucketCount; i++) p = writeVarint64(b, p, counts[i]);
  }
  b[p++] = TAG_EXP_MIN;
  p = w.writeDouble(p, point.min);
  b[p++] = TAG_EXP_MAX;
  return w.writeDouble(p, point.max);
}

export class OtlpProtoMetricsEncoder extends TwoPassProtoEncoder<'metrics'> {
  constructor(options: ProtoWriterOptions = {}) {
    super('metrics', sizeMetricsRequest, writeMetricsRequest, options);
  }
}

/** The shared metrics encoder; a worker that needs two live outputs creates its own with `new`. */
export const otlpProtoMetrics: OtlpProtoMetricsEncoder = new OtlpProtoMetricsEncoder();
