import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  createMetricGenerator,
  DEFAULT_METRIC_SHAPE,
  type GeneratorContext,
  type MetricShape,
} from '../../../src/generators/index.js';
import {
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  type MetricBatch,
} from '../../../src/model/index.js';
import { metricSnapshot, type PlainPoint } from './snapshot.js';

const START_US = 1_700_000_000_000_000;
const ctx = (overrides: Partial<GeneratorContext> = {}): GeneratorContext => ({
  seed: 11,
  workerIndex: 0,
  workerCount: 1,
  startTimeUnixUs: START_US,
  runNonce: 5,
  ...overrides,
});
const SMALL: MetricShape = { ...DEFAULT_METRIC_SHAPE, series: 600, metricNames: 12, resources: 5 };

describe('metric generator', () => {
  test('same shape, context and calls give identical batches', () => {
    const run = (seed: number) => {
      const generator = createMetricGenerator(SMALL, ctx({ seed }));
      return [250, 1000, 7, 600].map((n, i) => metricSnapshot(generator.next(n, START_US + i * 15_000_000)));
    };
    assert.deepEqual(run(3), run(3));
    assert.notDeepEqual(run(3), run(4));
  });

  test('honours itemCount and groups points by resource, then metric', () => {
    const generator = createMetricGenerator(SMALL, ctx());
    for (const n of [1, 50, 600, 1700, 3]) {
      const batch = generator.next(n, START_US);
      assert.equal(batch.itemCount, n);
      let sum = 0;
      const resources = new Set<unknown>();
      for (let r = 0; r < batch.resourceCount; r++) {
        const resource = batch.resources[r];
        assert.ok(!resources.has(resource), 'resource repeated in a batch');
        resources.add(resource);
        const names = new Set<string>();
        for (let m = 0; m < resource.metricCount; m++) {
          const metric = resource.metrics[m];
          assert.ok(!names.has(metric.name), `metric ${metric.name} repeated under one resource`);
          names.add(metric.name);
          assert.ok(metric.pointCount > 0, 'empty metric');
          sum += metric.pointCount;
        }
      }
      assert.equal(sum, n);
      assert.ok(batch.resourceCount <= SMALL.resources, 'more resources than the shape has');
    }
  });

  test('per-series timestamps strictly increase in whole ms, even when now stands still or goes back', () => {
    const generator = createMetricGenerator(SMALL, ctx());
    const last = new Map<string, number>();
    const nows = [
      START_US,
      START_US,
      START_US - 5_000_000,
      START_US + 1234,
      START_US + 1234,
      START_US - 60_000_000,
    ];
    let points = 0;
    for (let b = 0; b < 60; b++) {
      for (const p of metricSnapshot(generator.next(437, nows[b % nows.length]))) {
        assert.equal(p.timeUnixUs % 1000, 0, 'timestamp not in whole milliseconds');
        const previous = last.get(p.seriesKey);
        if (previous !== undefined)
          assert.ok(p.timeUnixUs > previous, `series went back: ${previous} -> ${p.timeUnixUs}`);
        last.set(p.seriesKey, p.timeUnixUs);
        points++;
      }
    }
    assert.equal(points, 60 * 437);
    assert.equal(last.size, SMALL.series);
  });

  test('timestamps follow now (rounded down to ms) when now moves ahead', () => {
    const generator = createMetricGenerator(SMALL, ctx());
    generator.next(600, START_US);
    const later = START_US + 30_000_123;
    for (const p of metricSnapshot(generator.next(600, later))) assert.equal(p.timeUnixUs, later - 123);
  });

  test('workers own disjoint series that together make up the shape', () => {
    const workers = 3;
    const owned: Set<string>[] = [];
    for (let w = 0; w < workers; w++) {
      const generator = createMetricGenerator(SMALL, ctx({ workerIndex: w, workerCount: workers }));
      const keys = new Set<string>();
      for (const p of metricSnapshot(generator.next(SMALL.series, START_US))) keys.add(p.seriesKey);
      owned.push(keys);
    }
    const all = new Set<string>();
    for (const keys of owned) {
      assert.equal(keys.size, SMALL.series / workers);
      for (const key of keys) {
        assert.ok(!all.has(key), `series owned by two workers: ${key}`);
        all.add(key);
      }
    }
    assert.equal(all.size, SMALL.series);
  });

  test('kinds follow the shares over metric names; counters are monotonic ints; histograms are consistent', () => {
    const shape: MetricShape = { ...DEFAULT_METRIC_SHAPE, series: 2000, metricNames: 40, resources: 4 };
    const generator = createMetricGenerator(shape, ctx());
    const names = new Map<string, number>();
    const lastValue = new Map<string, PlainPoint>();
    for (let b = 0; b < 10; b++) {
      for (const p of metricSnapshot(generator.next(2000, START_US + b * 10_000_000))) {
        names.set(p.metric, p.type);
        const previous = lastValue.get(p.seriesKey);
        if (p.type === METRIC_SUM) {
          assert.ok(p.isInt && Number.isInteger(p.value), 'counter must be an int');
          if (previous) assert.ok(p.value >= previous.value, 'counter decreased');
          assert.ok(p.startTimeUnixUs > 0 && p.startTimeUnixUs <= p.timeUnixUs, 'counter start time');
        } else if (p.type === METRIC_HISTOGRAM) {
          assert.equal(p.bucketCounts.length, shape.histogramBuckets);
          assert.equal(p.bounds.length, shape.histogramBuckets - 1);
          for (let i = 1; i < p.bounds.length; i++)
            assert.ok(p.bounds[i] > p.bounds[i - 1], 'bounds must increase');
          assert.equal(
            p.bucketCounts.reduce((a, c) => a + c, 0),
            p.count,
            'sum of buckets != count',
          );
          if (previous) assert.ok(p.count >= previous.count, 'cumulative count decreased');
          if (p.count > 0)
            assert.ok(p.min <= p.sum / p.count && p.sum / p.count <= p.max, 'mean outside min..max');
        } else if (p.type === METRIC_EXP_HISTOGRAM) {
          assert.ok(p.positiveBucketCounts.length > 0, 'no positive buckets');
          assert.equal(
            p.zeroCount + p.positiveBucketCounts.reduce((a, c) => a + c, 0),
            p.count,
            'zeroCount + buckets != count',
          );
          if (previous) assert.ok(p.count >= previous.count, 'cumulative count decreased');
        } else {
          assert.equal(p.type, METRIC_GAUGE);
          assert.ok(Number.isFinite(p.value) && p.value >= 0, 'gauge value');
        }
        lastValue.set(p.seriesKey, p);
      }
    }
    const counts = [0, 0, 0, 0];
    for (const type of names.values()) counts[type - 1]++;
    // 40 names at 0.4 / 0.4 / 0.15 / 0.05 apportion exactly.
    assert.deepEqual(counts, [16, 16, 6, 2]);
    const gauges = [...lastValue.values()].filter((p) => p.type === METRIC_GAUGE).map((p) => p.value);
    assert.ok(new Set(gauges).size > gauges.length * 0.95, 'gauge values should be noisy, not repeated');
  });

  test('churn replaces churnRate of the series with new identities every churnIntervalS of generated time', () => {
    const shape: MetricShape = { ...SMALL, series: 1000, churnRate: 0.2, churnIntervalS: 60 };
    const generator = createMetricGenerator(shape, ctx());
    const identities = (batch: MetricBatch) => new Set(metricSnapshot(batch).map((p) => p.seriesKey));
    const first = identities(generator.next(1000, START_US));
    const sameInterval = identities(generator.next(1000, START_US + 30_000_000));
    assert.deepEqual([...sameInterval].sort(), [...first].sort());
    const afterOne = identities(generator.next(1000, START_US + 61_000_000));
    assert.equal(afterOne.size, 1000);
    const replaced = [...afterOne].filter((key) => !first.has(key)).length;
    assert.equal(replaced, 200);
    // A churned series keeps its metric and resource; only label values change.
    const afterThree = identities(generator.next(1000, START_US + 185_000_000));
    const seen = new Set([...first, ...afterOne]);
    const fresh = [...afterThree].filter((key) => !seen.has(key)).length;
    // Two more intervals passed (t = 121 s and 181 s): up to 400 new, fewer if a series churns twice.
    assert.ok(fresh > 300 && fresh <= 400, `${fresh} new series after two more intervals`);
  });

  test('churn is driven by generated time, so it happens even when now stands still', () => {
    const shape: MetricShape = { ...SMALL, series: 100, churnRate: 0.5, churnIntervalS: 1 };
    const generator = createMetricGenerator(shape, ctx());
    const first = new Set(metricSnapshot(generator.next(100, START_US)).map((p) => p.seriesKey));
    // Each pass over the series advances their time by 1 ms; 1100 passes > 1 s.
    for (let b = 0; b < 1100; b++) generator.next(100, START_US);
    const later = new Set(metricSnapshot(generator.next(100, START_US)).map((p) => p.seriesKey));
    assert.ok(
      [...later].some((key) => !first.has(key)),
      'no churn after 1 s of generated time',
    );
  });

  test('label values are diverse and identities distinct; batch text compresses plausibly', () => {
    const generator = createMetricGenerator(DEFAULT_METRIC_SHAPE, ctx());
    const points = metricSnapshot(generator.next(DEFAULT_METRIC_SHAPE.series, START_US));
    assert.equal(new Set(points.map((p) => p.seriesKey)).size, DEFAULT_METRIC_SHAPE.series);
    assert.ok(new Set(points.map((p) => p.metric)).size === DEFAULT_METRIC_SHAPE.metricNames, 'metric names');
    for (const p of points) assert.equal(Object.keys(p.labels).length, DEFAULT_METRIC_SHAPE.labelsPerSeries);
    const text = points
      .map((p) => `${p.metric}${JSON.stringify(p.labels)} ${p.value} ${p.timeUnixUs}`)
      .join('\n');
    const ratio = text.length / gzipSync(text).length;
    assert.ok(ratio > 2 && ratio < 30, `gzip ratio ${ratio.toFixed(1)}`);
  });
});
