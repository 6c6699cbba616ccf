// The send-time stamp: set on every resource of a measured batch right before encoding, carried by
// every OTLP encoder (protobuf and JSON, each signal) with raw byte accounting that includes it,
// never cached by the encoders, and absent from warmup batches.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Encoder } from '../../../src/encoders/encoder.js';
import {
  otlpJsonLogs,
  otlpJsonMetrics,
  otlpJsonTraces,
  otlpProtoLogs,
  otlpProtoMetrics,
  otlpProtoTraces,
} from '../../../src/encoders/index.js';
import { OtlpProtoTraceEncoder } from '../../../src/encoders/otlp-proto-traces.js';
import { rawOtlpProtoBytes, rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import { createGenerator, type Generator } from '../../../src/generators/index.js';
import { RequestPipeline } from '../../../src/load/request-pipeline.js';
import { emptyCounters } from '../../../src/load/worker-protocol.js';
import {
  SENT_TIME_ATTRIBUTE,
  type Signal,
  stampSentTime,
  type TelemetryBatch,
  VALUE_INT,
  VOLATILE_ID,
} from '../../../src/model/index.js';
import { DEFAULT_SHAPES } from '../../../src/scenario/index.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';
import { PerSecondSeries } from '../../../src/stats/rate-window.js';
import type { Sender } from '../../../src/transport/sender.js';
import {
  decode,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
} from '../encoders/proto-schema.js';

const STAMP_US = 1_780_000_123_456_789;

function generator<S extends Signal>(signal: S): Generator<S> {
  return createGenerator(signal, DEFAULT_SHAPES[signal], {
    seed: 7,
    workerIndex: 0,
    workerCount: 1,
    startTimeUnixUs: 1_700_000_000_000_000,
    runNonce: 1,
  });
}

const CASES = [
  {
    signal: 'traces',
    proto: otlpProtoTraces,
    json: otlpJsonTraces,
    type: ExportTraceServiceRequest,
    list: 'resourceSpans',
  },
  {
    signal: 'metrics',
    proto: otlpProtoMetrics,
    json: otlpJsonMetrics,
    type: ExportMetricsServiceRequest,
    list: 'resourceMetrics',
  },
  {
    signal: 'logs',
    proto: otlpProtoLogs,
    json: otlpJsonLogs,
    type: ExportLogsServiceRequest,
    list: 'resourceLogs',
  },
] as const;

interface DecodedKeyValue {
  key: string;
  value: { intValue?: string | number };
}

/** The stamp's value (as decimal text) on each resource of a decoded or parsed request. */
function stampsOf(
  request: Record<string, { resource: { attributes: DecodedKeyValue[] } }[]>,
  list: string,
): string[] {
  return request[list].map((r) => {
    const kv = r.resource.attributes.filter((a) => a.key === SENT_TIME_ATTRIBUTE);
    assert.equal(kv.length, 1, 'exactly one stamp per resource');
    return String(kv[0].value.intValue);
  });
}

test('stampSentTime sets one int attribute on every resource and replaces it on the next batch', () => {
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const g = generator(signal);
    for (let round = 0; round < 3; round++) {
      const batch: TelemetryBatch = g.next(200, 1_700_000_000_000_000 + round * 1000);
      stampSentTime(batch, STAMP_US + round);
      assert.ok(batch.resourceCount > 0, signal);
      for (let r = 0; r < batch.resourceCount; r++) {
        const list = batch.resources[r].resource;
        const i = list.count - 1;
        assert.equal(list.keys[i], SENT_TIME_ATTRIBUTE, `${signal}: the stamp is the last attribute`);
        assert.equal(list.types[i], VALUE_INT);
        assert.equal(list.numbers[i], STAMP_US + round, `${signal}: round ${round}`);
        assert.equal(list.ids[i], VOLATILE_ID);
        assert.equal(list.keys.slice(0, list.count).filter((k) => k === SENT_TIME_ATTRIBUTE).length, 1);
      }
    }
  }
});

