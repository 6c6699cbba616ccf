// Shards and workers are one space: every (shard, worker) pair drives its own slice, so that no
// trace ID, span ID, series or log stream of one slice appears in another's requests, for any
// shard count. Checked on the bytes the workers send, decoded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otlpProtoLogs, otlpProtoMetrics, otlpProtoTraces } from '../../../src/encoders/index.js';
import { TraceIdWriter } from '../../../src/generators/ids.js';
import {
  createGenerator,
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
} from '../../../src/generators/index.js';
import { TemplateReplay } from '../../../src/load/template-replay.js';
import { runNonceOf, type ShardSpec, type WorkerSlice, workerSlice } from '../../../src/model/shard.js';
import {
  decode,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
} from '../encoders/proto-schema.js';

const START_US = 1_790_000_000_000_000;
const SEED = 20261202;
const RUN_ID = '20261202T100000Z';
const WORKERS = 2;

function slicesOf(shardCount: number): WorkerSlice[] {
  const slices: WorkerSlice[] = [];
  for (let index = 0; index < shardCount; index++) {
    const shard: ShardSpec = { index, count: shardCount, runId: RUN_ID, startAtEpochMs: START_US / 1000 };
    for (let w = 0; w < WORKERS; w++) slices.push(workerSlice(shard, w, WORKERS));
  }
  return slices;
}

const contextOf = (slice: WorkerSlice) => ({
  seed: SEED,
  workerIndex: slice.index,
  workerCount: slice.count,
  startTimeUnixUs: START_US,
  runNonce: runNonceOf(RUN_ID),
});

interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}
const attributesKey = (attributes: KeyValue[]): string =>
  JSON.stringify(attributes.map((a) => [a.key, a.value]).sort());

test('slices: shard i of n with w workers drives slices i*w .. i*w+w-1 of n*w, and no process one twice', () => {
  assert.deepEqual(
    slicesOf(3).map((s) => s.index),
    [0, 1, 2, 3, 4, 5],
  );
  for (const slice of slicesOf(3)) assert.equal(slice.count, 6);
  assert.deepEqual(workerSlice(null, 1, 4), { index: 1, count: 4 });
  assert.notEqual(runNonceOf('run-a'), runNonceOf('run-b'));
});

for (const shardCount of [1, 3, 4]) {
  test(`traces over ${shardCount} shard(s) x ${WORKERS} workers: no trace ID or span ID in two slices, as sent (templated)`, () => {
    const traceOwner = new Map<string, number>();
    const spanIds = new Set<string>();
    let spans = 0;
    for (const slice of slicesOf(shardCount)) {
      const ctx = contextOf(slice);
      const replay = new TemplateReplay(
        createGenerator('traces', DEFAULT_TRACE_SHAPE, ctx),
        otlpProtoTraces,
        {
          batchSize: 200,
          poolItems: 400,
          templateNowUs: START_US,
          traceIds: new TraceIdWriter(SEED, ctx.runNonce, slice.index),
        },
      );
      const out = new Uint8Array(replay.maxBodyBytes);
      for (let r = 0; r < 5; r++) {
        const length = replay.next(START_US + (r + 1) * 1_000_000, out);
        const request = decode(ExportTraceServiceRequest, out.subarray(0, length));
        for (const rs of request.resourceSpans)
          for (const ss of rs.scopeSpans)
            for (const span of ss.spans) {
              spans++;
              const traceId = Buffer.from(span.traceId).toString('hex');
              const owner = traceOwner.get(traceId);
              assert.ok(
                owner === undefined || owner === slice.index,
                `trace ${traceId} in slices ${owner} and ${slice.index}`,
              );
              traceOwner.set(traceId, slice.index);
              const spanId = Buffer.from(span.spanId).toString('hex');
              assert.ok(!spanIds.has(spanId), `span ID ${spanId} repeated (slice ${slice.index})`);
              spanIds.add(spanId);
            }
      }
    }
    assert.equal(spans, shardCount * WORKERS * 5 * 200);
  });
}

test('metrics over 4 shards x 2 workers: every series is sent by one slice only, and all are sent', () => {
  const shape = { ...DEFAULT_METRIC_SHAPE, series: 64 };
  const owner = new Map<string, number>();
  for (const slice of slicesOf(4)) {
    const generator = createGenerator('metrics', shape, contextOf(slice));
    const body = otlpProtoMetrics.encode(generator.next(shape.series, START_US + 1_000_000));
    const request = decode(ExportMetricsServiceRequest, body);
    for (const rm of request.resourceMetrics)
      for (const sm of rm.scopeMetrics)
        for (const metric of sm.metrics) {
          const data =
            metric.gauge ?? metric.sum ?? metric.histogram ?? metric.exponentialHistogram ?? metric.summary;
          for (const point of data.dataPoints) {
            const key = `${attributesKey(rm.resource.attributes)}|${metric.name}|${attributesKey(point.attributes)}`;
            const seen = owner.get(key);
            assert.ok(
              seen === undefined || seen === slice.index,
              `series ${key} in slices ${seen} and ${slice.index}`,
            );
            owner.set(key, slice.index);
          }
        }
  }
  assert.equal(owner.size, shape.series);
});

test('logs over 4 shards x 2 workers: every stream is sent by one slice only', () => {
  const shape = { ...DEFAULT_LOG_SHAPE, streams: 40 };
  const owner = new Map<string, number>();
  for (const slice of slicesOf(4)) {
    const generator = createGenerator('logs', shape, contextOf(slice));
    const body = otlpProtoLogs.encode(generator.next(400, START_US + 1_000_000));
    const request = decode(ExportLogsServiceRequest, body);
    for (const rl of request.resourceLogs) {
      const key = attributesKey(rl.resource.attributes);
      const seen = owner.get(key);
      assert.ok(
        seen === undefined || seen === slice.index,
        `stream ${key} in slices ${seen} and ${slice.index}`,
      );
      owner.set(key, slice.index);
    }
  }
  assert.equal(owner.size, shape.streams);
});
