import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { toResourceMetrics } from '../../../bench/encoders-reference.js';
import { otlpJsonMetrics } from '../../../src/encoders/otlp-json-metrics.js';
import { OtlpProtoMetricsEncoder, otlpProtoMetrics } from '../../../src/encoders/otlp-proto-metrics.js';
import { rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import {
  DataPointRecord,
  METRIC_GAUGE,
  METRIC_SUM,
  MetricBatch,
  MetricRecord,
  ResourceMetricsRecord,
} from '../../../src/model/index.js';
import { metricBatchArb } from './arbitraries.js';
import { metricsFromBatch, metricsFromDecoded, withSortedAttributes } from './canonical.js';
import { decode, ExportMetricsServiceRequest } from './proto-schema.js';

const variants = [
  { name: 'default caches', encoder: otlpProtoMetrics },
  {
    name: 'caches off',
    encoder: new OtlpProtoMetricsEncoder({ stringCacheEntries: 0, keyValueCacheEntries: 0 }),
  },
  {
    name: 'tiny caches',
    encoder: new OtlpProtoMetricsEncoder({ stringCacheEntries: 3, keyValueCacheEntries: 2 }),
  },
];

test('protobuf output decodes to the batch (gauge, sum, histogram, exponential histogram), field by field', () => {
  fc.assert(
    fc.property(metricBatchArb, (batch) => {
      const expected = metricsFromBatch(batch);
      for (const { name, encoder } of variants) {
        const bytes = encoder.encode(batch);
        assert.equal(encoder.encodedSize(batch), bytes.length, `${name}: size pass`);
        assert.deepStrictEqual(
          metricsFromDecoded(decode(ExportMetricsServiceRequest, bytes)),
          expected,
          name,
        );
      }
    }),
    { numRuns: 80 },
  );
});

test('protobuf output decodes to the same data as @opentelemetry/otlp-transformer on the same metrics', () => {
  fc.assert(
    fc.property(metricBatchArb, (batch) => {
      // The reference serializes one ResourceMetrics per request: compare resource by resource.
      const reference = toResourceMetrics(batch).flatMap((rm) => {
        const bytes = ProtobufMetricsSerializer.serializeRequest(rm);
        assert.ok(bytes);
        return metricsFromDecoded(decode(ExportMetricsServiceRequest, bytes));
      });
      const ours = metricsFromDecoded(decode(ExportMetricsServiceRequest, otlpProtoMetrics.encode(batch)));
      assert.deepStrictEqual(withSortedAttributes(ours), withSortedAttributes(reference));
    }),
    { numRuns: 80 },
  );
});

test('JSON output parses to the batch data, and reports the protobuf size', () => {
  fc.assert(
    fc.property(metricBatchArb, (batch) => {
      const jsonBytes = otlpJsonMetrics.encode(batch);
      const text = Buffer.from(jsonBytes).toString('utf8');
      assert.deepStrictEqual(metricsFromDecoded(JSON.parse(text)), metricsFromBatch(batch));
      assert.equal(
        rawOtlpProtoBytesSent(otlpJsonMetrics, batch, jsonBytes),
        otlpProtoMetrics.encode(batch).length,
      );
    }),
    { numRuns: 60 },
  );
});

function oneMetricBatch(
  type: typeof METRIC_GAUGE | typeof METRIC_SUM,
  isInt: boolean,
  value: number,
): MetricBatch {
  const batch = new MetricBatch();
  const rm = new ResourceMetricsRecord(1);
  const metric = new MetricRecord();
  metric.type = type;
  metric.name = 'm';
  const point = new DataPointRecord(1, 0);
  point.isInt = isInt;
  point.value = value;
  metric.points.push(point);
  metric.pointCount = 1;
  rm.metrics.push(metric);
  rm.metricCount = 1;
  batch.resources.push(rm);
  batch.resourceCount = 1;
  batch.itemCount = 1;
  return batch;
}

test('a number point is as_int (sfixed64) or as_double by isInt, negatives included', () => {
  const asInt = decode(
    ExportMetricsServiceRequest,
    otlpProtoMetrics.encode(oneMetricBatch(METRIC_SUM, true, -5)),
  );
  const intPoint = asInt.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0];
  assert.equal(intPoint.asInt, '-5');
  assert.equal(intPoint.asDouble, undefined);
  const asDouble = decode(
    ExportMetricsServiceRequest,
    otlpProtoMetrics.encode(oneMetricBatch(METRIC_GAUGE, false, 5)),
  );
  const doublePoint = asDouble.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0];
  assert.equal(doublePoint.asDouble, 5);
  assert.equal(doublePoint.asInt, undefined);
});

test('JSON writes NaN and infinities as proto3 JSON strings and 64-bit integers as decimal strings', () => {
  const nan = JSON.parse(
    Buffer.from(otlpJsonMetrics.encode(oneMetricBatch(METRIC_GAUGE, false, Number.NaN))).toString(),
  );
  assert.equal(nan.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asDouble, 'NaN');
  const inf = JSON.parse(
    Buffer.from(
      otlpJsonMetrics.encode(oneMetricBatch(METRIC_GAUGE, false, Number.NEGATIVE_INFINITY)),
    ).toString(),
  );
  assert.equal(inf.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asDouble, '-Infinity');
  const big = JSON.parse(
    Buffer.from(otlpJsonMetrics.encode(oneMetricBatch(METRIC_SUM, true, 2 ** 53 - 1))).toString(),
  );
  assert.equal(big.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].asInt, '9007199254740991');
});
