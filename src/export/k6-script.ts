// A scenario as a k6 script for the signal's xk6 extension: a header (where it came from, the one
// extension to build, how to run it, what is approximated and what has no k6 equivalent), the
// load plan as k6 scenarios, the thresholds k6 can check, and the signal's client code. Pure:
// text in, text out; obsbench never builds, fetches or runs k6 (AGPL-3.0).

import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import type { Protocol, Scenario, TargetKind } from '../model/scenario.js';
import { backendTarget } from '../targets/registry.js';
import { expanded, jsStatement, jsString } from './js-value.js';
import { k6Load } from './k6-load.js';
import { k6Logs } from './k6-logs.js';
import { k6Metrics } from './k6-metrics.js';
import type { K6SignalInput, K6SignalScript } from './k6-signal.js';
import { k6Thresholds } from './k6-thresholds.js';
import { k6Traces } from './k6-traces.js';

export interface K6ScriptOptions {
  /** obsbench's version, for the header. */
  version: string;
  /** The scenario file as the user named it, for the header. */
  sourceLabel: string;
  /** The script's file name in the run line (default script.js). */
  scriptName?: string;
}

const HEADER_WIDTH = 100;
const ENDPOINT_VARIABLE = 'OBSBENCH_ENDPOINT';

/** A backend's base address when the scenario names none (obsbench would pick free ports). */
const DEFAULT_HTTP_PORTS: Readonly<Record<TargetKind, number>> = {
  sink: 4318,
  tempo: 4318,
  collector: 4318,
  victoriametrics: 8428,
  prometheus: 9090,
  loki: 3100,
  victorialogs: 9428,
  vmagent: 8429,
  jaeger: 4318,
};
const DEFAULT_GRPC_ENDPOINT = '127.0.0.1:4317';

/** The protocol each signal's extension speaks. */
const EXTENSION_PROTOCOL: Readonly<Record<Signal, Protocol | null>> = {
  traces: null, // the scenario's own OTLP protocol
  metrics: 'prometheus-remote-write',
  logs: 'loki-push',
};

function ingests(kind: TargetKind, signal: Signal, protocol: Protocol): boolean {
  if (kind === 'sink') return true;
  if (kind === 'loki') return signal === 'logs' && (protocol === 'loki-push' || protocol === 'otlp-http');
  if (kind === 'tempo') return signal === 'traces';
  return backendTarget(kind)?.supports(signal, protocol) ?? false;
}

function refuse(options: K6ScriptOptions, scenario: Scenario, sent: Protocol): ObsbenchError {
  return new ObsbenchError(
    'E_USAGE',
    `export k6: ${options.sourceLabel}: protocol ${scenario.protocol}: no OTLP ${scenario.signal} k6 extension is in scope, ` +
      `so the script would send ${sent}, which target ${scenario.target.kind} does not ingest; export a ` +
      `scenario whose target takes ${sent} (e.g. target: sink)`,
  );
}

function defaultEndpoint(scenario: Scenario): string {
  if (scenario.signal === 'traces' && scenario.protocol === 'otlp-grpc') return DEFAULT_GRPC_ENDPOINT;
  return `http://127.0.0.1:${DEFAULT_HTTP_PORTS[scenario.target.kind]}`;
}

function endpointNotes(scenario: Scenario, fallback: string): string[] {
  const override = `set ${ENDPOINT_VARIABLE} to send elsewhere (k6 run -e ${ENDPOINT_VARIABLE}=...)`;
  if (scenario.target.endpoint !== undefined)
    return [`Endpoint: ${scenario.target.endpoint}, the scenario's; ${override}.`];
  const started =
    scenario.target.kind === 'sink'
      ? 'obsbench starts its built-in sink on a free port; `obsbench sink` listens on 4318 and 4317'
      : `obsbench starts ${scenario.target.kind} on free ports itself`;
  return [`Endpoint: ${fallback} by default (the scenario names none: ${started}); ${override}.`];
}

function alwaysNotExported(scenario: Scenario): string[] {
  const load = scenario.load;
  const lines = [
    "the backend's own accepted and refused counters (itemsAccepted, itemsRefused, itemsLost): k6 sees only its requests",
    "latency corrected for coordinated omission, measured from each batch's intended send time",
    `seeded, deterministic data (seed ${scenario.seed}): the extension generates its own random data`,
    'the harness ceiling obsbench measures before a run (to tell a slow target from a slow harness)',
    `retries (up to ${load.maxRetries} on 429/502/503/504) and the bail-out when over ${load.bailOutErrorRate} of requests fail in 5 s`,
    `workers (${load.workers}, each with disjoint series and IDs) and keep-alive connections (${load.connections} a worker)`,
    'backend figures (CPU, memory, disk) and read-back probes (freshness, completeness)',
  ];
  if (scenario.target.managed)
    lines.push(
      `starting and stopping ${scenario.target.kind} (managed: true): start it yourself and point ${ENDPOINT_VARIABLE} at it`,
    );
  if (scenario.target.downstream !== undefined)
    lines.push(`the downstream ${scenario.target.downstream.kind} behind the first hop and its counters`);
  if (scenario.route.stampSendTime)
    lines.push("the send-time stamp on each batch's resources (stampSendTime)");
  if (scenario.repeat > 1) lines.push(`repeat: ${scenario.repeat}: run the script ${scenario.repeat} times`);
  return lines;
}

