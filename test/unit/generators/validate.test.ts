import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import {
  createGenerator,
  createLogGenerator,
  createMetricGenerator,
  createTraceGenerator,
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
  type GeneratorContext,
} from '../../../src/generators/index.js';

const ctx: GeneratorContext = { seed: 1, workerIndex: 0, workerCount: 1, startTimeUnixUs: 1.7e15 };

function rejects(build: () => unknown, field: string): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof ObsbenchError, 'not an ObsbenchError');
    assert.equal(error.code, 'E_SCENARIO_INVALID');
    assert.ok(error.message.includes(field), `message does not name ${field}: ${error.message}`);
    return true;
  });
}

describe('generator input validation', () => {
  test('trace shapes: ranges and the depth rule', () => {
    rejects(() => createTraceGenerator({ ...DEFAULT_TRACE_SHAPE, services: 0 }, ctx), 'shape.services');
    rejects(() => createTraceGenerator({ ...DEFAULT_TRACE_SHAPE, errorRate: 1.5 }, ctx), 'shape.errorRate');
    rejects(() => createTraceGenerator({ ...DEFAULT_TRACE_SHAPE, maxDepth: 1 }, ctx), 'shape.maxDepth');
    const single = createTraceGenerator({ ...DEFAULT_TRACE_SHAPE, spansPerTrace: 1, maxDepth: 1 }, ctx);
    assert.equal(single.next(3, 1.7e15).itemCount, 3);
  });

  test('metric shapes: series per worker, shares, labels needed to tell series apart', () => {
    rejects(
      () => createMetricGenerator({ ...DEFAULT_METRIC_SHAPE, series: 2 }, { ...ctx, workerCount: 3 }),
      'shape.series',
    );
    rejects(
      () =>
        createMetricGenerator(
          { ...DEFAULT_METRIC_SHAPE, kinds: { gauge: 0, sum: 0, histogram: 0, exponential_histogram: 0 } },
          ctx,
        ),
      'shape.kinds',
    );
    rejects(
      () => createMetricGenerator({ ...DEFAULT_METRIC_SHAPE, labelsPerSeries: 0 }, ctx),
      'shape.labelsPerSeries',
    );
    const unlabelled = createMetricGenerator(
      { ...DEFAULT_METRIC_SHAPE, labelsPerSeries: 0, series: 100, metricNames: 10, resources: 10 },
      ctx,
    );
    assert.equal(unlabelled.next(100, 1.7e15).itemCount, 100);
  });

  test('log shapes and contexts', () => {
    rejects(
      () => createLogGenerator({ ...DEFAULT_LOG_SHAPE, streams: 1 }, { ...ctx, workerCount: 2 }),
      'shape.streams',
    );
    rejects(
      () =>
        createLogGenerator(
          { ...DEFAULT_LOG_SHAPE, formats: { json: 0, logfmt: 0, apache: 0, syslog: 0 } },
          ctx,
        ),
      'shape.formats',
    );
    rejects(
      () => createLogGenerator(DEFAULT_LOG_SHAPE, { ...ctx, workerIndex: 2, workerCount: 2 }),
      'workerIndex',
    );
    rejects(() => createLogGenerator(DEFAULT_LOG_SHAPE, { ...ctx, seed: Number.NaN }), 'seed');
  });

  test('createGenerator dispatches on the signal', () => {
    assert.equal(createGenerator('traces', DEFAULT_TRACE_SHAPE, ctx).signal, 'traces');
    assert.equal(createGenerator('metrics', DEFAULT_METRIC_SHAPE, ctx).signal, 'metrics');
    const logs = createGenerator('logs', DEFAULT_LOG_SHAPE, ctx);
    assert.equal(logs.signal, 'logs');
    logs.next(10, 1.7e15);
    assert.equal(logs.itemsGenerated, 10);
  });
});
