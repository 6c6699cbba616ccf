import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  otlpJsonLogs,
  otlpJsonMetrics,
  otlpJsonTraces,
  otlpProtoLogs,
  otlpProtoMetrics,
  otlpProtoTraces,
} from '../../../src/encoders/index.js';
import {
  createGenerator,
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
} from '../../../src/generators/index.js';
import {
  logsFromBatch,
  logsFromDecoded,
  metricsFromBatch,
  metricsFromDecoded,
  tracesFromBatch,
  tracesFromDecoded,
} from './canonical.js';
import {
  decode,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
} from './proto-schema.js';

const ctx = { seed: 7, workerIndex: 0, workerCount: 1, startTimeUnixUs: 1_760_000_000_000_000, runNonce: 1 };
const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

test('successive real generator batches (default shapes) decode to the batch, protobuf and JSON', () => {
  const traces = createGenerator('traces', DEFAULT_TRACE_SHAPE, ctx);
  const metrics = createGenerator('metrics', DEFAULT_METRIC_SHAPE, ctx);
  const logs = createGenerator('logs', DEFAULT_LOG_SHAPE, ctx);
  for (let i = 1; i <= 3; i++) {
    const now = ctx.startTimeUnixUs + i * 1_000_000;
    const tb = traces.next(300, now);
    const expectedTraces = tracesFromBatch(tb);
    assert.deepStrictEqual(
      tracesFromDecoded(decode(ExportTraceServiceRequest, otlpProtoTraces.encode(tb))),
      expectedTraces,
    );
    assert.deepStrictEqual(tracesFromDecoded(json(otlpJsonTraces.encode(tb))), expectedTraces);
    const mb = metrics.next(300, now);
    const expectedMetrics = metricsFromBatch(mb);
    assert.deepStrictEqual(
      metricsFromDecoded(decode(ExportMetricsServiceRequest, otlpProtoMetrics.encode(mb))),
      expectedMetrics,
    );
    assert.deepStrictEqual(metricsFromDecoded(json(otlpJsonMetrics.encode(mb))), expectedMetrics);
    const lb = logs.next(300, now);
    const expectedLogs = logsFromBatch(lb);
    assert.deepStrictEqual(
      logsFromDecoded(decode(ExportLogsServiceRequest, otlpProtoLogs.encode(lb))),
      expectedLogs,
    );
    assert.deepStrictEqual(logsFromDecoded(json(otlpJsonLogs.encode(lb))), expectedLogs);
  }
});

test('metric points of series seen before (attribute blocks copied) decode to the batch, churn included', () => {
  const metrics = createGenerator(
    'metrics',
    { ...DEFAULT_METRIC_SHAPE, series: 200, churnRate: 0.3, churnIntervalS: 1 },
    ctx,
  );
  for (let i = 1; i <= 8; i++) {
    // 250 points of 200 series: some series twice in one batch, all of them again in the next.
    const mb = metrics.next(250, ctx.startTimeUnixUs + i * 2_000_000);
    assert.deepStrictEqual(
      metricsFromDecoded(decode(ExportMetricsServiceRequest, otlpProtoMetrics.encode(mb))),
      metricsFromBatch(mb),
      `batch ${i}`,
    );
  }
});
