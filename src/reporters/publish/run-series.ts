// One run as Prometheus series: a sample per figure that has a value (src/model/figures.ts), in
// the published metric's base unit, stamped with the run's end time. Everything comes from the
// result, so the same result always gives the same series, values and timestamps.

import { ObsbenchError } from '../../errors.js';
import { figuresOf } from '../../model/figures.js';
import type { RunResult } from '../../model/run-result.js';
import { type Labels, QUERY_LABEL, runLabels } from './labels.js';
import { publishedMetricOf } from './metric-names.js';

export interface PublishedSeries {
  /** [name, value] pairs sorted by name, `__name__` included, as remote write wants them. */
  labels: [string, string][];
  value: number;
  timestampMs: number;
}

/** The series of one run: built-in labels, then the user's (which never share a name with them). */
export function runSeries(result: RunResult, userLabels: Labels): PublishedSeries[] {
  const timestampMs = runEndMs(result);
  const common = { ...runLabels(result), ...userLabels };
  const out: PublishedSeries[] = [];
  for (const figure of figuresOf(result)) {
    if (figure.value === null) continue;
    const { metric, query } = publishedMetricOf(figure.id);
    const labels: Labels = { ...common, __name__: metric.name };
    if (query !== null) labels[QUERY_LABEL] = query;
    out.push({
      labels: Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      value: figure.value / metric.divisor,
      timestampMs,
    });
  }
  return out;
}

/** The run's end time in ms since the epoch; a result without a readable one is refused. */
function runEndMs(result: RunResult): number {
  const ms = Date.parse(result.endedAt);
  if (!Number.isFinite(ms)) {
    throw new ObsbenchError(
      'E_COMPARE_INPUT',
      `result of ${result.scenario.name}: endedAt ${JSON.stringify(result.endedAt)} is not an ISO time; rerun the scenario or fix the file`,
    );
  }
  return ms;
}

/** How messages name a run: its scenario and end time. */
export function runName(result: RunResult): string {
  return `${result.scenario.name} (ended ${result.endedAt})`;
}
