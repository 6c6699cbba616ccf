// The user-facing scenario and suite formats as zod schemas: types, ranges and unknown-field
// checks. Defaults are applied later (resolve.ts); cross-field rules live in rules.ts.

import { z } from 'zod';
import { SENT_TIME_ATTRIBUTE, SIGNALS } from '../model/index.js';
import { COLLECTOR_PIPELINES, COMPRESSIONS, EXECUTORS, PROTOCOLS, TARGET_KINDS } from '../model/scenario.js';
import type { LogShape, MetricShape, TraceShape } from '../model/shapes.js';
import {
  DEFAULT_COLLECTOR_PIPELINE,
  DEFAULT_COMPRESSION,
  DEFAULT_DESCRIPTION,
  DEFAULT_ENCODING,
  DEFAULT_EXECUTOR,
  DEFAULT_LOAD,
  DEFAULT_LOKI_JSON_COMPRESSION,
  DEFAULT_PROTOCOL,
  DEFAULT_REPEAT,
  DEFAULT_SEED,
  DEFAULT_SHAPES,
  DEFAULT_TARGET_KIND,
} from './defaults.js';
import {
  booleanField,
  durationField,
  enumField,
  intField,
  numberField,
  shareField,
  strictObject,
  stringField,
} from './fields.js';
import { LIMITS } from './limits.js';
import { THRESHOLD_HELP, tryParseThreshold } from './threshold.js';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const NAME_HELP =
  'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. quickstart-traces';
/** An HTTP header field name (RFC 9110 token). */
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const asTuple = <T extends string>(values: readonly T[]) => values as unknown as readonly [T, ...T[]];

const targetKind = enumField(
  asTuple(TARGET_KINDS),
  'the backend under test; sink is the built-in receiver that measures the harness itself',
  DEFAULT_TARGET_KIND,
);

const headers = z
  .record(
    z
      .string()
      .regex(HEADER_NAME_RE, { error: 'header names must be HTTP tokens (letters, digits, -, _ ...)' }),
    z
      .string({ error: 'header values must be strings (quote numbers)' })
      .max(8192, { error: 'header values must be at most 8192 characters' })
      .regex(/^[^\r\n\0]*$/, { error: 'header values must not contain line breaks' }),
    { error: 'must be a mapping of header name to string value' },
  )
  .refine((value) => Object.keys(value).length <= LIMITS.maxHeaders, {
    error: `must have at most ${LIMITS.maxHeaders} headers`,
  })
  .meta({ description: 'Extra request headers (HTTP headers or gRPC metadata), e.g. X-Scope-OrgID.' });

/** An address field (URL or host:port; its form is checked by the rules, which know the protocol). */
function addressField(typeError: string, emptyError: string, description: string) {
  return z
    .string({ error: typeError })
    .min(1, { error: emptyError })
    .max(2048, { error: 'must be at most 2048 characters' })
    .meta({ description });
}

const DOWNSTREAM_SCHEMA = strictObject(
  {
    kind: enumField(asTuple(TARGET_KINDS), 'the backend behind the first hop'),
    managed: booleanField(
      'obsbench starts and stops it (victoriametrics, prometheus, victorialogs, collector)',
      false,
    ).optional(),
    endpoint: addressField(
      'must be a URL like http://127.0.0.1:8428, or host:port for OTLP/gRPC',
      'must not be empty',
      'Its base URL (http://127.0.0.1:3100 for Loki), or host:port when the first hop sends OTLP/gRPC (Tempo, a Collector). Not for the sink or a managed downstream.',
    ).optional(),
  },
  'where a managed Collector pipeline or vmagent sends what it receives',
);

