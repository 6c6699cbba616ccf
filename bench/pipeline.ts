// Where one load worker's time goes: items/s of each stage of the real per-request pipeline
// (generate -> encode OTLP protobuf -> compress), measured in turn on the same thread as a worker
// runs them, so caches are as cold as in a run. 1 / sum(1 / stage rate) is the ceiling of one core.
// Each case first runs WARMUP_BATCHES unmeasured, so that the first case does not also time the
// JIT compiling the generator and encoder (it did: default spans measured 2x slower than lean).

import { compressBody } from '../src/encoders/compression.js';
import { getEncoder } from '../src/encoders/index.js';
import { TraceIdWriter } from '../src/generators/ids.js';
import { createGenerator } from '../src/generators/index.js';
import { TemplateReplay, templatesSupported } from '../src/load/template-replay.js';
import type { Signal } from '../src/model/index.js';
import type { Compression } from '../src/model/scenario.js';
import {
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
  type ShapeOf,
} from '../src/model/shapes.js';
import { DEFAULT_LOAD } from '../src/scenario/defaults.js';

export interface PipelineStageResult {
  signal: Signal;
  shape: string;
  batchSize: number;
  rawBytesPerItem: number;
  generateItemsPerS: number;
  encodeItemsPerS: number;
  compress: Partial<Record<Compression, { itemsPerS: number; ratio: number }>>;
  /** One core's ceiling for generate + encode + gzip: 1 / sum of per-item stage costs. */
  gzipPipelineItemsPerS: number;
  /**
   * Traces and logs (OTLP protobuf): items/s of a template pass (load/template-replay.ts: copy a
   * pooled request and patch its IDs and times), what a worker does instead of generate + encode
   * under load.templatePoolItems; null for other signals.
   */
  templateItemsPerS: number | null;
  /** templates + gzip: one core's ceiling for the path a worker takes by default. */
  templateGzipPipelineItemsPerS: number | null;
}

/** A trace shape with no optional extras: small spans (~290 B), like load tools' default spans. */
export const LEAN_TRACE_SHAPE: ShapeOf['traces'] = {
  ...DEFAULT_TRACE_SHAPE,
  extraAttributes: 0,
  eventsPerSpan: 0,
  linkRate: 0,
  resourceAttributes: 0,
};

const CASES: { signal: Signal; shape: string; value: ShapeOf[Signal] }[] = [
  { signal: 'traces', shape: 'default', value: DEFAULT_TRACE_SHAPE },
  { signal: 'traces', shape: 'lean', value: LEAN_TRACE_SHAPE },
  { signal: 'metrics', shape: 'default', value: DEFAULT_METRIC_SHAPE },
  { signal: 'logs', shape: 'default', value: DEFAULT_LOG_SHAPE },
];
const CODECS: Compression[] = ['gzip', 'zstd', 'snappy'];
const WARMUP_BATCHES = 50;

export function runPipelineBench(options: {
  batchSize: number;
  itemsPerCase: number;
}): PipelineStageResult[] {
  const out: PipelineStageResult[] = [];
  for (const c of CASES) {
    const generator = createGenerator(c.signal, c.value, {
      seed: 5,
      workerIndex: 0,
      workerCount: 1,
      startTimeUnixUs: Date.now() * 1000,
    });
    const encoder = getEncoder(c.signal, 'otlp-proto');
    const batches = Math.max(10, Math.round(options.itemsPerCase / options.batchSize));
    let generateMs = 0;
    let encodeMs = 0;
    let bytes = 0;
    let items = 0;
    const compressMs: Record<string, number> = {};
    const compressedBytes: Record<string, number> = {};
    for (const codec of CODECS) {
      compressMs[codec] = 0;
      compressedBytes[codec] = 0;
    }
    for (let i = 0; i < WARMUP_BATCHES; i++) {
      const encoded = encoder.encode(
        generator.next(options.batchSize, Math.round((performance.timeOrigin + performance.now()) * 1000)),
      );
      for (const codec of CODECS) compressBody(codec, encoded);
    }
    for (let i = 0; i < batches; i++) {
      const t0 = performance.now();
      const batch = generator.next(options.batchSize, Math.round((performance.timeOrigin + t0) * 1000));
      const t1 = performance.now();
      const encoded = encoder.encode(batch);
      const t2 = performance.now();
      generateMs += t1 - t0;
      encodeMs += t2 - t1;
      bytes += encoded.byteLength;
      items += batch.itemCount;
      for (const codec of CODECS) {
        const t3 = performance.now();
        const body = compressBody(codec, encoded);
        compressMs[codec] += performance.now() - t3;
        compressedBytes[codec] += body.byteLength;
      }
    }
    const perS = (ms: number): number => Math.round((items / ms) * 1000);
    const compress: PipelineStageResult['compress'] = {};
    for (const codec of CODECS) {
      compress[codec] = {
        itemsPerS: perS(compressMs[codec]),
        ratio: Number((bytes / compressedBytes[codec]).toFixed(2)),
      };
    }
    const templateMs = measureTemplates(c.signal, c.value, options.batchSize, batches);
    out.push({
      signal: c.signal,
      shape: c.shape,
      batchSize: options.batchSize,
      rawBytesPerItem: Math.round(bytes / items),
      generateItemsPerS: perS(generateMs),
      encodeItemsPerS: perS(encodeMs),
      compress,
      gzipPipelineItemsPerS: perS(generateMs + encodeMs + compressMs.gzip),
      templateItemsPerS: templateMs === null ? null : perS(templateMs),
      templateGzipPipelineItemsPerS: templateMs === null ? null : perS(templateMs + compressMs.gzip),
    });
  }
  return out;
}

/** Milliseconds `batches` template requests take (after a warmup pass), or null where templates do not apply. */
function measureTemplates(
  signal: Signal,
  shape: ShapeOf[Signal],
  batchSize: number,
  batches: number,
): number | null {
  const encoder = getEncoder(signal, 'otlp-proto');
  if (!templatesSupported(signal, encoder)) return null;
  const ctx = { seed: 5, workerIndex: 0, workerCount: 1, startTimeUnixUs: Date.now() * 1000, runNonce: 1 };
  const replay = new TemplateReplay(createGenerator(signal, shape, ctx), encoder, {
    batchSize,
    poolItems: DEFAULT_LOAD.templatePoolItems,
    templateNowUs: ctx.startTimeUnixUs,
    traceIds: signal === 'traces' ? new TraceIdWriter(ctx.seed, ctx.runNonce, ctx.workerIndex) : null,
  });
  const out = new Uint8Array(replay.maxBodyBytes);
  for (let i = 0; i < WARMUP_BATCHES; i++) replay.next(ctx.startTimeUnixUs + i, out);
  const t0 = performance.now();
  for (let i = 0; i < batches; i++)
    replay.next(Math.round((performance.timeOrigin + performance.now()) * 1000), out);
  return performance.now() - t0;
}