/** Text wrapped to HEADER_WIDTH as `//` lines; continuation lines indented by `hang`. */
function commentLines(text: string, first: string, hang: string): string[] {
  const out: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    const candidate = line === first || line === hang ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length > HEADER_WIDTH && line !== first && line !== hang) {
      out.push(line);
      line = `${hang}${word}`;
    } else {
      line = candidate;
    }
  }
  out.push(line);
  return out;
}

const paragraph = (text: string): string[] => commentLines(text, '// ', '// ');
const item = (text: string): string[] => commentLines(text, '//   - ', '//     ');
const section = (title: string, items: readonly string[]): string[] =>
  items.length === 0 ? [] : ['//', `// ${title}`, ...items.flatMap(item)];

function signalScript(scenario: Scenario, input: K6SignalInput, options: K6ScriptOptions): K6SignalScript {
  const sent = EXTENSION_PROTOCOL[scenario.signal] ?? scenario.protocol;
  if (!ingests(scenario.target.kind, scenario.signal, sent)) throw refuse(options, scenario, sent);
  if (scenario.signal === 'traces') return k6Traces(input);
  if (scenario.signal === 'metrics') return k6Metrics(input);
  const lokiBase = backendTarget(scenario.target.kind)?.lokiPushBase?.('') ?? '';
  return k6Logs(input, lokiBase);
}

/** The k6 script for the scenario; an ObsbenchError (exit 2) when its target cannot take what k6 would send. */
export function k6Script(scenario: Scenario, options: K6ScriptOptions): string {
  const fallback = scenario.target.endpoint ?? defaultEndpoint(scenario);
  const signal = signalScript(scenario, { scenario, endpoint: 'ENDPOINT' }, options);
  const load = k6Load(scenario.load, signal.unit);
  const thresholds = k6Thresholds(scenario.expect, signal.httpMetrics, signal.extension.name);
  const scriptName = options.scriptName ?? 'script.js';

  const header = [
    ...paragraph(`${scenario.name}${scenario.description === '' ? '' : `: ${scenario.description}`}`),
    ...paragraph(
      `Generated by obsbench ${options.version} (obsbench export k6) from ${options.sourceLabel} ` +
        `(scenario hash ${scenario.hash}).`,
    ),
    '//',
    `// Build a k6 binary with this script's one extension, ${signal.extension.name} (needs Go and xk6):`,
    `//   xk6 build --with ${signal.extension.module}`,
    '// Run it:',
    `//   ./k6 run ${scriptName}`,
    ...paragraph(
      'Each signal has its own build: xk6-client-tracing and xk6-client-prometheus-remote build on ' +
        'go.k6.io/k6/v2, xk6-loki pins an older k6. obsbench never builds, fetches or runs k6 (AGPL-3.0).',
    ),
    ...(signal.extension.name === 'xk6-client-prometheus-remote'
      ? paragraph(
          '(The module is xk6-client-prometheus-remote; it is also called xk6-client-prometheus-remote-write.)',
        )
      : []),
    '//',
    ...endpointNotes(scenario, fallback).flatMap(paragraph),
    '//',
    ...load.notes.flatMap(paragraph),
    ...section('Approximations (the extension cannot express these exactly):', signal.approximations),
    ...section('Thresholds (expect -> k6, measured scenario only):', thresholds.matched),
    ...section('Not exported (no k6 equivalent):', [
      ...thresholds.unmatched,
      ...signal.notExported,
      ...alwaysNotExported(scenario),
    ]),
  ];

  const source = (line: string): string => line.slice(line.indexOf("'"));
  const imports = [...signal.imports, signal.extension.importLine].sort((a, b) =>
    source(a).localeCompare(source(b)),
  );
  const constants = [
    `const ENDPOINT = __ENV.${ENDPOINT_VARIABLE} || ${jsString(fallback)};`,
    `const BATCH_SIZE = ${scenario.load.batchSize};`,
    ...signal.constants,
  ];
  const optionsObject = expanded({
    scenarios: expanded(load.scenarios),
    thresholds: Object.keys(thresholds.thresholds).length > 0 ? expanded(thresholds.thresholds) : undefined,
  });
  return [
    header.join('\n'),
    '',
    imports.join('\n'),
    '',
    constants.join('\n'),
    '',
    "/** @type {import('k6/options').Options} */",
    jsStatement('export const options = ', optionsObject, ';'),
    '',
    signal.body,
    '',
  ].join('\n');
}
