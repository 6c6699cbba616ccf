// In-memory metric batch, shaped like OTLP (resource -> scope -> metric -> data points), reused
// between batches. One data point is one item. Times are integer microseconds since the epoch.

import { AttributeList } from './attributes.js';
import { SENT_TIME_SLOTS } from './sent-time.js';

export const METRIC_GAUGE = 1;
export const METRIC_SUM = 2;
export const METRIC_HISTOGRAM = 3;
export const METRIC_EXP_HISTOGRAM = 4;
export type MetricType =
  | typeof METRIC_GAUGE
  | typeof METRIC_SUM
  | typeof METRIC_HISTOGRAM
  | typeof METRIC_EXP_HISTOGRAM;

export const TEMPORALITY_UNSPECIFIED = 0;
export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;

let lastLabelSetId = 0;

/**
 * A new label-set identity: unique within the thread, never 0. A generator gives one to each
 * series whenever its labels (its attributes or its resource) are set, so an encoder may keep the
 * encoded labels of a series under it.
 */
export function newLabelSetId(): number {
  return ++lastLabelSetId;
}

export class DataPointRecord {
  /** The point's own list, or (from a generator) its series' list, shared by the series' points. */
  attributes: AttributeList;
  /** The label set of the point's series (newLabelSetId); 0 when unknown: encoders then encode the attributes. */
  labelSetId = 0;
  startTimeUnixUs = 0;
  timeUnixUs = 0;
  /** Gauge / sum value. */
  value = 0;
  /** Gauge / sum: true writes as_int (value is an integer), false as_double. */
  isInt = false;
  // Histogram and exponential histogram.
  count = 0;
  sum = 0;
  min = 0;
  max = 0;
  /** Explicit histogram: bucketCounts.length == bounds.length + 1 used entries = bucketCount. */
  bucketCount = 0;
  readonly bucketCounts: Float64Array;
  // Exponential histogram.
  scale = 0;
  zeroCount = 0;
  positiveOffset = 0;
  positiveBucketCount = 0;
  readonly positiveBucketCounts: Float64Array;

  constructor(attributeCapacity: number, bucketCapacity: number) {
    this.attributes = new AttributeList(attributeCapacity);
    this.bucketCounts = new Float64Array(bucketCapacity);
    this.positiveBucketCounts = new Float64Array(bucketCapacity);
  }
}

export class MetricRecord {
  name = '';
  description = '';
  unit = '';
  type: MetricType = METRIC_GAUGE;
  /** Sum, histogram and exponential histogram. */
  temporality = TEMPORALITY_CUMULATIVE;
  /** Sum only. */
  isMonotonic = false;
  /** Explicit histogram bucket bounds, shared by every point of the metric (length = bucketCount - 1). */
  explicitBounds: Float64Array = new Float64Array(0);
  pointCount = 0;
  readonly points: DataPointRecord[] = [];
}

export class ResourceMetricsRecord {
  readonly resource: AttributeList;
  scopeName = '';
  scopeVersion = '';
  metricCount = 0;
  readonly metrics: MetricRecord[] = [];

  constructor(resourceAttributeCapacity: number) {
    // One slot more for the send-time stamp, which the load pipeline may set before encoding.
    this.resource = new AttributeList(resourceAttributeCapacity + SENT_TIME_SLOTS);
  }
}

export class MetricBatch {
  readonly signal = 'metrics' as const;
  resourceCount = 0;
  readonly resources: ResourceMetricsRecord[] = [];
  /** Data points in the batch. */
  itemCount = 0;
}