for (const c of CASES) {
  test(`${c.signal}: protobuf and JSON carry the stamp on every resource; raw bytes count it`, () => {
    const batch = generator(c.signal).next(300, 1_700_000_000_000_000) as never;
    const before = rawOtlpProtoBytes(c.signal, batch);
    stampSentTime(batch, STAMP_US);
    const bytes = (c.proto as Encoder<Signal>).encode(batch);
    const expected = new Array((batch as TelemetryBatch).resourceCount).fill(String(STAMP_US));
    assert.deepEqual(stampsOf(decode(c.type, bytes), c.list), expected);
    const jsonBytes = (c.json as Encoder<Signal>).encode(batch);
    const json = JSON.parse(Buffer.from(jsonBytes).toString('utf8'));
    assert.deepEqual(stampsOf(json, c.list), expected);
    // Raw bytes are the protobuf of what is sent, stamp included, whichever format is sent.
    assert.equal(rawOtlpProtoBytesSent(c.proto as Encoder<Signal>, batch, bytes), bytes.length);
    assert.equal(rawOtlpProtoBytes(c.signal, batch), bytes.length);
    assert.equal(rawOtlpProtoBytesSent(c.json as Encoder<Signal>, batch, jsonBytes), bytes.length);
    assert.ok(bytes.length > before, 'the stamp adds bytes');
  });
}

test('a stamp new every batch never enters the key-value cache', () => {
  // The same batches through two encoders, stamped for one only: the caches must end up the same.
  const plain = new OtlpProtoTraceEncoder();
  const stamped = new OtlpProtoTraceEncoder();
  const cacheSize = (e: OtlpProtoTraceEncoder): number =>
    (e as unknown as { writer: { keyValueCache: { size: number } } }).writer.keyValueCache.size;
  const g1 = generator('traces');
  const g2 = generator('traces');
  for (let i = 0; i < 50; i++) {
    plain.encode(g1.next(200, 1_700_000_000_000_000 + i));
    const batch = g2.next(200, 1_700_000_000_000_000 + i);
    stampSentTime(batch, STAMP_US + i);
    const bytes = stamped.encode(batch);
    assert.equal(
      stampsOf(decode(ExportTraceServiceRequest, bytes), 'resourceSpans')[0],
      String(STAMP_US + i),
    );
  }
  assert.ok(cacheSize(plain) > 0);
  assert.equal(cacheSize(stamped), cacheSize(plain));
});

test('the request pipeline stamps measured batches with the time before encoding, warmup ones not', async () => {
  const bodies: Uint8Array[] = [];
  const sender: Sender = {
    send: async (body) => {
      bodies.push(body);
      return { ok: true, status: 200, itemsRefused: 0, retries: 0, errorMessage: '' };
    },
    abort: () => {},
    close: async () => {},
  };
  const measureStartEpochMs = performance.timeOrigin + performance.now();
  const pipeline = new RequestPipeline(
    {
      generator: generator('traces'),
      encoder: otlpProtoTraces,
      compression: 'none',
      sender,
      batchSize: 100,
      stampSendTime: true,
      templates: null,
      traceSampler: null,
    },
    {
      counters: emptyCounters(),
      latency: new LatencyHistogram(),
      serviceTime: new LatencyHistogram(),
      perSecond: new PerSecondSeries(),
      errors: new Map(),
    },
    measureStartEpochMs,
  );
  await pipeline.execute(measureStartEpochMs - 1000);
  const beforeUs = Math.round((performance.timeOrigin + performance.now()) * 1000);
  await pipeline.execute(measureStartEpochMs + 1);
  const afterUs = Math.round((performance.timeOrigin + performance.now()) * 1000);
  assert.equal(bodies.length, 2);
  const warmup = decode(ExportTraceServiceRequest, bodies[0]);
  for (const r of warmup.resourceSpans) {
    assert.ok(!r.resource.attributes.some((a: DecodedKeyValue) => a.key === SENT_TIME_ATTRIBUTE));
  }
  for (const stamp of stampsOf(decode(ExportTraceServiceRequest, bodies[1]), 'resourceSpans')) {
    assert.ok(Number(stamp) >= beforeUs && Number(stamp) <= afterUs, `${stamp} in [${beforeUs}, ${afterUs}]`);
  }
});
