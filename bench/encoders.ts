// Encoder micro-benchmark (tinybench): items/s of our OTLP protobuf and JSON encoders per signal,
// against @opentelemetry/otlp-transformer's serializers on the same batches in the same run.
// Batches come from the real generators (default shapes) when present, else from bench/fixtures.
// Prints JSON to stdout when run directly; `runEncoderBench` is the entry point for bench/run.ts.

import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { Bench, type Task } from 'tinybench';
import { getEncoder } from '../src/encoders/index.js';
import type {
  AttributeList,
  BatchOf,
  ResourceLogsRecord,
  ResourceMetricsRecord,
  ResourceSpansRecord,
  Signal,
  TelemetryBatch,
} from '../src/model/index.js';
import { toReadableLogRecords, toReadableSpans, toResourceMetrics } from './encoders-reference.js';
import { buildLogBatch, buildMetricBatch, buildTraceBatch } from './fixtures.js';

export interface EncoderBenchOptions {
  /** Time budget per task, milliseconds (tinybench `time`). */
  timeMs: number;
  /** Items per batch; default 1000. */
  batchSize?: number;
}

export interface EncoderBenchResult {
  signal: Signal;
  format: 'otlp-proto' | 'otlp-json';
  implementation: 'obsbench' | 'otlp-transformer';
  /** Where the batches came from: the real generators with DEFAULT_*_SHAPE, or bench/fixtures. */
  data: 'generators' | 'fixtures';
  /**
   * 'flat': every string of the batch flattened before the timed call, so the time is the
   * encoder's own. 'as-generated': the generator's concatenated (rope) strings are flattened inside
   * the timed call, as in a real run; the difference is a cost of how the strings were built.
   */
  strings: 'flat' | 'as-generated';
  itemsPerBatch: number;
  /** From the median batch latency (wall clock). */
  itemsPerS: number;
  /** From process CPU time spent in the encode calls: less sensitive to other load on the machine. */
  itemsPerCpuS: number;
  medianBatchMs: number;
  /** tinybench relative margin of error of the mean latency, percent. */
  rmePercent: number;
  samples: number;
  /** Encoded bytes per item (first batch). */
  bytesPerItem: number;
  /** obsbench rows: itemsPerS / the reference's itemsPerS for the same signal and format. */
  ratioToReference?: number;
  /** obsbench protobuf rows: the throughput target for one core, and whether it was met. */
  target?: { itemsPerS: number; ratioToReference?: number; met: boolean };
}

const TARGETS: Record<Signal, { itemsPerS: number; ratioToReference?: number }> = {
  traces: { itemsPerS: 1_000_000, ratioToReference: 10 },
  metrics: { itemsPerS: 2_000_000 },
  logs: { itemsPerS: 1_000_000 },
};
const SEED = 42;
const START_UNIX_US = 1_760_000_000_000_000;
/** Send interval the batches are generated for (1000 items per 10 ms = 100K items/s). */
const BATCH_INTERVAL_US = 10_000;

/** Successive batches, as a load run produces them: fresh data each time, in one reused batch object. */
interface BatchFeed<S extends Signal> {
  readonly data: EncoderBenchResult['data'];
  next(): BatchOf[S];
}

type Generators = typeof import('../src/generators/index.js');

async function loadGenerators(): Promise<Generators | null> {
  try {
    const generators = await import('../src/generators/index.js');
    return typeof generators.createGenerator === 'function' ? generators : null;
  } catch {
    return null;
  }
}

/** The real generator with its default shape (same seed = same batches for every task), else fixtures. */
function createFeed<S extends Signal>(
  signal: S,
  batchSize: number,
  generators: Generators | null,
): BatchFeed<S> {
  if (generators !== null) {
    const shapes = {
      traces: generators.DEFAULT_TRACE_SHAPE,
      metrics: generators.DEFAULT_METRIC_SHAPE,
      logs: generators.DEFAULT_LOG_SHAPE,
    };
    const generator = generators.createGenerator(signal, shapes[signal], {
      seed: SEED,
      workerIndex: 0,
      workerCount: 1,
      startTimeUnixUs: START_UNIX_US,
      runNonce: 1,
    });
    let nowUnixUs = START_UNIX_US;
    return {
      data: 'generators',
      next: () => {
        nowUnixUs += BATCH_INTERVAL_US;
        return generator.next(batchSize, nowUnixUs);
      },
    };
  }
  const build = { traces: buildTraceBatch, metrics: buildMetricBatch, logs: buildLogBatch }[signal];
  const batches = Array.from({ length: 4 }, (_, i) => build(batchSize, i + 1) as BatchOf[S]);
  let i = 0;
  return { data: 'fixtures', next: () => batches[i++ % batches.length] };
}

