// Which metric names (by kind) and which series a metrics run generated, recovered from the
// scenario's shape and seed by running the same seeded generator once over every series. Read
// queries name these so VictoriaMetrics and Prometheus answer the very same PromQL.

import { createMetricGenerator } from '../../generators/index.js';
import {
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  type MetricType,
  VALUE_STRING,
} from '../../model/index.js';
import type { MetricShape } from '../../model/shapes.js';

export interface SeriesRef {
  name: string;
  /** The data point's own attributes (resource attributes are mapped differently per backend and protocol). */
  labels: Record<string, string>;
}

export interface GeneratedMetrics {
  /** First series of each metric name, per kind, names sorted. */
  gauges: SeriesRef[];
  sums: SeriesRef[];
  histograms: SeriesRef[];
  exponentialHistograms: SeriesRef[];
}

/** Cap on points generated to find the names: the walk visits every name within its first `series` points. */
const MAX_POINTS = 200_000;

export function generatedMetrics(shape: MetricShape, seed: number): GeneratedMetrics {
  // Labels do not depend on the worker, so one worker owning every series sees them all.
  const generator = createMetricGenerator(shape, {
    seed,
    workerIndex: 0,
    workerCount: 1,
    startTimeUnixUs: 0,
  });
  const firstByName = new Map<string, { type: MetricType; ref: SeriesRef }>();
  const batch = generator.next(Math.min(shape.series, MAX_POINTS), 1_000_000);
  for (let r = 0; r < batch.resourceCount; r++) {
    const resource = batch.resources[r];
    for (let m = 0; m < resource.metricCount; m++) {
      const metric = resource.metrics[m];
      if (firstByName.has(metric.name) || metric.pointCount === 0) continue;
      const attributes = metric.points[0].attributes;
      const labels: Record<string, string> = {};
      for (let i = 0; i < attributes.count; i++) {
        labels[attributes.keys[i]] =
          attributes.types[i] === VALUE_STRING ? attributes.strings[i] : String(attributes.numbers[i]);
      }
      firstByName.set(metric.name, { type: metric.type, ref: { name: metric.name, labels } });
    }
  }
  const out: GeneratedMetrics = { gauges: [], sums: [], histograms: [], exponentialHistograms: [] };
  for (const name of [...firstByName.keys()].sort()) {
    const { type, ref } = firstByName.get(name)!;
    if (type === METRIC_GAUGE) out.gauges.push(ref);
    else if (type === METRIC_SUM) out.sums.push(ref);
    else if (type === METRIC_HISTOGRAM) out.histograms.push(ref);
    else if (type === METRIC_EXP_HISTOGRAM) out.exponentialHistograms.push(ref);
  }
  return out;
}
