// Logs through xk6-loki (Loki push): each iteration calls client.pushParameterized, which fills a
// push up to a size in bytes, so the size is batchSize times the shape's mean line length. The
// streams are the cartesian product of the label values: service_name x format, with instance
// fixed (the extension would add one per VU). OTLP log scenarios are exported as Loki push too
// (no OTLP-logs extension is in scope), and the header says so.

import type { LogFormat, LogShape } from '../model/shapes.js';
import { expanded, type JsValue, jsCall, jsCode, jsStatement } from './js-value.js';
import { formatCount, type K6SignalInput, type K6SignalScript } from './k6-signal.js';

const EXTENSION = {
  name: 'xk6-loki',
  module: 'github.com/grafana/xk6-loki@v1.0.3',
  importLine: "import loki from 'k6/x/loki';",
};

/** The extension's `format` label values closest to obsbench's formats. */
const FORMAT_LABELS: Readonly<Record<LogFormat, string>> = {
  json: 'json',
  logfmt: 'logfmt',
  apache: 'apache_common',
  syslog: 'rfc5424',
};
/** Services written out as a list up to this many; more as Array.from. */
const LISTED_SERVICES = 8;
/** Loki's tenant when it runs without multi-tenancy. */
const SINGLE_TENANT = 'fake';

interface StreamPlan {
  formats: string[];
  services: number;
  streams: number;
  perPush: number;
  pushBytes: number;
  meanLineLength: number;
}

function streamPlan(shape: LogShape, batchSize: number): StreamPlan {
  const formats = (Object.keys(FORMAT_LABELS) as LogFormat[])
    .filter((format) => shape.formats[format] > 0)
    .map((format) => FORMAT_LABELS[format]);
  const services = Math.ceil(shape.streams / formats.length);
  const streams = services * formats.length;
  const meanLineLength = Math.round(shape.lineLengthMedian * Math.exp(shape.lineLengthSigma ** 2 / 2));
  return {
    formats,
    services,
    streams,
    perPush: Math.min(streams, batchSize),
    pushBytes: batchSize * meanLineLength,
    meanLineLength,
  };
}

function serviceValues(services: number): JsValue {
  if (services <= LISTED_SERVICES) return Array.from({ length: services }, (_, i) => `service-${i}`);
  return jsCode(`Array.from({ length: ${services} }, (_, i) => \`service-\${i}\`)`);
}

function labels(shape: LogShape, plan: StreamPlan): JsValue {
  const out: Record<string, JsValue> = {
    service_name: serviceValues(plan.services),
    format: plan.formats,
    instance: ['k6'],
  };
  // format and instance count among the labelsPerStream (besides service.name).
  for (let k = 1; k <= shape.labelsPerStream - 2; k++) out[`label_${k}`] = [`value-${k}`];
  return expanded(out);
}

function approximations(input: K6SignalInput, plan: StreamPlan, tenant: string): string[] {
  const { scenario } = input;
  const shape = scenario.shape as LogShape;
  const lines: string[] = [];
  if (scenario.protocol !== 'loki-push')
    lines.push(
      `Protocol differs: the scenario sends OTLP logs (${scenario.protocol}); no OTLP-logs k6 extension ` +
        'is in scope, so this script sends the lines by Loki push.',
    );
  lines.push(
    `Batches: the extension fills a push up to a size in bytes, not a count of lines: batchSize ` +
      `${scenario.load.batchSize} x mean line length ${plan.meanLineLength} (median ${shape.lineLengthMedian}, ` +
      `sigma ${shape.lineLengthSigma}) = ${formatCount(plan.pushBytes)} bytes; the lines a push holds ` +
      `depend on the extension's own line lengths.`,
    `Streams: service_name (${formatCount(plan.services)} values) x format (${plan.formats.length}) = ` +
      `${formatCount(plan.streams)} (scenario: ${formatCount(shape.streams)}); a push spreads evenly over ` +
      `${formatCount(plan.perPush)} streams drawn at random; obsbench draws each record's stream, busy ` +
      `ones more often.`,
    `Formats: ${plan.formats.join(', ')} drawn evenly (the shares are not kept); the lines are the ` +
      `extension's own (flog), not obsbench's.`,
    `Tenant: ${tenant} (without one the extension gives each VU a tenant of its own).`,
    `Random seed: randSeed ${scenario.seed} + VU repeats each VU's lines run to run; which VU sends ` +
      'what depends on timing.',
  );
  if (scenario.encoding === 'json' && scenario.compression !== 'none')
    lines.push(
      `Compression: the extension sends JSON uncompressed; the scenario asks for ${scenario.compression}.`,
    );
  return lines;
}

export function k6Logs(input: K6SignalInput, pathSuffix: string): K6SignalScript {
  const { scenario } = input;
  const shape = scenario.shape as LogShape;
  const plan = streamPlan(shape, scenario.load.batchSize);
  const headers = scenario.target.headers;
  const tenantHeader = Object.keys(headers).find((name) => name.toLowerCase() === 'x-scope-orgid');
  const tenant = tenantHeader === undefined ? SINGLE_TENANT : headers[tenantHeader];
  const otherHeaders = Object.keys(headers).filter((name) => name !== tenantHeader);
  const config = jsStatement(
    'const conf = ',
    jsCall('new loki.Config', {
      url: jsCode(pathSuffix === '' ? input.endpoint : `\`\${${input.endpoint}}${pathSuffix}\``),
      timeout: scenario.load.requestTimeoutMs,
      tenantID: tenant,
      labels: labels(shape, plan),
      protobufRatio: scenario.encoding === 'protobuf' ? 1 : 0,
      randSeed: jsCode(`${scenario.seed} + __VU`),
    }),
    ';',
  );
  const body = [
    config,
    'const client = new loki.Client(conf);',
    '',
    'export default function () {',
    '  client.pushParameterized(STREAMS_PER_PUSH, PUSH_BYTES, PUSH_BYTES);',
    '}',
  ].join('\n');
  const notExported = [
    `severity shares, trace correlation (${shape.traceCorrelationRate} of records) and ` +
      `${shape.attributesPerRecord} attributes (structured metadata) a record: the extension writes its own lines`,
  ];
  if (otherHeaders.length > 0)
    notExported.push(`headers ${otherHeaders.join(', ')}: the Loki extension sends no custom headers`);
  return {
    extension: EXTENSION,
    unit: 'log lines',
    httpMetrics: true,
    imports: [],
    constants: [
      `const STREAMS_PER_PUSH = ${plan.perPush};`,
      `const MEAN_LINE_LENGTH = ${plan.meanLineLength};`,
      'const PUSH_BYTES = BATCH_SIZE * MEAN_LINE_LENGTH;',
    ],
    body,
    approximations: approximations(input, plan, tenant),
    notExported,
  };
}