const TARGET_OBJECT_SCHEMA = strictObject(
  {
    kind: targetKind,
    endpoint: addressField(
      'must be a URL like http://127.0.0.1:4318 (otlp-http) or host:port like 127.0.0.1:4317 (otlp-grpc)',
      'must not be empty; omit it to use the default endpoint',
      'Base URL for otlp-http (http://127.0.0.1:4318) or host:port for otlp-grpc. Default: the in-process sink, or the managed backend port.',
    ).optional(),
    managed: booleanField('obsbench starts and stops the backend itself; not for the sink', false).optional(),
    allowNonLoopback: booleanField(
      'required to send to an address other than localhost / 127.0.0.0/8 / ::1',
      false,
    ).optional(),
    headers: headers.optional(),
    pipeline: enumField(
      asTuple(COLLECTOR_PIPELINES),
      "the managed Collector's pipeline (stack/collector/pipelines/<name>.yaml); collector only",
      DEFAULT_COLLECTOR_PIPELINE,
    ).optional(),
    downstream: DOWNSTREAM_SCHEMA.optional(),
    queryEndpoint: addressField(
      'must be a URL like http://127.0.0.1:16686',
      'must not be empty; omit it to query endpoint',
      "An external backend's query API base URL when it is not endpoint: Jaeger's query service (http://127.0.0.1:16686), Tempo's query frontend (http://127.0.0.1:3200). The read path (queries, completeness, the trace sample) asks it.",
    ).optional(),
    version: stringField(
      /^v?[0-9][0-9A-Za-z.+-]*$/,
      100,
      'must be a release of the backend like v1.148.9',
      'a managed backend at another release than stack/versions pins, built by obsbench stack install NAME@VERSION; for A/B of versions',
    ).optional(),
  },
  'the backend that receives the load',
);

const TARGET_SCHEMA = z
  .union([targetKind, TARGET_OBJECT_SCHEMA], {
    error: `must be a target kind (${TARGET_KINDS.join(', ')}) or a mapping { kind, endpoint, managed, allowNonLoopback, headers, pipeline, downstream, version, queryEndpoint }`,
  })
  .meta({
    description: `Where the load goes: a kind (shorthand) or a mapping. Default: ${DEFAULT_TARGET_KIND}.`,
  });

const rate = (meaning: string, allowZero: boolean) =>
  numberField({ min: 0, exclusive: !allowZero, max: LIMITS.maxRatePerS }, meaning);
const segmentDuration = durationField(
  { allowZero: false, maxS: LIMITS.maxDurationS },
  'length of this part of the plan',
);

const STAGE_SCHEMA = strictObject(
  {
    duration: segmentDuration,
    target: rate('items per second reached at the end of the stage, ramping linearly', true),
  },
  'a stage: ramp linearly to target over duration',
);

const STEP_SCHEMA = strictObject(
  {
    duration: segmentDuration,
    rate: rate('items per second held for the whole step', true),
  },
  'a step: hold rate for duration',
);

const planList = <T extends z.ZodType>(item: T, what: string) => {
  const help = `must be a list of 1 to ${LIMITS.maxStages} ${what}`;
  return z.array(item, { error: help }).min(1, { error: help }).max(LIMITS.maxStages, { error: help });
};

const TEMPLATE_POOL_MEANING =
  'OTLP protobuf traces and logs: items generated and encoded once at the start, then sent again and again as new requests with fresh trace and span IDs and times patched in (the harness ceiling rises several-fold; data is as diverse as fresh generation over any window this long); 0 generates and encodes every item. Logs default to 0: past the pool a templated log line repeats but for its time and request_id, and VictoriaLogs stores templated logs in about a quarter fewer bytes than fresh ones (obsbench bench --only diversity)';

