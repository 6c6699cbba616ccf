// Builds OTLP export requests with the official OpenTelemetry JS SDKs and serializers, so the
// sink's counting is checked against an independent encoder rather than against itself.

import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export type Format = 'proto' | 'json';

/** `spansPerScope` spans under each of `scopes` instrumentation scopes, one resource. */
export function traceRequest(scopes: number, spansPerScope: number, format: Format = 'proto'): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  for (let s = 0; s < scopes; s++) {
    const tracer = provider.getTracer(`scope-${s}`);
    for (let i = 0; i < spansPerScope; i++) {
      tracer.startSpan(`op-${i}`, { attributes: { 'http.route': `/r/${i}`, n: i } }).end();
    }
  }
  const spans = exporter.getFinishedSpans();
  const bytes = (format === 'proto' ? ProtobufTraceSerializer : JsonTraceSerializer).serializeRequest(spans);
  if (bytes === undefined) throw new Error('trace serializer returned nothing');
  return bytes;
}

export async function logRequest(
  scopes: number,
  recordsPerScope: number,
  format: Format = 'proto',
): Promise<Uint8Array> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  for (let s = 0; s < scopes; s++) {
    const logger = provider.getLogger(`scope-${s}`);
    for (let i = 0; i < recordsPerScope; i++) {
      logger.emit({ severityNumber: SeverityNumber.INFO, body: `line ${i}`, attributes: { i } });
    }
  }
  // The simple processor exports on a promise; flush so every record is collected.
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  const bytes = (format === 'proto' ? ProtobufLogsSerializer : JsonLogsSerializer).serializeRequest(records);
  if (bytes === undefined) throw new Error('logs serializer returned nothing');
  return bytes;
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * One of each data kind the SDK produces: a counter (sum) with 3 series, an up-down counter
 * (sum) with 1, a histogram with 2, an exponential histogram with 2 and a gauge with 4:
 * 12 data points in 5 metrics.
 */
export async function metricRequest(
  format: Format = 'proto',
): Promise<{ bytes: Uint8Array; dataPoints: number }> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    readers: [reader],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('fixtures');
  const counter = meter.createCounter('requests');
  for (let i = 0; i < 3; i++) counter.add(i + 1, { route: `/r/${i}` });
  meter.createUpDownCounter('queue.depth').add(5);
  const histogram = meter.createHistogram('latency');
  histogram.record(12, { route: 'a' });
  histogram.record(40, { route: 'b' });
  const exponential = meter.createHistogram('latency.exp');
  exponential.record(3, { route: 'a' });
  exponential.record(7, { route: 'b' });
  const gauge = meter.createGauge('temperature');
  for (let i = 0; i < 4; i++) gauge.record(20 + i, { room: `r${i}` });
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  const bytes = serializeMetrics(resourceMetrics, format);
  await provider.shutdown();
  return { bytes, dataPoints: 12 };
}

function serializeMetrics(resourceMetrics: ResourceMetrics, format: Format): Uint8Array {
  const bytes = (format === 'proto' ? ProtobufMetricsSerializer : JsonMetricsSerializer).serializeRequest(
    resourceMetrics,
  );
  if (bytes === undefined) throw new Error('metrics serializer returned nothing');
  return bytes;
}

/** Concatenated protobuf messages merge: two requests in a row read as one with both resources. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
