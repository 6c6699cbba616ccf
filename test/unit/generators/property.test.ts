// Property tests over random shapes, seeds, worker slices and call sequences: every generator is
// deterministic and keeps its invariants whatever the shape.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  createLogGenerator,
  createMetricGenerator,
  createTraceGenerator,
  type GeneratorContext,
  type LogShape,
  type MetricShape,
  type TraceShape,
} from '../../../src/generators/index.js';
import { METRIC_EXP_HISTOGRAM, METRIC_HISTOGRAM } from '../../../src/model/index.js';
import { logSnapshot, metricSnapshot, type PlainSpan, traceSnapshot } from './snapshot.js';

const START_US = 1_700_000_000_000_000;
const RUNS = Number(process.env.OBSBENCH_PROPERTY_RUNS ?? 25);

const share = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true }));
const context: fc.Arbitrary<GeneratorContext> = fc
  .record({
    seed: fc.integer({ min: -1e9, max: 1e12 }),
    workerCount: fc.integer({ min: 1, max: 4 }),
    workerPick: fc.nat(),
    runNonce: fc.integer({ min: 0, max: 2 ** 40 }),
  })
  .map((c) => ({
    seed: c.seed,
    workerCount: c.workerCount,
    workerIndex: c.workerPick % c.workerCount,
    startTimeUnixUs: START_US,
    runNonce: c.runNonce,
  }));
/** Batch sizes and now offsets (which may stand still or go back). */
const calls = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: -5_000_000, max: 30_000_000 })),
  {
    minLength: 1,
    maxLength: 5,
  },
);

const traceShape: fc.Arbitrary<TraceShape> = fc.record({
  services: fc.integer({ min: 1, max: 15 }),
  operationsPerService: fc.integer({ min: 1, max: 10 }),
  spansPerTrace: fc.integer({ min: 1, max: 30 }),
  maxDepth: fc.integer({ min: 2, max: 8 }),
  errorRate: fc.double({ min: 0, max: 1, noNaN: true }),
  durationMedianMs: fc.double({ min: 0, max: 2000, noNaN: true }),
  durationSigma: fc.double({ min: 0, max: 3, noNaN: true }),
  extraAttributes: fc.integer({ min: 0, max: 6 }),
  extraAttributeCardinality: fc.integer({ min: 1, max: 100_000 }),
  extraAttributeValueLength: fc.integer({ min: 0, max: 40 }),
  eventsPerSpan: fc.double({ min: 0, max: 3, noNaN: true }),
  linkRate: fc.double({ min: 0, max: 1, noNaN: true }),
  resourceAttributes: fc.integer({ min: 0, max: 20 }),
});

const metricShape = (workers: number): fc.Arbitrary<MetricShape> =>
  fc
    .record({
      series: fc.integer({ min: workers, max: 800 }),
      metricNames: fc.integer({ min: 1, max: 30 }),
      labelsPerSeries: fc.integer({ min: 1, max: 6 }),
      kinds: fc.record({ gauge: share, sum: share, histogram: share, exponential_histogram: share }),
      histogramBuckets: fc.integer({ min: 1, max: 30 }),
      churnRate: fc.double({ min: 0, max: 1, noNaN: true }),
      churnIntervalS: fc.double({ min: 0.001, max: 100, noNaN: true }),
      resources: fc.integer({ min: 1, max: 20 }),
    })
    .filter((s) => s.kinds.gauge + s.kinds.sum + s.kinds.histogram + s.kinds.exponential_histogram > 0);

const logShape = (workers: number): fc.Arbitrary<LogShape> =>
  fc
    .record({
      streams: fc.integer({ min: workers, max: 50 }),
      labelsPerStream: fc.integer({ min: 0, max: 12 }),
      lineLengthMedian: fc.integer({ min: 1, max: 2000 }),
      lineLengthSigma: fc.double({ min: 0, max: 2, noNaN: true }),
      formats: fc.record({ json: share, logfmt: share, apache: share, syslog: share }),
      severities: fc.record({ debug: share, info: share, warn: share, error: share }),
      traceCorrelationRate: fc.double({ min: 0, max: 1, noNaN: true }),
      attributesPerRecord: fc.integer({ min: 0, max: 15 }),
    })
    .filter((s) => s.formats.json + s.formats.logfmt + s.formats.apache + s.formats.syslog > 0)
    .filter((s) => s.severities.debug + s.severities.info + s.severities.warn + s.severities.error > 0);

