// Validated document -> resolved Scenario: every default from defaults.ts applied, the load
// plan turned into rate segments, and the hash computed. Runs only on input that passed the schema.

import type { Signal } from '../model/index.js';
import type { LoadSpec, RateSegment, Scenario, TargetSpec } from '../model/scenario.js';
import type { ShapeOf } from '../model/shapes.js';
import {
  DEFAULT_COLLECTOR_PIPELINE,
  DEFAULT_DESCRIPTION,
  DEFAULT_ENCODING,
  DEFAULT_EXECUTOR,
  DEFAULT_LOAD,
  DEFAULT_PROTOCOL,
  DEFAULT_REPEAT,
  DEFAULT_SEED,
  DEFAULT_SHAPES,
  DEFAULT_TARGET_KIND,
  defaultCompression,
} from './defaults.js';
import { scenarioHash } from './hash.js';
import { scenarioRoute } from './route.js';
import type { LoadDocument, ScenarioDocument } from './schema.js';

/** Shape fields that are weight maps: when given they replace the default mix, absent keys = 0. */
const WEIGHT_MAPS = new Set(['kinds', 'formats', 'severities']);

/**
 * Merge the user's partial shape over the signal's defaults. A default that would contradict a
 * field the user set (maxDepth 4 with spansPerTrace 2) is clamped rather than reported.
 */
export function mergeShape<S extends Signal>(signal: S, given: Record<string, unknown>): ShapeOf[S] {
  const defaults = DEFAULT_SHAPES[signal] as unknown as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = Object.hasOwn(given, key) ? given[key] : undefined;
    const fallback = defaults[key];
    if (WEIGHT_MAPS.has(key) && value !== undefined) {
      const weights: Record<string, number> = {};
      for (const weightKey of Object.keys(fallback as object)) {
        weights[weightKey] = (value as Record<string, number | undefined>)[weightKey] ?? 0;
      }
      merged[key] = weights;
    } else if (value !== undefined) {
      merged[key] = value;
    } else {
      merged[key] = typeof fallback === 'object' && fallback !== null ? { ...fallback } : fallback;
    }
  }
  clampDefault(merged, given, 'maxDepth', 'spansPerTrace');
  clampDefault(merged, given, 'metricNames', 'series');
  return merged as unknown as ShapeOf[S];
}

function clampDefault(
  merged: Record<string, unknown>,
  given: object,
  field: string,
  limitField: string,
): void {
  if (field in merged && !Object.hasOwn(given, field)) {
    merged[field] = Math.min(merged[field] as number, merged[limitField] as number);
  }
}

function resolveTarget(target: ScenarioDocument['target']): TargetSpec {
  if (target === undefined || typeof target === 'string') {
    return { kind: target ?? DEFAULT_TARGET_KIND, managed: false, allowNonLoopback: false, headers: {} };
  }
  const spec: TargetSpec = {
    kind: target.kind,
    managed: target.managed ?? false,
    allowNonLoopback: target.allowNonLoopback ?? false,
    headers: { ...(target.headers ?? {}) },
  };
  if (target.endpoint !== undefined) spec.endpoint = target.endpoint;
  if (target.version !== undefined) spec.version = target.version;
  if (target.queryEndpoint !== undefined) spec.queryEndpoint = target.queryEndpoint;
  if (target.kind === 'collector' && spec.managed) {
    spec.pipeline = target.pipeline ?? DEFAULT_COLLECTOR_PIPELINE;
  }
  if (target.downstream !== undefined) {
    const d = target.downstream;
    spec.downstream = { kind: d.kind, managed: d.managed ?? false };
    if (d.endpoint !== undefined) spec.downstream.endpoint = d.endpoint;
  }
  return spec;
}

function resolveLoad(load: LoadDocument): LoadSpec {
  const executor = load.executor ?? DEFAULT_EXECUTOR;
  const segments: RateSegment[] = [];
  let durationS = 0;
  if (executor === 'constant-arrival-rate') {
    const ratePerS = load.rate ?? 0;
    durationS = load.duration ?? DEFAULT_LOAD.durationS;
    segments.push({ durationS, fromRatePerS: ratePerS, toRatePerS: ratePerS });
  } else if (executor === 'ramping-arrival-rate') {
    let fromRatePerS = load.startRate ?? DEFAULT_LOAD.startRatePerS;
    for (const stage of load.stages ?? []) {
      segments.push({ durationS: stage.duration, fromRatePerS, toRatePerS: stage.target });
      fromRatePerS = stage.target;
    }
  } else if (executor === 'steps') {
    for (const step of load.steps ?? []) {
      segments.push({ durationS: step.duration, fromRatePerS: step.rate, toRatePerS: step.rate });
    }
  } else {
    durationS = load.duration ?? DEFAULT_LOAD.durationS;
  }
  if (segments.length > 0) durationS = roundS(segments.reduce((sum, segment) => sum + segment.durationS, 0));
  const spec: LoadSpec = {
    executor,
    segments,
    durationS,
    warmupS: load.warmup ?? DEFAULT_LOAD.warmupS,
    batchSize: load.batchSize ?? DEFAULT_LOAD.batchSize,
    maxInFlight: load.maxInFlight ?? DEFAULT_LOAD.maxInFlight,
    workers: load.workers ?? DEFAULT_LOAD.workers,
    concurrency: load.concurrency ?? DEFAULT_LOAD.concurrency,
    connections: load.connections ?? DEFAULT_LOAD.connections,
    requestTimeoutMs: Math.round((load.requestTimeout ?? DEFAULT_LOAD.requestTimeoutS) * 1000),
    maxRetries: load.maxRetries ?? DEFAULT_LOAD.maxRetries,
    bailOutErrorRate: load.bailOutErrorRate ?? DEFAULT_LOAD.bailOutErrorRate,
  };
  if (load.stampSendTime !== undefined) spec.stampSendTime = load.stampSendTime;
  if (load.templatePoolItems !== undefined) spec.templatePoolItems = load.templatePoolItems;
  return spec;
}

/** Microsecond rounding, so summed float durations compare and hash stably. */
function roundS(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

export function resolveScenario<S extends Signal>(
  doc: ScenarioDocument & { signal: S },
  shape: ShapeOf[S],
  sourcePath: string,
): Scenario {
  const protocol = doc.protocol ?? DEFAULT_PROTOCOL;
  const encoding = doc.encoding ?? DEFAULT_ENCODING;
  const resolved: Omit<Scenario, 'hash' | 'route'> = {
    name: doc.name,
    description: doc.description ?? DEFAULT_DESCRIPTION,
    sourcePath,
    signal: doc.signal,
    target: resolveTarget(doc.target),
    protocol,
    encoding,
    compression: doc.compression ?? defaultCompression(protocol, encoding),
    shape,
    load: resolveLoad(doc.load),
    seed: doc.seed ?? DEFAULT_SEED,
    expect: doc.expect ?? [],
    repeat: doc.repeat ?? DEFAULT_REPEAT,
  };
  return { ...resolved, hash: scenarioHash(resolved), route: scenarioRoute(resolved) };
}