const LOAD_SCHEMA = strictObject(
  {
    executor: enumField(
      asTuple(EXECUTORS),
      'how load is scheduled: open-model arrival rates (constant, ramping, steps) or closed-model max-throughput',
      DEFAULT_EXECUTOR,
    ).optional(),
    rate: rate('items per second; constant-arrival-rate', false).optional(),
    duration: durationField(
      { allowZero: false, maxS: LIMITS.maxDurationS },
      'measured duration; constant-arrival-rate and max-throughput',
      DEFAULT_LOAD.durationS,
    ).optional(),
    stages: planList(STAGE_SCHEMA, '{ duration, target } stages (ramping-arrival-rate)').optional(),
    startRate: rate('items per second the first stage ramps from; ramping-arrival-rate', true)
      .meta({
        description: `Items per second the first stage ramps from. Default: ${DEFAULT_LOAD.startRatePerS}.`,
      })
      .optional(),
    steps: planList(STEP_SCHEMA, '{ duration, rate } steps (steps executor)').optional(),
    warmup: durationField(
      { allowZero: true, maxS: LIMITS.maxWarmupS },
      'load sent before measuring starts, at the first rate of the plan',
      DEFAULT_LOAD.warmupS,
    ).optional(),
    batchSize: intField(1, LIMITS.maxBatchSize, 'items per request', DEFAULT_LOAD.batchSize).optional(),
    maxInFlight: intField(
      1,
      LIMITS.maxInFlight,
      'requests in flight per worker; arrival-rate executors',
      DEFAULT_LOAD.maxInFlight,
    ).optional(),
    workers: intField(
      1,
      LIMITS.maxWorkers,
      'load-generating worker threads',
      DEFAULT_LOAD.workers,
    ).optional(),
    concurrency: intField(
      1,
      LIMITS.maxConcurrency,
      'concurrent requests per worker; max-throughput',
      DEFAULT_LOAD.concurrency,
    ).optional(),
    connections: intField(
      1,
      LIMITS.maxConnections,
      'HTTP keep-alive connections per worker',
      DEFAULT_LOAD.connections,
    ).optional(),
    requestTimeout: durationField(
      { allowZero: false, maxS: LIMITS.maxRequestTimeoutS },
      'time before a request counts as failed',
      DEFAULT_LOAD.requestTimeoutS,
    ).optional(),
    maxRetries: intField(
      0,
      LIMITS.maxRetries,
      'retries of 429/502/503/504 and gRPC UNAVAILABLE/RESOURCE_EXHAUSTED',
      DEFAULT_LOAD.maxRetries,
    ).optional(),
    bailOutErrorRate: shareField(
      'stop early when this share of requests over 5 s failed; 1 = never',
      DEFAULT_LOAD.bailOutErrorRate,
    ).optional(),
    templatePoolItems: intField(
      0,
      LIMITS.maxTemplatePoolItems,
      TEMPLATE_POOL_MEANING,
      `${DEFAULT_LOAD.templatePoolItems} for traces, 0 for logs`,
    ).optional(),
    stampSendTime: booleanField(
      `set resource attribute ${SENT_TIME_ATTRIBUTE} (int, epoch microseconds) on every batch before encoding it, so the built-in sink behind a first hop measures the latency the pipeline adds; otlp protocols, into the sink, a Collector or Tempo`,
      'true for a managed Collector whose pipeline sends OTLP on to the sink, false otherwise',
    ).optional(),
  },
  'the load profile',
);

const count = (min: number, max: number, meaning: string, defaultValue: number) =>
  intField(min, max, meaning, defaultValue).optional();
const weight = (meaning: string) =>
  numberField({ min: 0, max: 1_000_000 }, `${meaning}; relative weight, normalised`).optional();

const T = DEFAULT_SHAPES.traces;
export const TRACE_SHAPE_SCHEMA = strictObject(
  {
    services: count(1, 100_000, 'distinct services, one resource each', T.services),
    operationsPerService: count(1, 100_000, 'distinct operation names per service', T.operationsPerService),
    spansPerTrace: count(1, 10_000, 'spans per trace, root included', T.spansPerTrace),
    maxDepth: count(1, 1000, 'maximum depth of the span tree, root = 1; at most spansPerTrace', T.maxDepth),
    errorRate: shareField('share of spans with status ERROR', T.errorRate).optional(),
    durationMedianMs: numberField(
      { min: 0, exclusive: true, max: 3_600_000 },
      'median span duration, ms',
      T.durationMedianMs,
    ).optional(),
    durationSigma: numberField(
      { min: 0, max: 10 },
      'log-normal sigma of span durations',
      T.durationSigma,
    ).optional(),
    extraAttributes: count(0, 1000, 'extra attributes per span', T.extraAttributes),
    extraAttributeCardinality: count(
      1,
      1_000_000_000,
      'distinct values of each extra attribute',
      T.extraAttributeCardinality,
    ),
    extraAttributeValueLength: count(
      1,
      65_536,
      'characters per extra string attribute value',
      T.extraAttributeValueLength,
    ),
    eventsPerSpan: numberField(
      { min: 0, max: 1000 },
      'span events per span, mean',
      T.eventsPerSpan,
    ).optional(),
    linkRate: shareField('share of spans with a link to another trace', T.linkRate).optional(),
    resourceAttributes: count(0, 1000, 'extra resource attributes per service', T.resourceAttributes),
  } satisfies Record<keyof TraceShape, z.ZodType>,
  'span data to generate; fields not given keep their defaults',
);

