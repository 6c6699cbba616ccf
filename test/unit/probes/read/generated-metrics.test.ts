import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetricGenerator } from '../../../../src/generators/index.js';
import { METRIC_GAUGE, METRIC_HISTOGRAM, METRIC_SUM } from '../../../../src/model/index.js';
import { DEFAULT_METRIC_SHAPE } from '../../../../src/model/shapes.js';
import { generatedMetrics } from '../../../../src/probes/read/generated-metrics.js';

const shape = { ...DEFAULT_METRIC_SHAPE, series: 400, metricNames: 20, resources: 4 };

test('generatedMetrics lists every metric name of a run once, under its kind', () => {
  const metrics = generatedMetrics(shape, 7);
  const all = [...metrics.gauges, ...metrics.sums, ...metrics.histograms, ...metrics.exponentialHistograms];
  assert.equal(new Set(all.map((s) => s.name)).size, 20);
  assert.equal(all.length, 20);
  // Compare with what a two-worker run actually emits.
  const seen = new Map<string, number>();
  for (let w = 0; w < 2; w++) {
    const batch = createMetricGenerator(shape, {
      seed: 7,
      workerIndex: w,
      workerCount: 2,
      startTimeUnixUs: 5e15,
    }).next(400, 5e15);
    for (let r = 0; r < batch.resourceCount; r++) {
      for (let m = 0; m < batch.resources[r].metricCount; m++) {
        const metric = batch.resources[r].metrics[m];
        seen.set(metric.name, metric.type);
      }
    }
  }
  for (const s of metrics.gauges) assert.equal(seen.get(s.name), METRIC_GAUGE);
  for (const s of metrics.sums) assert.equal(seen.get(s.name), METRIC_SUM);
  for (const s of metrics.histograms) assert.equal(seen.get(s.name), METRIC_HISTOGRAM);
  assert.equal(seen.size, 20);
});

test('generatedMetrics is deterministic and its series carry the point labels', () => {
  const a = generatedMetrics(shape, 7);
  assert.deepEqual(generatedMetrics(shape, 7), a);
  assert.notDeepEqual(generatedMetrics(shape, 8), a);
  assert.equal(Object.keys(a.gauges[0].labels).length, shape.labelsPerSeries);
  assert.deepEqual(
    a.gauges.map((s) => s.name),
    [...a.gauges.map((s) => s.name)].sort(),
  );
});
