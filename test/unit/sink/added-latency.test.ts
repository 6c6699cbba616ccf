// The sink's added latency: receive time minus each resource's send-time stamp, weighted by the
// resource's items, read while counting. Requests come from the official OpenTelemetry SDK and
// serializer (an encoder independent of ours) and from our generators, over HTTP and gRPC.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { request } from 'undici';
import { otlpProtoLogs, otlpProtoMetrics } from '../../../src/encoders/index.js';
import { createGenerator } from '../../../src/generators/index.js';
import { SENT_TIME_ATTRIBUTE, stampSentTime } from '../../../src/model/index.js';
import { DEFAULT_SHAPES } from '../../../src/scenario/index.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';
import { countOtlpProtoItems, countOtlpProtoItemsTimed, startSink } from '../../../src/targets/sink/index.js';
import { createOtlpGrpcSender } from '../../../src/transport/index.js';
import { traceRequest } from './otlp-fixtures.js';

const RECEIVED_US = 1_780_000_000_000_000;

/** One resource (stamped when `stampUs` is a number) with `spans` spans, by the official SDK. */
function sdkTraceRequest(spans: number, stampUs: number | null): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const attributes: Record<string, string | number> = { 'service.name': 'svc', 'host.name': 'h1' };
  if (stampUs !== null) attributes[SENT_TIME_ATTRIBUTE] = stampUs;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(attributes),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('scope');
  for (let i = 0; i < spans; i++) tracer.startSpan(`op-${i}`).end();
  const bytes = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
  if (bytes === undefined) throw new Error('trace serializer returned nothing');
  return bytes;
}

/** Concatenated protobuf requests read as one request holding every resource. */
function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

test('each stamped resource records receive - stamp once per item; unstamped ones are only counted', () => {
  const body = concat(
    sdkTraceRequest(3, RECEIVED_US - 12_345),
    sdkTraceRequest(2, null),
    sdkTraceRequest(1, RECEIVED_US - 250_000),
  );
  const histogram = new LatencyHistogram();
  assert.equal(countOtlpProtoItemsTimed('traces', body, RECEIVED_US, histogram), 6);
  assert.equal(histogram.count, 4, 'items under stamped resources');
  const summary = histogram.summary();
  // HDR keeps 3 significant digits.
  assert.ok(Math.abs(summary.p50 - 12.345) < 0.02, `p50 ${summary.p50}`);
  assert.ok(Math.abs(summary.max - 250) < 0.3, `max ${summary.max}`);
  assert.ok(Math.abs(summary.mean - (3 * 12.345 + 250) / 4) < 0.2, `mean ${summary.mean}`);
});

test('metrics and logs from our generators: every data point and record gets its resource stamp', () => {
  for (const [signal, encoder] of [
    ['metrics', otlpProtoMetrics],
    ['logs', otlpProtoLogs],
  ] as const) {
    const batch = createGenerator(signal, DEFAULT_SHAPES[signal], {
      seed: 3,
      workerIndex: 0,
      workerCount: 1,
      startTimeUnixUs: 1_700_000_000_000_000,
      runNonce: 1,
    }).next(400, 1_700_000_000_000_000);
    stampSentTime(batch, RECEIVED_US - 5000);
    const body = encoder.encode(batch as never);
    const histogram = new LatencyHistogram();
    assert.equal(countOtlpProtoItemsTimed(signal, body, RECEIVED_US, histogram), batch.itemCount, signal);
    assert.equal(histogram.count, batch.itemCount, signal);
    assert.ok(Math.abs(histogram.percentileMs(50) - 5) < 0.01, `${signal} p50 ${histogram.percentileMs(50)}`);
    assert.ok(Math.abs(histogram.percentileMs(100) - 5) < 0.01, signal);
  }
});

test('a stamp later than the receive time (clock skew) records 0, not a negative latency', () => {
  const histogram = new LatencyHistogram();
  assert.equal(
    countOtlpProtoItemsTimed('traces', sdkTraceRequest(2, RECEIVED_US + 40), RECEIVED_US, histogram),
    2,
  );
  assert.equal(histogram.count, 2);
  assert.equal(histogram.percentileMs(100), 0);
});

test('the timed scan gives the same verdict and count as the plain one on any bytes', () => {
  const valid = concat(sdkTraceRequest(2, RECEIVED_US - 1), traceRequest(2, 3));
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: valid.length }).map((n) => valid.subarray(0, n)),
        fc
          .tuple(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }))
          .map(([at, byte]) => {
            const copy = new Uint8Array(valid);
            copy[at] = byte;
            return copy;
          }),
      ),
      (bytes) => {
        const histogram = new LatencyHistogram();
        for (const signal of ['traces', 'metrics', 'logs'] as const) {
          assert.equal(
            countOtlpProtoItemsTimed(signal, bytes, RECEIVED_US, histogram),
            countOtlpProtoItems(signal, bytes),
          );
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('the running sink records stamped requests over HTTP and gRPC, and reset clears them', async () => {
  const sink = await startSink({ grpcPort: 0 });
  try {
    assert.equal(sink.addedLatency().count, 0);
    const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);
    const http = await request(`${sink.httpUrl}/v1/traces`, {
      method: 'POST',
      body: sdkTraceRequest(4, nowUs()),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    await http.body.arrayBuffer();
    assert.equal(http.statusCode, 200);
    const grpc = createOtlpGrpcSender({
      endpoint: sink.grpcEndpoint,
      signal: 'traces',
      headers: {},
      requestTimeoutMs: 2000,
      maxRetries: 0,
    });
    const outcome = await grpc.send(sdkTraceRequest(6, nowUs() - 100_000), 6);
    await grpc.close();
    assert.equal(outcome.ok, true, outcome.errorMessage);
    const summary = sink.addedLatency();
    assert.equal(summary.count, 10);
    assert.equal(sink.counters().traces.items, 10);
    // The gRPC request was stamped 100 ms in the past: the top 6 of 10 are at least that.
    assert.ok(summary.max >= 100 && summary.max < 1100, `max ${summary.max}`);
    const histogram = LatencyHistogram.fromBase64(summary.hdrBase64);
    assert.ok(histogram.percentileMs(60) >= 100, `p60 ${histogram.percentileMs(60)}`);
    assert.ok(
      histogram.percentileMs(30) < 100,
      `the HTTP request, stamped just before: ${histogram.percentileMs(30)}`,
    );
    sink.reset();
    assert.equal(sink.addedLatency().count, 0);
  } finally {
    await sink.close();
  }
});