const M = DEFAULT_SHAPES.metrics;
export const METRIC_SHAPE_SCHEMA = strictObject(
  {
    series: count(1, 100_000_000, 'active series at any time', M.series),
    metricNames: count(1, 1_000_000, 'distinct metric names; at most series', M.metricNames),
    labelsPerSeries: count(0, 1000, 'labels per series besides resource attributes', M.labelsPerSeries),
    kinds: strictObject(
      {
        gauge: weight('gauges'),
        sum: weight('sums'),
        histogram: weight('explicit-bucket histograms'),
        exponential_histogram: weight('exponential histograms'),
      },
      'share of each metric kind; replaces the default mix, kinds not listed get 0',
    ).optional(),
    histogramBuckets: count(1, 1000, 'explicit histogram buckets (bounds = buckets - 1)', M.histogramBuckets),
    churnRate: shareField('share of series replaced per churnIntervalS', M.churnRate).optional(),
    churnIntervalS: durationField(
      { allowZero: false, maxS: LIMITS.maxDurationS },
      'how often series churn',
      M.churnIntervalS,
    ).optional(),
    resources: count(1, 1_000_000, 'distinct resources the series are spread over', M.resources),
  } satisfies Record<keyof MetricShape, z.ZodType>,
  'metric data to generate; fields not given keep their defaults',
);

const L = DEFAULT_SHAPES.logs;
export const LOG_SHAPE_SCHEMA = strictObject(
  {
    streams: count(1, 10_000_000, 'distinct streams (label sets)', L.streams),
    labelsPerStream: count(0, 100, 'labels per stream besides service.name', L.labelsPerStream),
    lineLengthMedian: count(1, 1_000_000, 'median line length, characters', L.lineLengthMedian),
    lineLengthSigma: numberField(
      { min: 0, max: 10 },
      'log-normal sigma of line lengths',
      L.lineLengthSigma,
    ).optional(),
    formats: strictObject(
      {
        json: weight('JSON lines'),
        logfmt: weight('logfmt lines'),
        apache: weight('Apache access-log lines'),
        syslog: weight('syslog lines'),
      },
      'share of each line format; replaces the default mix, formats not listed get 0',
    ).optional(),
    severities: strictObject(
      { debug: weight('debug'), info: weight('info'), warn: weight('warn'), error: weight('error') },
      'share of each severity; replaces the default mix, severities not listed get 0',
    ).optional(),
    traceCorrelationRate: shareField(
      'share of records with a trace and span ID',
      L.traceCorrelationRate,
    ).optional(),
    attributesPerRecord: count(0, 1000, 'attributes (structured metadata) per record', L.attributesPerRecord),
  } satisfies Record<keyof LogShape, z.ZodType>,
  'log data to generate; fields not given keep their defaults',
);

export const SHAPE_SCHEMAS = {
  traces: TRACE_SHAPE_SCHEMA,
  metrics: METRIC_SHAPE_SCHEMA,
  logs: LOG_SHAPE_SCHEMA,
} as const;

