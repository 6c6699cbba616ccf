// Scenario thresholds (`expect:`) checked against a RunResult: the metric names a scenario may
// use, how each maps to the result, and the verdicts (pass / fail / inconclusive, with reasons).

import type { RunResult, Verdict } from '../model/run-result.js';
import type { Threshold, ThresholdOp } from '../model/scenario.js';

/** Every metric name a threshold may use (the scenario validator checks against this list). */
export const THRESHOLD_METRICS = [
  'p50LatencyMs',
  'p90LatencyMs',
  'p99LatencyMs',
  'p999LatencyMs',
  'maxLatencyMs',
  'p99ServiceTimeMs',
  'achievedRatePerS',
  'targetRatePerS',
  'acceptedRatePerS',
  'itemsSent',
  'itemsAccepted',
  'itemsRefused',
  'itemsFailed',
  'itemsLost',
  'droppedSchedules',
  'errorRate',
  'retries',
  'compressionRatio',
  'bytesPerItem',
  'backendCoresAvg',
  'backendRssMaxBytes',
  'backendRssAvgBytes',
  'cpuSecondsPerMillionItems',
  'freshnessMs',
  'downstreamP99LatencyMs',
] as const;

type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

// A latency figure from an empty histogram is 0, which would pass any `<` threshold; null makes
// such a verdict inconclusive instead.
const latency = (summary: { count: number }, value: number): number | null =>
  summary.count > 0 ? value : null;
const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

const EXTRACTORS: { readonly [M in ThresholdMetric]: (r: RunResult) => number | null } = {
  p50LatencyMs: (r) => latency(r.latencyMs, r.latencyMs.p50),
  p90LatencyMs: (r) => latency(r.latencyMs, r.latencyMs.p90),
  p99LatencyMs: (r) => latency(r.latencyMs, r.latencyMs.p99),
  p999LatencyMs: (r) => latency(r.latencyMs, r.latencyMs.p999),
  maxLatencyMs: (r) => latency(r.latencyMs, r.latencyMs.max),
  p99ServiceTimeMs: (r) => latency(r.serviceTimeMs, r.serviceTimeMs.p99),
  achievedRatePerS: (r) => r.load.achievedRatePerS,
  targetRatePerS: (r) => r.load.targetRatePerS,
  acceptedRatePerS: (r) => ratio(r.load.itemsAccepted, r.load.durationS),
  itemsSent: (r) => r.load.itemsSent,
  itemsAccepted: (r) => r.load.itemsAccepted,
  itemsRefused: (r) => r.load.itemsRefused,
  itemsFailed: (r) => r.load.itemsFailed,
  itemsLost: (r) => r.load.itemsLost,
  droppedSchedules: (r) => r.load.droppedSchedules,
  errorRate: (r) => ratio(r.load.requestsFailed, r.load.requests),
  retries: (r) => r.load.retries,
  compressionRatio: (r) => r.backend.compressionRatio,
  bytesPerItem: (r) => r.backend.bytesPerItem,
  backendCoresAvg: (r) => r.backend.coresAvg,
  backendRssMaxBytes: (r) => r.backend.rssMaxBytes,
  backendRssAvgBytes: (r) => r.backend.rssAvgBytes,
  cpuSecondsPerMillionItems: (r) => r.backend.cpuSecondsPerMillionItems,
  freshnessMs: (r) => r.read.freshnessMs,
  downstreamP99LatencyMs: (r) =>
    r.downstream?.latencyMs ? latency(r.downstream.latencyMs, r.downstream.latencyMs.p99) : null,
};

function isThresholdMetric(name: string): name is ThresholdMetric {
  return Object.hasOwn(EXTRACTORS, name);
}

/** The result's value for a metric name; null when the run did not measure it (or the name is unknown). */
export function resultMetric(result: RunResult, name: string): number | null {
  if (!isThresholdMetric(name)) return null;
  const value = EXTRACTORS[name](result);
  return value === null || Number.isNaN(value) ? null : value;
}

// `==` on measured figures: equal up to float noise (a ratio computed two ways), not bit-exact.
function compare(measured: number, op: ThresholdOp, limit: number): boolean {
  switch (op) {
    case '<':
      return measured < limit;
    case '<=':
      return measured <= limit;
    case '>':
      return measured > limit;
    case '>=':
      return measured >= limit;
    case '==':
      return Math.abs(measured - limit) <= 1e-9 * Math.max(1, Math.abs(measured), Math.abs(limit));
  }
}

/** Up to 4 significant digits, no exponent for everyday magnitudes: 12.3, 0.0123, 1234568. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

function rightSide(threshold: Threshold): string {
  return threshold.refMetric === undefined
    ? formatFigure(threshold.value)
    : `${formatFigure(threshold.value)} * ${threshold.refMetric}`;
}

function evaluateThreshold(result: RunResult, threshold: Threshold): Verdict {
  const { metric, op, refMetric } = threshold;
  const statement =
    threshold.source.trim() !== '' ? threshold.source.trim() : `${metric} ${op} ${rightSide(threshold)}`;
  const verdict = (measured: number | null, state: Verdict['state'], reason: string): Verdict => ({
    id: `threshold:${statement.replace(/\s+/g, '')}`,
    kind: 'threshold',
    statement,
    measured,
    state,
    reason,
  });

  if (!isThresholdMetric(metric)) {
    return verdict(
      null,
      'inconclusive',
      `unknown metric '${metric}'; known: ${THRESHOLD_METRICS.join(', ')}`,
    );
  }
  const measured = resultMetric(result, metric);
  if (measured === null) {
    return verdict(
      null,
      'inconclusive',
      `${metric} was not measured in this run (${notMeasuredWhy(result, metric)})`,
    );
  }
  let limit = threshold.value;
  let limitText = formatFigure(limit);
  if (refMetric !== undefined) {
    if (!isThresholdMetric(refMetric)) {
      return verdict(measured, 'inconclusive', `unknown reference metric '${refMetric}'`);
    }
    const reference = resultMetric(result, refMetric);
    if (reference === null) {
      return verdict(
        measured,
        'inconclusive',
        `reference ${refMetric} was not measured in this run (${notMeasuredWhy(result, refMetric)})`,
      );
    }
    limit = threshold.value * reference;
    limitText = `${formatFigure(threshold.value)} * ${refMetric} (= ${formatFigure(limit)})`;
  }
  const passed = compare(measured, op, limit);
  const reason = passed
    ? `${metric} = ${formatFigure(measured)} ${op} ${limitText}`
    : `${metric} = ${formatFigure(measured)}, not ${op} ${limitText}`;
  return verdict(measured, passed ? 'pass' : 'fail', reason);
}

export function evaluateThresholds(result: RunResult, thresholds: readonly Threshold[]): Verdict[] {
  return thresholds.map((threshold) => evaluateThreshold(result, threshold));
}

function notMeasuredWhy(result: RunResult, metric: ThresholdMetric): string {
  switch (metric) {
    case 'p50LatencyMs':
    case 'p90LatencyMs':
    case 'p99LatencyMs':
    case 'p999LatencyMs':
    case 'maxLatencyMs':
    case 'p99ServiceTimeMs':
      return 'no request completed';
    case 'errorRate':
      return 'no requests were sent';
    case 'acceptedRatePerS':
      return 'the measured phase had no duration';
    default:
      return `the ${result.backend.name || 'backend'} probe did not report it`;
  }
}