/** Prepares the reference's input from a batch (untimed) and returns the timed serialize call. */
function referenceCall(signal: Signal, format: EncoderBenchResult['format'], batch: unknown): () => unknown {
  if (signal === 'traces') {
    const spans = toReadableSpans(batch as BatchOf['traces']);
    const serializer = format === 'otlp-proto' ? ProtobufTraceSerializer : JsonTraceSerializer;
    return () => serializer.serializeRequest(spans);
  }
  if (signal === 'metrics') {
    // The reference API serializes one ResourceMetrics per request: a batch is one call per resource.
    const resources = toResourceMetrics(batch as BatchOf['metrics']);
    const serializer = format === 'otlp-proto' ? ProtobufMetricsSerializer : JsonMetricsSerializer;
    return () => {
      for (const rm of resources) serializer.serializeRequest(rm);
    };
  }
  const records = toReadableLogRecords(batch as BatchOf['logs']);
  const serializer = format === 'otlp-proto' ? ProtobufLogsSerializer : JsonLogsSerializer;
  return () => serializer.serializeRequest(records);
}

interface TaskMeta {
  signal: Signal;
  format: EncoderBenchResult['format'];
  implementation: EncoderBenchResult['implementation'];
  data: EncoderBenchResult['data'];
  strings: EncoderBenchResult['strings'];
  itemsPerBatch: number;
  bytesPerItem: number;
  /** CPU microseconds spent inside the timed calls of the measured phase. */
  cpuMicros: number;
  cpuRuns: number;
}

const VARIANTS: ReadonlyArray<Pick<EncoderBenchResult, 'implementation' | 'format' | 'strings'>> = [
  { implementation: 'obsbench', format: 'otlp-proto', strings: 'flat' },
  { implementation: 'obsbench', format: 'otlp-proto', strings: 'as-generated' },
  { implementation: 'obsbench', format: 'otlp-json', strings: 'flat' },
  { implementation: 'otlp-transformer', format: 'otlp-proto', strings: 'flat' },
  { implementation: 'otlp-transformer', format: 'otlp-json', strings: 'flat' },
];

/** Flattens a string built by concatenation (a rope) in place: V8 does so to measure it. */
function flatten(s: string): void {
  Buffer.byteLength(s, 'utf8');
}

function flattenList(list: AttributeList): void {
  for (let i = 0; i < list.count; i++) {
    flatten(list.keys[i]);
    flatten(list.strings[i]);
  }
}

/** Flattens every string of a batch, outside the timed call. */
function flattenStrings(batch: TelemetryBatch): void {
  for (let r = 0; r < batch.resourceCount; r++) {
    const resource = batch.resources[r];
    flattenList(resource.resource);
    flatten(resource.scopeName);
    flatten(resource.scopeVersion);
    if (batch.signal === 'traces') {
      const rs = resource as ResourceSpansRecord;
      for (const span of rs.spans.slice(0, rs.spanCount)) {
        flatten(span.name);
        flatten(span.statusMessage);
        flattenList(span.attributes);
        for (const e of span.events.slice(0, span.eventCount)) {
          flatten(e.name);
          flattenList(e.attributes);
        }
        for (const l of span.links.slice(0, span.linkCount)) flattenList(l.attributes);
      }
    } else if (batch.signal === 'metrics') {
      const rm = resource as ResourceMetricsRecord;
      for (const metric of rm.metrics.slice(0, rm.metricCount)) {
        flatten(metric.name);
        flatten(metric.description);
        flatten(metric.unit);
        for (const p of metric.points.slice(0, metric.pointCount)) flattenList(p.attributes);
      }
    } else {
      const rl = resource as ResourceLogsRecord;
      for (const record of rl.records.slice(0, rl.recordCount)) {
        flatten(record.body);
        flatten(record.severityText);
        flattenList(record.attributes);
      }
    }
  }
}