const thresholdField = z
  .string({ error: THRESHOLD_HELP })
  .max(500, { error: `${THRESHOLD_HELP}; at most 500 characters` })
  .transform((text, ctx) => {
    const parsed = tryParseThreshold(text);
    if (typeof parsed === 'string') {
      ctx.issues.push({ code: 'custom', message: parsed, input: text });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ description: 'A threshold the run must meet, e.g. "p99LatencyMs < 50".' });

/** Top-level keys that belong in a nested mapping, for "it belongs under load" hints. */
const MISPLACED: Record<string, string> = {};
for (const key of Object.keys(LOAD_SCHEMA.shape)) MISPLACED[key] = 'load';
for (const schema of Object.values(SHAPE_SCHEMAS))
  for (const key of Object.keys(schema.shape)) MISPLACED[key] = 'shape';
for (const key of [
  'endpoint',
  'managed',
  'allowNonLoopback',
  'headers',
  'pipeline',
  'downstream',
  'queryEndpoint',
])
  MISPLACED[key] = 'target';

/** The scenario document; `shape` is passed in because it depends on `signal`. */
export function scenarioDocumentSchema<S extends z.ZodType>(shape: S) {
  const expectHelp = `must be a list of at most ${LIMITS.maxThresholds} threshold strings, e.g. ["p99LatencyMs < 50"]`;
  return strictObject(
    {
      kind: z.literal('scenario', { error: 'must be "scenario" (the default) or "suite"' }).optional(),
      name: stringField(
        NAME_PATTERN,
        LIMITS.nameLength,
        NAME_HELP,
        'the scenario name, used in result file names',
      ),
      description: z
        .string({ error: 'must be text' })
        .max(LIMITS.descriptionLength, { error: `must be at most ${LIMITS.descriptionLength} characters` })
        .meta({ description: `What the scenario measures. Default: "${DEFAULT_DESCRIPTION}".` })
        .optional(),
      signal: enumField(asTuple(SIGNALS), 'the telemetry signal to generate'),
      target: TARGET_SCHEMA.optional(),
      protocol: enumField(asTuple(PROTOCOLS), 'wire protocol', DEFAULT_PROTOCOL).optional(),
      encoding: enumField(
        ['protobuf', 'json'],
        'payload encoding; json only with otlp-http and loki-push',
        DEFAULT_ENCODING,
      ).optional(),
      compression: enumField(
        asTuple(COMPRESSIONS),
        `request compression; snappy and zstd only with otlp-http; prometheus-remote-write is snappy only; loki-push is snappy (protobuf) or none / gzip (json)`,
        `${DEFAULT_COMPRESSION['otlp-http']} for otlp-http, ${DEFAULT_COMPRESSION['otlp-grpc']} for otlp-grpc, ${DEFAULT_COMPRESSION['prometheus-remote-write']} for prometheus-remote-write, ${DEFAULT_COMPRESSION['loki-push']} for loki-push (${DEFAULT_LOKI_JSON_COMPRESSION} with encoding json)`,
      ).optional(),
      shape: shape.optional(),
      load: LOAD_SCHEMA,
      seed: intField(0, LIMITS.maxSeed, 'generator seed; same seed, same data', DEFAULT_SEED).optional(),
      expect: z
        .array(thresholdField, { error: expectHelp })
        .max(LIMITS.maxThresholds, { error: expectHelp })
        .meta({ description: 'Thresholds the run must meet; each becomes a verdict.' })
        .optional(),
      repeat: intField(
        1,
        LIMITS.maxRepeat,
        'runs of the scenario, for medians and confidence intervals',
        DEFAULT_REPEAT,
      ).optional(),
    },
    'a scenario',
    MISPLACED,
  );
}

/** What validation parses first; `shape` is checked against the signal's schema afterwards. */
export const SCENARIO_DOCUMENT_SCHEMA = scenarioDocumentSchema(z.unknown());
export type ScenarioDocument = z.output<typeof SCENARIO_DOCUMENT_SCHEMA>;
export type LoadDocument = z.output<typeof LOAD_SCHEMA>;

export const SUITE_SCHEMA = strictObject(
  {
    kind: z.literal('suite', { error: 'must be "suite"' }),
    name: stringField(NAME_PATTERN, LIMITS.nameLength, NAME_HELP, 'the suite name').optional(),
    description: z.string({ error: 'must be text' }).max(LIMITS.descriptionLength).optional(),
    scenarios: z
      .array(
        z
          .string({ error: 'must be a path' })
          .min(1, { error: 'must not be empty' })
          .max(4096, { error: 'is too long' }),
        {
          error: `must be a list of 1 to ${LIMITS.maxSuiteMembers} scenario file paths, relative to the suite file`,
        },
      )
      .min(1, { error: 'must list at least one scenario file' })
      .max(LIMITS.maxSuiteMembers, { error: `must list at most ${LIMITS.maxSuiteMembers} scenario files` })
      .meta({
        description: 'Scenario files (or suites, or directories), relative to this file, run in order.',
      }),
  },
  'a suite of scenario files',
);
