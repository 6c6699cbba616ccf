// The resolved (all defaults applied) shape of generated data, per signal. The scenario schema
// produces these; generators consume them. Every default lives in DEFAULT_*_SHAPE below.

export interface TraceShape {
  /** Distinct services (one resource each). */
  services: number;
  /** Distinct operation names per service. */
  operationsPerService: number;
  /** Spans per trace (root included); each trace is one tree. */
  spansPerTrace: number;
  /** Maximum depth of the span tree (root = 1). */
  maxDepth: number;
  /** Share of spans with status ERROR, 0..1. */
  errorRate: number;
  /** Median span duration; durations are log-normal around it. */
  durationMedianMs: number;
  /** Log-normal sigma of durations. */
  durationSigma: number;
  /** Extra, non-semantic-convention attributes per span. */
  extraAttributes: number;
  /** Distinct values each extra attribute takes. */
  extraAttributeCardinality: number;
  /** Length of extra string attribute values, characters. */
  extraAttributeValueLength: number;
  /** Span events per span (mean; 0 disables). */
  eventsPerSpan: number;
  /** Share of spans with one link to another trace, 0..1. */
  linkRate: number;
  /** Extra resource attributes per service. */
  resourceAttributes: number;
}

export const DEFAULT_TRACE_SHAPE: Readonly<TraceShape> = {
  services: 10,
  operationsPerService: 8,
  spansPerTrace: 8,
  maxDepth: 4,
  errorRate: 0.01,
  durationMedianMs: 20,
  durationSigma: 1,
  extraAttributes: 4,
  extraAttributeCardinality: 1000,
  extraAttributeValueLength: 16,
  eventsPerSpan: 0.2,
  linkRate: 0.02,
  resourceAttributes: 4,
};

export type MetricKind = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram';

export interface MetricShape {
  /** Active series at any time (metric name x label combination). */
  series: number;
  /** Distinct metric names; series are spread over them. */
  metricNames: number;
  /** Labels (attributes) per series, besides the resource attributes. */
  labelsPerSeries: number;
  /** Share of each kind among metric names; normalised, must not all be 0. */
  kinds: Record<MetricKind, number>;
  /** Explicit histogram buckets (bounds = buckets - 1). */
  histogramBuckets: number;
  /** Share of series replaced by new ones per churnIntervalS, 0..1. */
  churnRate: number;
  churnIntervalS: number;
  /** Distinct resources (targets / instances) the series are spread over. */
  resources: number;
}

export const DEFAULT_METRIC_SHAPE: Readonly<MetricShape> = {
  series: 10_000,
  metricNames: 50,
  labelsPerSeries: 4,
  kinds: { gauge: 0.4, sum: 0.4, histogram: 0.15, exponential_histogram: 0.05 },
  histogramBuckets: 12,
  churnRate: 0,
  churnIntervalS: 60,
  resources: 20,
};

export type LogFormat = 'json' | 'logfmt' | 'apache' | 'syslog';

export interface LogShape {
  /** Distinct streams (label sets; one resource each). */
  streams: number;
  /** Labels per stream, besides service.name. */
  labelsPerStream: number;
  /** Median line length in characters; lengths are log-normal around it. */
  lineLengthMedian: number;
  lineLengthSigma: number;
  /** Share of each format; normalised, must not all be 0. */
  formats: Record<LogFormat, number>;
  /** Share of each severity text; normalised. */
  severities: Record<'debug' | 'info' | 'warn' | 'error', number>;
  /** Share of records carrying a trace and span ID, 0..1. */
  traceCorrelationRate: number;
  /** Attributes (structured metadata) per record. */
  attributesPerRecord: number;
}

export const DEFAULT_LOG_SHAPE: Readonly<LogShape> = {
  streams: 100,
  labelsPerStream: 3,
  lineLengthMedian: 180,
  lineLengthSigma: 0.5,
  formats: { json: 0.4, logfmt: 0.3, apache: 0.2, syslog: 0.1 },
  severities: { debug: 0.1, info: 0.75, warn: 0.1, error: 0.05 },
  traceCorrelationRate: 0.3,
  attributesPerRecord: 2,
};

export interface ShapeOf {
  traces: TraceShape;
  metrics: MetricShape;
  logs: LogShape;
}