describe('generator properties', () => {
  test('traces: deterministic; itemCount honoured; trees consistent across batches', () => {
    fc.assert(
      fc.property(traceShape, context, calls, (shape, ctx, sequence) => {
        const a = createTraceGenerator(shape, ctx);
        const b = createTraceGenerator(shape, ctx);
        const spans: PlainSpan[] = [];
        for (const [n, offset] of sequence) {
          const first = traceSnapshot(a.next(n, START_US + offset));
          assert.deepEqual(traceSnapshot(b.next(n, START_US + offset)), first);
          assert.equal(first.spans.length, n);
          assert.ok(first.resources.length <= shape.services, 'resources > services');
          spans.push(...first.spans);
        }
        const byId = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
        assert.equal(byId.size, spans.length, 'span ID repeated within a trace');
        for (const span of spans) {
          if (!span.hasParent) continue;
          // Parents are planned and emitted before their children, so they are always present.
          const parent = byId.get(`${span.traceId}/${span.parentSpanId}`);
          assert.ok(parent, 'parent missing');
          assert.ok(
            parent.startTimeUnixUs <= span.startTimeUnixUs && span.endTimeUnixUs <= parent.endTimeUnixUs,
            'nesting',
          );
          let depth = 1;
          for (let at = span; at.hasParent; at = byId.get(`${at.traceId}/${at.parentSpanId}`)!) depth++;
          assert.ok(depth <= shape.maxDepth, 'depth');
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('metrics: deterministic; itemCount honoured; per-series time strictly increases; histograms consistent', () => {
    fc.assert(
      fc.property(
        context.chain((ctx) => fc.tuple(fc.constant(ctx), metricShape(ctx.workerCount))),
        calls,
        ([ctx, shape], sequence) => {
          const a = createMetricGenerator(shape, ctx);
          const b = createMetricGenerator(shape, ctx);
          const last = new Map<string, number>();
          for (const [n, offset] of sequence) {
            const points = metricSnapshot(a.next(n, START_US + offset));
            assert.deepEqual(metricSnapshot(b.next(n, START_US + offset)), points);
            assert.equal(points.length, n);
            for (const p of points) {
              const previous = last.get(p.seriesKey);
              assert.ok(previous === undefined || p.timeUnixUs > previous, 'time went back');
              assert.equal(p.timeUnixUs % 1000, 0);
              last.set(p.seriesKey, p.timeUnixUs);
              if (p.type === METRIC_HISTOGRAM) {
                assert.equal(p.bucketCounts.length, shape.histogramBuckets);
                assert.equal(
                  p.bucketCounts.reduce((x, y) => x + y, 0),
                  p.count,
                );
              } else if (p.type === METRIC_EXP_HISTOGRAM) {
                assert.equal(p.zeroCount + p.positiveBucketCounts.reduce((x, y) => x + y, 0), p.count);
              }
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('logs: deterministic; itemCount honoured; per-stream time strictly increases; JSON lines parse', () => {
    fc.assert(
      fc.property(
        context.chain((ctx) => fc.tuple(fc.constant(ctx), logShape(ctx.workerCount))),
        calls,
        ([ctx, shape], sequence) => {
          const a = createLogGenerator(shape, ctx);
          const b = createLogGenerator(shape, ctx);
          const last = new Map<string, number>();
          for (const [n, offset] of sequence) {
            const records = logSnapshot(a.next(n, START_US + offset));
            assert.deepEqual(logSnapshot(b.next(n, START_US + offset)), records);
            assert.equal(records.length, n);
            for (const r of records) {
              const previous = last.get(r.streamKey);
              assert.ok(previous === undefined || r.timeUnixUs > previous, 'time went back');
              last.set(r.streamKey, r.timeUnixUs);
              assert.ok([5, 9, 13, 17].includes(r.severityNumber), 'severity number');
              assert.equal(Object.keys(r.attributes).length, shape.attributesPerRecord);
              if (r.body.startsWith('{')) JSON.parse(r.body);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
