// The hot path reuses its batch and record objects: pools grow only to the largest batch seen.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createLogGenerator,
  createMetricGenerator,
  createTraceGenerator,
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
  type GeneratorContext,
} from '../../../src/generators/index.js';

const ctx: GeneratorContext = {
  seed: 1,
  workerIndex: 0,
  workerCount: 1,
  startTimeUnixUs: 1.7e15,
  runNonce: 1,
};

test('batches and their records are reused; pools stay bounded', () => {
  const traces = createTraceGenerator(DEFAULT_TRACE_SHAPE, ctx);
  const metrics = createMetricGenerator(DEFAULT_METRIC_SHAPE, ctx);
  const logs = createLogGenerator(DEFAULT_LOG_SHAPE, ctx);
  const first = {
    traces: traces.next(1000, 1.7e15),
    metrics: metrics.next(1000, 1.7e15),
    logs: logs.next(1000, 1.7e15),
  };
  const firstSpan = first.traces.resources[0].spans[0];
  for (let b = 1; b <= 50; b++) {
    assert.equal(traces.next(1000, 1.7e15 + b), first.traces);
    assert.equal(metrics.next(1000, 1.7e15 + b), first.metrics);
    assert.equal(logs.next(1000, 1.7e15 + b), first.logs);
  }
  let spanPool = 0;
  const seenResources = new Set(first.traces.resources);
  for (const resource of seenResources) spanPool += resource.spans.length;
  assert.ok(seenResources.size <= DEFAULT_TRACE_SHAPE.services, 'trace resources are per service');
  // Each service's pool is as large as its busiest batch, so the total stays near the batch size.
  assert.ok(spanPool < 3000, `span pool ${spanPool}`);
  assert.ok(
    first.traces.resources.some((r) => r.spans.includes(firstSpan)),
    'span records replaced',
  );
  let recordPool = 0;
  for (const resource of new Set(first.logs.resources)) recordPool += resource.records.length;
  assert.ok(recordPool < 3000, `log record pool ${recordPool}`);
});
