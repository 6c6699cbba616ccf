import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLogBatch, buildMetricBatch, buildTraceBatch } from '../../../bench/fixtures.js';
import type { Encoder, WireFormat } from '../../../src/encoders/encoder.js';
import { getEncoder } from '../../../src/encoders/index.js';
import { OtlpProtoLogsEncoder } from '../../../src/encoders/otlp-proto-logs.js';
import { OtlpProtoMetricsEncoder } from '../../../src/encoders/otlp-proto-metrics.js';
import { OtlpProtoTraceEncoder, otlpProtoTraces } from '../../../src/encoders/otlp-proto-traces.js';
import { rawOtlpProtoBytes, rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import { SIGNALS, type Signal } from '../../../src/model/index.js';

const FORMATS: readonly WireFormat[] = [
  'otlp-proto',
  'otlp-json',
  'prom-remote-write',
  'loki-push-proto',
  'loki-push-json',
];

function encodersOf(signal: Signal): Encoder<Signal>[] {
  const found: Encoder<Signal>[] = [];
  for (const format of FORMATS) {
    try {
      found.push(getEncoder(signal, format));
    } catch {
      // this signal has no encoder in that format
    }
  }
  return found;
}

// References of their own, caches off: nothing shared with the encoders under test.
const REFERENCE = {
  traces: new OtlpProtoTraceEncoder({ stringCacheEntries: 0, keyValueCacheEntries: 0 }),
  metrics: new OtlpProtoMetricsEncoder({ stringCacheEntries: 0, keyValueCacheEntries: 0 }),
  logs: new OtlpProtoLogsEncoder({ stringCacheEntries: 0, keyValueCacheEntries: 0 }),
};

const BUILD = { traces: buildTraceBatch, metrics: buildMetricBatch, logs: buildLogBatch };

test('every encoder of every signal: the raw bytes are the length of the batch as OTLP protobuf', () => {
  for (const signal of SIGNALS) {
    const encoders = encodersOf(signal);
    assert.ok(encoders.length >= 2, signal);
    for (const items of [1, 50, 700]) {
      for (const seed of [1, 2]) {
        const batch = BUILD[signal](items, seed);
        // biome-ignore lint/suspicious/noExplicitAny: the batch matches the signal by construction.
        const expected = (REFERENCE[signal] as any).encode(batch).length;
        // biome-ignore lint/suspicious/noExplicitAny: as above.
        assert.equal(rawOtlpProtoBytes(signal, batch as any), expected, `${signal} ${items}`);
        for (const encoder of encoders) {
          // biome-ignore lint/suspicious/noExplicitAny: as above.
          const encoded = encoder.encode(batch as any);
          // biome-ignore lint/suspicious/noExplicitAny: as above.
          const raw = rawOtlpProtoBytesSent(encoder, batch as any, encoded);
          assert.equal(raw, expected, `${signal} ${encoder.format} ${items}`);
        }
      }
    }
  }
});

test('the size pass leaves the view the shared protobuf encoder last returned intact', () => {
  const first = buildTraceBatch(200, 1);
  const encoded = otlpProtoTraces.encode(first);
  const copy = Buffer.from(encoded);
  const other = buildTraceBatch(900, 2);
  assert.ok(rawOtlpProtoBytes('traces', other) > encoded.length);
  assert.deepEqual(Buffer.from(encoded), copy);
  // And the next encode is unaffected by the size pass in between.
  assert.deepEqual(Buffer.from(otlpProtoTraces.encode(first)), copy);
});

test('an OTLP protobuf body is its own count: no size pass for it', () => {
  const batch = buildTraceBatch(10, 1);
  const encoded = otlpProtoTraces.encode(batch);
  assert.equal(rawOtlpProtoBytesSent(otlpProtoTraces, batch, encoded.subarray(0, 7)), 7);
});
