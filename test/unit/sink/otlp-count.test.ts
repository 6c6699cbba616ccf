import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { countOtlpJsonItems, countOtlpProtoItems } from '../../../src/targets/sink/index.js';
import { concatBytes, logRequest, metricRequest, traceRequest } from './otlp-fixtures.js';

test('spans are counted across scopes and resources (SDK-encoded protobuf)', () => {
  assert.equal(countOtlpProtoItems('traces', traceRequest(1, 1)), 1);
  assert.equal(countOtlpProtoItems('traces', traceRequest(3, 7)), 21);
  // Two requests back to back decode as one request with two resource_spans.
  assert.equal(countOtlpProtoItems('traces', concatBytes(traceRequest(2, 5), traceRequest(1, 3))), 13);
});

test('log records are counted (SDK-encoded protobuf)', async () => {
  assert.equal(countOtlpProtoItems('logs', await logRequest(3, 4)), 12);
  assert.equal(countOtlpProtoItems('logs', concatBytes(await logRequest(1, 2), await logRequest(2, 2))), 6);
});

test('data points of gauge, sum, histogram and exponential histogram are counted', async () => {
  const { bytes, dataPoints } = await metricRequest();
  assert.equal(countOtlpProtoItems('metrics', bytes), dataPoints);
});

test('summary data points (Metric.summary = 11) are counted', () => {
  // Hand-built: request{resource_metrics{scope_metrics{metric{name "s", summary{2 data points}}}}}
  const dataPoint = [0x0a, 0x00]; // empty SummaryDataPoint
  const summary = message(11, [...message(1, dataPoint), ...message(1, dataPoint)]);
  const metric = [0x0a, 0x01, 0x73, ...summary];
  const request = message(1, message(2, message(2, metric)));
  assert.equal(countOtlpProtoItems('metrics', Uint8Array.from(request)), 2);
});

test('an empty request has zero items; the wrong signal path counts what is on it', () => {
  assert.equal(countOtlpProtoItems('traces', new Uint8Array(0)), 0);
  // Traces and logs share field numbers on the path, so this is a structural count.
  assert.equal(countOtlpProtoItems('logs', traceRequest(1, 4)), 4);
});

test('malformed protobuf is reported as -1, never as a count', () => {
  const good = traceRequest(1, 3);
  assert.equal(countOtlpProtoItems('traces', good.subarray(0, good.length - 5)), -1);
  assert.equal(countOtlpProtoItems('traces', Uint8Array.from([0x0b, 0x00])), -1); // wire type 3 (group)
  assert.equal(countOtlpProtoItems('traces', Uint8Array.from([0x0a, 0x05, 0x00])), -1); // length past end
  assert.equal(countOtlpProtoItems('traces', Uint8Array.from([0x09, 0x01, 0x02])), -1); // fixed64 cut short
  assert.equal(countOtlpProtoItems('traces', Buffer.from('{"resourceSpans":[]}')), -1);
});

test('random bytes never crash the scanner and never count more items than bytes', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom('traces', 'metrics', 'logs'),
      (bytes, signal) => {
        const count = countOtlpProtoItems(signal, bytes);
        assert.ok(count >= -1 && count <= bytes.length);
      },
    ),
    { numRuns: 500 },
  );
});

test('JSON requests from the SDK JSON serializers are counted', async () => {
  assert.equal(countOtlpJsonItems('traces', traceRequest(2, 6, 'json')), 12);
  assert.equal(countOtlpJsonItems('logs', await logRequest(2, 3, 'json')), 6);
  const { bytes, dataPoints } = await metricRequest('json');
  assert.equal(countOtlpJsonItems('metrics', bytes), dataPoints);
  assert.equal(countOtlpJsonItems('traces', Buffer.from('{}')), 0);
});

test('malformed JSON bodies are reported as -1', () => {
  assert.equal(countOtlpJsonItems('traces', Buffer.from('{"resourceSpans":')), -1);
  assert.equal(countOtlpJsonItems('traces', Buffer.from('[1,2]')), -1);
  assert.equal(
    countOtlpJsonItems('traces', Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":3}]}]}')),
    -1,
  );
});

function message(fieldNumber: number, payload: number[]): number[] {
  assert.ok(payload.length < 128);
  return [(fieldNumber << 3) | 2, payload.length, ...payload];
}
