// `expect:` entries: "<metric> <op> <number>" or "<metric> <op> <number> * <metric>", checked
// against the metric names a RunResult provides, so a typo fails at load time, not after a run.

import { ObsbenchError } from '../errors.js';
import type { Threshold, ThresholdOp } from '../model/scenario.js';
import { THRESHOLD_METRICS } from '../result/thresholds.js';
import { closestMatch } from './suggest.js';

// The names live with their evaluation (src/result/thresholds.ts), so the two cannot drift apart.
export { THRESHOLD_METRICS } from '../result/thresholds.js';

export const THRESHOLD_HELP =
  'must look like "<metric> <op> <number>" or "<metric> <op> <number> * <metric>" with op one of <, <=, >, >=, ==, e.g. "p99LatencyMs < 50" or "achievedRatePerS >= 0.99 * targetRatePerS"';

const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const NUMBER = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
const OP = '(<=|>=|==|<|>)';
/** metric op number [* metric] | metric op metric (factor 1). */
const WITH_NUMBER_RE = new RegExp(`^\\s*${NAME}\\s*${OP}\\s*${NUMBER}(?:\\s*\\*\\s*${NAME})?\\s*$`);
const WITH_METRIC_RE = new RegExp(`^\\s*${NAME}\\s*${OP}\\s*${NAME}\\s*$`);

const KNOWN = new Set<string>(THRESHOLD_METRICS);

/** The Threshold, or a message saying what is wrong with `text` (for the schema to report). */
export function tryParseThreshold(text: string): Threshold | string {
  let metric: string;
  let op: string;
  let value = 1;
  let refMetric: string | undefined;
  const withNumber = WITH_NUMBER_RE.exec(text);
  const withMetric = withNumber ? null : WITH_METRIC_RE.exec(text);
  if (withNumber) {
    [, metric, op] = withNumber;
    value = Number(withNumber[3]);
    refMetric = withNumber[4];
  } else if (withMetric) {
    [, metric, op, refMetric] = withMetric;
  } else {
    return /(^|[^<>=!])=($|[^=])/.test(text) ? `${THRESHOLD_HELP} (use == for equality)` : THRESHOLD_HELP;
  }
  if (!Number.isFinite(value)) return `${withNumber?.[3]} is not a finite number; ${THRESHOLD_HELP}`;
  for (const name of refMetric === undefined ? [metric] : [metric, refMetric]) {
    if (!KNOWN.has(name)) return unknownMetricMessage(name);
  }
  const threshold: Threshold = { source: text.trim(), metric, op: op as ThresholdOp, value };
  if (refMetric !== undefined) threshold.refMetric = refMetric;
  return threshold;
}

function unknownMetricMessage(name: string): string {
  const suggestion = closestMatch(name, THRESHOLD_METRICS);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown metric "${name}"${hint}; known metrics: ${THRESHOLD_METRICS.join(', ')}`;
}

/** Parse one threshold or throw a one-line E_SCENARIO_INVALID naming `fieldPath`. */
export function parseThreshold(text: string, fieldPath: string): Threshold {
  const parsed = tryParseThreshold(text);
  if (typeof parsed === 'string') {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${fieldPath}: ${JSON.stringify(text)} is not allowed: ${parsed}`,
    );
  }
  return parsed;
}