/**
 * Each task draws successive batches from its own generator (untimed, in beforeEach) and times
 * only the encode; every task's generator has the same seed, so all encoders see the same data.
 */
export async function runEncoderBench(options: EncoderBenchOptions): Promise<EncoderBenchResult[]> {
  const batchSize = options.batchSize ?? 1000;
  const generators = await loadGenerators();
  const meta = new Map<string, TaskMeta>();
  const bench = new Bench({ time: options.timeMs, warmupTime: Math.min(250, options.timeMs), throws: true });

  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    for (const variant of VARIANTS) {
      const { implementation, format, strings } = variant;
      const feed = createFeed(signal, batchSize, generators);
      const name = `${signal} ${format} ${implementation} ${strings}`;
      const first = feed.next();
      flattenStrings(first);
      const encoder = getEncoder(signal, format);
      const encode = encoder.encode.bind(encoder) as (batch: unknown) => Uint8Array;
      const m: TaskMeta = {
        signal,
        format,
        implementation,
        data: feed.data,
        strings,
        itemsPerBatch: first.itemCount,
        bytesPerItem: implementation === 'obsbench' ? encode(first).length / first.itemCount : 0,
        cpuMicros: 0,
        cpuRuns: 0,
      };
      meta.set(name, m);
      let call: () => unknown = () => undefined;
      let measuring = false;
      bench.add(
        name,
        () => {
          const cpu = process.cpuUsage();
          call();
          if (measuring) {
            const used = process.cpuUsage(cpu);
            m.cpuMicros += used.user + used.system;
            m.cpuRuns++;
          }
        },
        {
          beforeAll: (mode) => {
            measuring = mode === 'run';
          },
          beforeEach: () => {
            const batch = feed.next();
            if (strings === 'flat') flattenStrings(batch);
            call = implementation === 'obsbench' ? () => encode(batch) : referenceCall(signal, format, batch);
          },
        },
      );
    }
  }

  const tasks = await bench.run();
  const results = tasks.map((task) => toResult(task, meta));
  for (const r of results) {
    if (r.implementation !== 'obsbench') continue;
    const reference = results.find(
      (x) =>
        x.implementation === 'otlp-transformer' &&
        x.signal === r.signal &&
        x.format === r.format &&
        x.strings === 'flat',
    );
    if (reference !== undefined && reference.itemsPerS > 0)
      r.ratioToReference = round(r.itemsPerS / reference.itemsPerS);
    if (r.format === 'otlp-proto' && r.strings === 'flat') {
      const target = TARGETS[r.signal];
      const met =
        r.itemsPerS >= target.itemsPerS &&
        (target.ratioToReference === undefined || (r.ratioToReference ?? 0) >= target.ratioToReference);
      r.target = { ...target, met };
    }
  }
  return results;
}

function toResult(task: Task, meta: Map<string, TaskMeta>): EncoderBenchResult {
  const m = meta.get(task.name);
  if (m === undefined) throw new Error(`no metadata for benchmark task ${task.name}`);
  const result = task.result;
  if (result.state !== 'completed') {
    const reason = result.state === 'errored' ? result.error.message : result.state;
    throw new Error(`benchmark task ${task.name} did not complete: ${reason}`);
  }
  const medianBatchMs = result.latency.p50;
  return {
    signal: m.signal,
    format: m.format,
    implementation: m.implementation,
    data: m.data,
    strings: m.strings,
    itemsPerBatch: m.itemsPerBatch,
    itemsPerS: Math.round((m.itemsPerBatch * 1000) / medianBatchMs),
    itemsPerCpuS: m.cpuMicros > 0 ? Math.round((m.itemsPerBatch * m.cpuRuns * 1e6) / m.cpuMicros) : 0,
    medianBatchMs: round(medianBatchMs),
    rmePercent: round(result.latency.rme),
    samples: task.runs,
    bytesPerItem: round(m.bytesPerItem),
  };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const timeMs = Number(process.env.OBSBENCH_BENCH_TIME_MS ?? 1000);
  const results = await runEncoderBench({ timeMs });
  const context = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, timeMs };
  process.stdout.write(`${JSON.stringify({ context, results }, null, 2)}\n`);
}
