// Metrics through xk6-client-prometheus-remote (remote write 1.0): each iteration writes
// batchSize series with client.storeFromTemplates, iteration i taking series ids
// [i * batchSize mod series, + batchSize). Every label is a template of the id modulo a divisor
// of the series count, so id and id + series are the same series and exactly `series` distinct
// series are written. OTLP metric scenarios are exported as remote write too (no OTLP-metrics
// extension is in scope), and the header says so.

import type { MetricShape } from '../model/shapes.js';
import { type JsObject, jsCall, jsCode, jsStatement } from './js-value.js';
import { formatCount, type K6SignalInput, type K6SignalScript } from './k6-signal.js';

const EXTENSION = {
  name: 'xk6-client-prometheus-remote',
  module: 'github.com/grafana/xk6-client-prometheus-remote@v0.4.0',
  importLine: "import remote from 'k6/x/remotewrite';",
};

const REMOTE_WRITE_PATH = '/api/v1/write';
/** Values the extra labels take (a divisor of the series count at most this). */
const EXTRA_LABEL_VALUES = 10;
const SAMPLE_MIN = 0;
const SAMPLE_MAX = 100;

/** The largest divisor of n not above limit (at least 1): a label cycling with it repeats every n ids. */
export function divisorAtMost(n: number, limit: number): number {
  for (let d = Math.max(1, Math.min(n, Math.floor(limit))); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

interface LabelPlan {
  names: number;
  resources: number;
  extraValues: number;
  extraLabels: number;
}

function labelPlan(shape: MetricShape): LabelPlan {
  return {
    names: divisorAtMost(shape.series, shape.metricNames),
    resources: divisorAtMost(shape.series, shape.resources),
    extraValues: divisorAtMost(shape.series, EXTRA_LABEL_VALUES),
    // `series` is one of the labelsPerSeries.
    extraLabels: Math.max(0, shape.labelsPerSeries - 1),
  };
}

function labels(shape: MetricShape, plan: LabelPlan): JsObject {
  const out: Record<string, ReturnType<typeof jsCode>> = {
    __name__: jsCode(`\`obsbench_metric_\${seriesId(${plan.names})}\``),
    instance: jsCode(`\`resource-\${seriesId(${plan.resources})}\``),
    series: jsCode(`seriesId(${shape.series})`),
  };
  for (let k = 1; k <= plan.extraLabels; k++)
    out[`label_${k}`] = jsCode(`\`value-\${seriesId(${plan.extraValues})}\``);
  return out;
}

function approximations(input: K6SignalInput, plan: LabelPlan): string[] {
  const { scenario } = input;
  const shape = scenario.shape as MetricShape;
  const lines: string[] = [];
  if (scenario.protocol !== 'prometheus-remote-write')
    lines.push(
      `Protocol differs: the scenario sends OTLP metrics (${scenario.protocol}); no OTLP-metrics k6 ` +
        `extension is in scope, so this script writes the same series by Prometheus remote write to ` +
        `ENDPOINT + ${REMOTE_WRITE_PATH}.`,
    );
  lines.push(
    `Series: ${formatCount(shape.series)}; iteration i writes ids [i x ${scenario.load.batchSize} mod ` +
      `${formatCount(shape.series)}, + ${scenario.load.batchSize}), one sample each at the iteration's time. ` +
      `Labels: __name__ (${plan.names} names), instance (${plan.resources} resources), series (one a series)` +
      (plan.extraLabels > 0 ? `, and ${plan.extraLabels} more of ${plan.extraValues} values each.` : '.'),
  );
  if (plan.names !== shape.metricNames || plan.resources !== shape.resources)
    lines.push(
      `Label counts divide the series count so ids wrap onto the same series: metricNames ` +
        `${shape.metricNames} -> ${plan.names}, resources ${shape.resources} -> ${plan.resources}.`,
    );
  lines.push(
    `Kinds: every series is a plain sample with a random value in [${SAMPLE_MIN}, ${SAMPLE_MAX}); the ` +
      `shape's kinds (gauge, sum, histogram, exponential histogram) and histogram buckets are not kept.`,
  );
  if (scenario.load.batchSize > shape.series)
    lines.push('A batch is larger than the series count, so a request carries some series more than once.');
  return lines;
}

export function k6Metrics(input: K6SignalInput): K6SignalScript {
  const { scenario } = input;
  const shape = scenario.shape as MetricShape;
  const plan = labelPlan(shape);
  const headers = { ...scenario.target.headers };
  const tenantHeader = Object.keys(headers).find((name) => name.toLowerCase() === 'x-scope-orgid');
  const tenant = tenantHeader === undefined ? undefined : headers[tenantHeader];
  if (tenantHeader !== undefined) delete headers[tenantHeader];
  const client = jsStatement(
    'const client = ',
    jsCall('new remote.Client', {
      url: jsCode(`\`\${${input.endpoint}}${REMOTE_WRITE_PATH}\``),
      timeout: `${scenario.load.requestTimeoutMs / 1000}s`,
      tenant_name: tenant,
      headers: Object.keys(headers).length > 0 ? headers : undefined,
    }),
    ';',
  );
  const body = [
    client,
    '',
    // The script's own template syntax, written as text (not interpolated here).
    `// The extension writes \${series_id%N} in a label value as the series id modulo N.`,
    '/** @param {number} modulus */',
    `const seriesId = (modulus) => \`\\\${series_id%\${modulus}}\`;`,
    '',
    jsStatement('const LABELS = ', labels(shape, plan), ';'),
    '',
    'export default function () {',
    '  const first = (exec.scenario.iterationInTest * BATCH_SIZE) % SERIES;',
    `  client.storeFromTemplates(${SAMPLE_MIN}, ${SAMPLE_MAX}, Date.now(), first, first + BATCH_SIZE, LABELS);`,
    '}',
  ].join('\n');
  const notExported: string[] = [];
  if (shape.churnRate > 0)
    notExported.push(
      `churn (${shape.churnRate} of the series replaced every ${shape.churnIntervalS} s): the same series are written throughout`,
    );
  return {
    extension: EXTENSION,
    unit: 'samples',
    httpMetrics: true,
    imports: ["import exec from 'k6/execution';"],
    constants: [`const SERIES = ${shape.series};`],
    body,
    approximations: approximations(input, plan),
    notExported,
  };
}
