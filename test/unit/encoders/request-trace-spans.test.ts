// Spans per trace ID read back from an encoded request, protobuf and JSON, against the batch the
// generator made (the trace IDs of its span records), and against otlp-transformer's encoding.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otlpJsonTraces } from '../../../src/encoders/otlp-json-traces.js';
import { otlpProtoTraces } from '../../../src/encoders/otlp-proto-traces.js';
import { spansByTraceInRequest } from '../../../src/encoders/request-trace-spans.js';
import { createGenerator, DEFAULT_TRACE_SHAPE } from '../../../src/generators/index.js';
import type { TraceBatch } from '../../../src/model/index.js';

const ctx = { seed: 11, workerIndex: 0, workerCount: 1, startTimeUnixUs: 1_790_000_000_000_000 };

function spansByTraceOf(batch: TraceBatch): Map<string, number> {
  const spans = new Map<string, number>();
  for (let r = 0; r < batch.resourceCount; r++) {
    const record = batch.resources[r];
    for (let s = 0; s < record.spanCount; s++) {
      const id = Buffer.from(record.spans[s].traceId).toString('hex');
      spans.set(id, (spans.get(id) ?? 0) + 1);
    }
  }
  return spans;
}

test('protobuf and JSON requests: spans per trace ID equal the batch the generator made', () => {
  const generator = createGenerator('traces', { ...DEFAULT_TRACE_SHAPE, spansPerTrace: 7 }, ctx);
  for (let b = 0; b < 5; b++) {
    // 50 spans of 7-span traces: traces cut at both ends of most batches.
    const batch = generator.next(50, ctx.startTimeUnixUs + b * 1000);
    const expected = spansByTraceOf(batch);
    assert.ok(expected.size >= 7, 'several traces in a batch');
    assert.deepEqual(spansByTraceInRequest('otlp-proto', otlpProtoTraces.encode(batch).slice()), expected);
    assert.deepEqual(spansByTraceInRequest('otlp-json', otlpJsonTraces.encode(batch).slice()), expected);
  }
});

test('a format that holds no OTLP spans is refused', () => {
  assert.throws(
    () => spansByTraceInRequest('prom-remote-write', new Uint8Array(0)),
    /not an OTLP traces format/,
  );
});
