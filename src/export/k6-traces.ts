// Traces through xk6-client-tracing's TemplatedGenerator: each template is one trace of
// spansPerTrace spans over the scenario's services, its tree kept within maxDepth (parentIdx),
// span durations around the median, and the shape's attributes, events, links and resource
// attributes as the generator's random ones. One traces() call makes one trace, so an iteration
// pushes as many whole traces as batchSize spans make (on average, exactly).

import type { TraceShape } from '../model/shapes.js';
import { expanded, type JsValue, jsCall, jsCode, jsStatement } from './js-value.js';
import { formatCount, type K6SignalInput, type K6SignalScript } from './k6-signal.js';

const EXTENSION = {
  name: 'xk6-client-tracing',
  module: 'github.com/grafana/xk6-client-tracing@v0.0.10',
  importLine: "import tracing from 'k6/x/tracing';",
};

/** Templates (distinct traces) written into a script, and spans over all of them, at most. */
const MAX_TEMPLATES = 16;
const MAX_TEMPLATE_SPANS = 2000;
/** Length of the extension's random attribute values. */
const EXTENSION_VALUE_LENGTH = 30;

/**
 * Each span's parent index: the span before when it is above maxDepth, else its nearest ancestor
 * that is. Only the first span is a root, so a tree of several spans is at least 2 deep.
 */
export function spanParents(spansPerTrace: number, maxDepth: number): number[] {
  const parents = [-1];
  const depths = [1];
  for (let i = 1; i < spansPerTrace; i++) {
    let parent = i - 1;
    while (parent > 0 && depths[parent] >= maxDepth) parent = parents[parent];
    parents.push(parent);
    depths.push(depths[parent] + 1);
  }
  return parents;
}

function templateCount(shape: TraceShape): number {
  const needed = Math.ceil(shape.services / shape.spansPerTrace);
  return Math.max(1, Math.min(MAX_TEMPLATES, needed, Math.floor(MAX_TEMPLATE_SPANS / shape.spansPerTrace)));
}

/** Span durations (ms): the median divided and multiplied by e^sigma. */
function durationRange(shape: TraceShape): { min: number; max: number } {
  const spread = Math.exp(shape.durationSigma);
  const min = Math.max(1, Math.round(shape.durationMedianMs / spread));
  return { min, max: Math.max(min + 1, Math.round(shape.durationMedianMs * spread)) };
}

function spanDefaults(shape: TraceShape): JsValue {
  return expanded({
    attributeSemantics: jsCode('tracing.SEMANTICS_HTTP'),
    randomAttributes:
      shape.extraAttributes > 0
        ? { count: shape.extraAttributes, cardinality: shape.extraAttributeCardinality }
        : undefined,
    // A count below 1 is the share of spans that get one; exceptions only on spans with HTTP status >= 400.
    randomEvents:
      shape.eventsPerSpan > 0 ? { count: shape.eventsPerSpan, exceptionOnError: true } : undefined,
    randomLinks: shape.linkRate > 0 ? { count: shape.linkRate } : undefined,
    resource:
      shape.resourceAttributes > 0
        ? { randomAttributes: { count: shape.resourceAttributes, cardinality: 1 } }
        : undefined,
  });
}

function templates(shape: TraceShape): JsValue[] {
  const parents = spanParents(shape.spansPerTrace, shape.maxDepth);
  const duration = durationRange(shape);
  const out: JsValue[] = [];
  for (let t = 0; t < templateCount(shape); t++) {
    const spans = parents.map((parent, i) => {
      const k = t * shape.spansPerTrace + i;
      return {
        service: `service-${k % shape.services}`,
        name: `operation-${k % shape.operationsPerService}`,
        // The extension's default parent is the span before.
        parentIdx: parent === i - 1 || parent < 0 ? undefined : parent,
        duration,
      };
    });
    out.push(jsCall('new tracing.TemplatedGenerator', { defaults: jsCode('SPAN_DEFAULTS'), spans }));
  }
  return out;
}

function approximations(input: K6SignalInput): string[] {
  const { scenario } = input;
  const shape = scenario.shape as TraceShape;
  const batch = scenario.load.batchSize;
  const count = templateCount(shape);
  const named = Math.min(shape.services, count * shape.spansPerTrace);
  const duration = durationRange(shape);
  const lines = [
    `Batches: obsbench sends ${formatCount(batch)} spans in one request; traces() makes one trace of ` +
      `${shape.spansPerTrace} spans and each push() hands it to the extension's OTLP exporter (the ` +
      `OpenTelemetry Collector's, with its default queue and retries), so an iteration pushes whole ` +
      `traces, ${formatCount(batch / shape.spansPerTrace)} on average (the count alternates so spans/s ` +
      `match), and can end before the backend has answered.`,
    `Traces: ${count} template${count === 1 ? '' : 's'} (each one fixed tree, used in turn) naming ` +
      `${formatCount(named)} of the ${formatCount(shape.services)} services; parentIdx keeps depth <= ` +
      `${shape.spansPerTrace > 1 ? Math.max(2, shape.maxDepth) : 1}` +
      `${shape.maxDepth === 1 && shape.spansPerTrace > 1 ? ' (maxDepth 1: only the first span is a root)' : ''}; span names cycle through ${shape.operationsPerService} operations; obsbench draws ` +
      `a new tree shape per trace.`,
    `Durations: ${duration.min}-${duration.max} ms (median ${shape.durationMedianMs} ms divided and multiplied by e^` +
      `${shape.durationSigma}), drawn by the extension; obsbench draws them log-normal.`,
    'Attributes: HTTP semantic conventions (tracing.SEMANTICS_HTTP) on client and server spans.',
  ];
  if (shape.extraAttributes > 0)
    lines.push(
      `Extra attributes: ${shape.extraAttributes} random ones with ${formatCount(shape.extraAttributeCardinality)} ` +
        `values each, one value a trace (obsbench: a span), ${EXTENSION_VALUE_LENGTH} characters long ` +
        `(obsbench: ${shape.extraAttributeValueLength}).`,
    );
  if (shape.eventsPerSpan > 0)
    lines.push(
      `Events: ${shape.eventsPerSpan < 1 ? `a share of ${shape.eventsPerSpan} of spans get one` : `${Math.floor(shape.eventsPerSpan)} a span (whole events)`}` +
        '; exception events only on spans with HTTP status >= 400.',
    );
  if (shape.linkRate > 0)
    lines.push(`Links: ${shape.linkRate} of spans link to their parent span (obsbench: to another trace).`);
  if (shape.resourceAttributes > 0)
    lines.push(
      `Resource attributes: ${shape.resourceAttributes} random ones a service, one fixed value each.`,
    );
  if (scenario.encoding === 'json')
    lines.push('Encoding: the exporter sends protobuf; the scenario asks for OTLP JSON.');
  return lines;
}

export function k6Traces(input: K6SignalInput): K6SignalScript {
  const { scenario } = input;
  const shape = scenario.shape as TraceShape;
  const grpc = scenario.protocol === 'otlp-grpc';
  const headers = scenario.target.headers;
  const client = jsStatement(
    'const client = ',
    jsCall('new tracing.Client', {
      endpoint: jsCode(input.endpoint),
      exporter: jsCode(grpc ? 'tracing.EXPORTER_OTLP' : 'tracing.EXPORTER_OTLP_HTTP'),
      tls: { insecure: jsCode(`!${input.endpoint}.startsWith('https://')`) },
      headers: Object.keys(headers).length > 0 ? headers : undefined,
      compression: scenario.compression === 'none' ? undefined : scenario.compression,
    }),
    ';',
  );
  const body = [
    client,
    '',
    jsStatement('const SPAN_DEFAULTS = ', spanDefaults(shape), ';'),
    '',
    jsStatement('const generators = ', templates(shape), ';'),
    '',
    'export default function () {',
    '  // Whole traces, so that iterations average BATCH_SIZE spans: trace t goes to template t mod count.',
    '  const i = exec.scenario.iterationInTest;',
    '  const first = Math.floor((i * BATCH_SIZE) / SPANS_PER_TRACE);',
    '  const next = Math.floor(((i + 1) * BATCH_SIZE) / SPANS_PER_TRACE);',
    '  for (let t = first; t < next; t++) {',
    '    client.push(generators[t % generators.length].traces());',
    '  }',
    '}',
    '',
    'export function teardown() {',
    '  client.shutdown();',
    '}',
  ].join('\n');
  return {
    extension: EXTENSION,
    unit: 'spans',
    httpMetrics: false,
    imports: ["import exec from 'k6/execution';"],
    constants: [`const SPANS_PER_TRACE = ${shape.spansPerTrace};`],
    body,
    approximations: approximations(input),
    notExported: [
      `errorRate ${shape.errorRate} of the shape: the extension marks a span ERROR only from an HTTP status >= 500 it is given`,
    ],
  };
}
