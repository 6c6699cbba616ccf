// One RunResult from the results of a run's shards (obsbench run --shard I/N): counts summed, the
// latency and service-time HDR histograms merged exactly and their percentiles recomputed, the
// per-second series aligned on the wall clock and summed, the harness ceilings summed, and the
// scenario's thresholds evaluated on the merged figures. Shards of another run, scenario or shard
// count, a shard given twice and a missing shard are refused in one line each.

import { ObsbenchError } from '../errors.js';
import {
  LOAD_SUMMED_FIELDS,
  type MergedBlock,
  type RunResult,
  type ShardBlock,
  type TimeseriesPoint,
} from '../model/run-result.js';
import { evaluateThresholds } from '../result/thresholds.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { mergeTimeseries } from '../stats/rate-window.js';

export interface ShardInput {
  /** Where it was read from, for messages. */
  source: string;
  result: RunResult;
}

export interface MergeOptions {
  /** Merge the shards there are and mark the result partial, instead of refusing. */
  allowMissing: boolean;
}

type Shard = ShardInput & { shard: ShardBlock };

function refuse(message: string): never {
  throw new ObsbenchError('E_USAGE', message);
}

/** The inputs as one run's shards, each once, by index; refused in one line when they are not. */
function checkShards(
  inputs: readonly ShardInput[],
  options: MergeOptions,
): { shards: Shard[]; missing: number[] } {
  if (inputs.length === 0) refuse('merge: no shard results given');
  const shards: Shard[] = inputs.map((input) => {
    const shard = input.result.shard;
    if (!shard)
      refuse(
        `${input.source}: not a shard's result (it has no "shard" block); merge takes the results of 'obsbench run --shard I/N'`,
      );
    return { ...input, shard };
  });
  const first = shards[0];
  for (const other of shards.slice(1)) {
    const mismatch = (what: string, a: string | number, b: string | number): never =>
      refuse(
        `${other.source}: ${what} ${JSON.stringify(b)}, but ${first.source} has ${JSON.stringify(a)}; merge the shards of one run only`,
      );
    if (other.shard.runId !== first.shard.runId) mismatch('run id', first.shard.runId, other.shard.runId);
    if (other.shard.count !== first.shard.count)
      mismatch('shard count', first.shard.count, other.shard.count);
    if (other.result.scenario.hash !== first.result.scenario.hash)
      mismatch(
        'scenario',
        `${first.result.scenario.name} (${first.result.scenario.hash})`,
        `${other.result.scenario.name} (${other.result.scenario.hash})`,
      );
  }
  const count = first.shard.count;
  const byIndex = new Map<number, Shard>();
  for (const s of shards) {
    const seen = byIndex.get(s.shard.index);
    if (seen)
      refuse(
        `shard ${s.shard.index} of ${count} is given twice: ${seen.source} and ${s.source}; give each shard's result once`,
      );
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !options.allowMissing) {
    refuse(
      `run ${first.shard.runId}: shard(s) ${missing.join(', ')} of ${count} missing (have ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')}); ` +
        "give every shard's result, or add --allow-missing to merge what is there (the result is then partial)",
    );
  }
  return { shards: [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index), missing };
}

function sum(shards: readonly Shard[], of: (r: RunResult) => number): number {
  return shards.reduce((total, s) => total + of(s.result), 0);
}

/** Null when any shard's figure is null (or absent), their sum otherwise. */
function sumOrNull(shards: readonly Shard[], of: (r: RunResult) => number | null | undefined): number | null {
  let total = 0;
  for (const s of shards) {
    const value = of(s.result);
    if (value === null || value === undefined) return null;
    total += value;
  }
  return total;
}

function mergedLatency(shards: readonly Shard[], of: (r: RunResult) => string): RunResult['latencyMs'] {
  const histogram = new LatencyHistogram();
  for (const s of shards) histogram.merge(of(s.result));
  return histogram.summary();
}

/**
 * Each shard's seconds moved to the earliest shard's clock (rounded to whole seconds), then summed;
 * a second's p99 is the highest shard's, an upper bound, as for the workers of one process.
 */
function alignedSeries(shards: readonly Shard[], t0EpochMs: number): TimeseriesPoint[] {
  return mergeTimeseries(
    shards.map((s) => {
      const offsetS = Math.round((s.shard.measureStartEpochMs - t0EpochMs) / 1000);
      return s.result.timeseries.map((p) => ({ ...p, tS: p.tS + offsetS }));
    }),
  );
}

function mergedErrors(shards: readonly Shard[]): RunResult['errors'] {
  const counts = new Map<string, number>();
  for (const s of shards)
    for (const e of s.result.errors) counts.set(e.message, (counts.get(e.message) ?? 0) + e.count);
  return [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
}

function statusOf(
  shards: readonly Shard[],
  missing: readonly number[],
  count: number,
): Pick<RunResult, 'status' | 'statusReason'> {
  const reasons = shards
    .filter((s) => s.result.status !== 'complete')
    .map((s) => `shard ${s.shard.index}: ${s.result.statusReason || 'partial'}`);
  if (missing.length > 0)
    reasons.unshift(`shard(s) ${missing.join(', ')} of ${count} missing (merged with --allow-missing)`);
  return { status: reasons.length > 0 ? 'partial' : 'complete', statusReason: reasons.join('; ') };
}

export function mergeShardResults(inputs: readonly ShardInput[], options: MergeOptions): RunResult {
  const { shards, missing } = checkShards(inputs, options);
  const base = shards[0];
  const count = base.shard.count;
  const starts = shards.map((s) => s.shard.measureStartEpochMs);
  const t0EpochMs = Math.min(...starts);
  const load = structuredClone(base.result.load);
  for (const key of LOAD_SUMMED_FIELDS) load[key] = sum(shards, (r) => r.load[key]);
  load.durationS = Math.max(...shards.map((s) => s.result.load.durationS));
  load.achievedRatePerS = load.durationS > 0 ? load.itemsAccepted / load.durationS : 0;
  const sources = new Set(shards.map((s) => s.result.load.acceptedSource));
  if (sources.size > 1 || sources.has('responses')) {
    load.acceptedSource = 'responses';
    load.acceptedSourceNote =
      `the sum of ${shards.length} shards' counts from the target's answers (the backend's own counters count ` +
      "every shard's items: compare them with this sum)";
  }
  const completeness = structuredClone(base.result.completeness);
  completeness.verified = sum(shards, (r) => r.completeness.verified);
  completeness.expected = sum(shards, (r) => r.completeness.expected);
  completeness.ratio =
    shards.every((s) => s.result.completeness.ratio !== null) && completeness.expected > 0
      ? completeness.verified / completeness.expected
      : null;
  const ceiling = sumOrNull(shards, (r) => r.harness.ceilingItemsPerS);
  const merged: MergedBlock = {
    runId: base.shard.runId,
    shardCount: count,
    shardsMerged: shards.map((s) => s.shard.index),
    shardsMissing: missing,
    startSpreadMs: Math.max(...starts) - t0EpochMs,
    measureStartEpochMs: t0EpochMs,
    shards: shards.map((s) => ({
      index: s.shard.index,
      source: s.source,
      status: s.result.status,
      statusReason: s.result.statusReason,
      cpuModel: s.result.env.cpuModel,
      cores: s.result.env.cores,
      itemsSent: s.result.load.itemsSent,
      itemsAccepted: s.result.load.itemsAccepted,
      latencyP99Ms: s.result.latencyMs.p99,
      measureStartEpochMs: s.shard.measureStartEpochMs,
    })),
  };
  const result: RunResult = {
    ...structuredClone(base.result),
    ...statusOf(shards, missing, count),
    startedAt: shards.map((s) => s.result.startedAt).sort()[0],
    endedAt:
      shards
        .map((s) => s.result.endedAt)
        .sort()
        .at(-1) ?? base.result.endedAt,
    load,
    latencyMs: mergedLatency(shards, (r) => r.latencyMs.hdrBase64),
    serviceTimeMs: mergedLatency(shards, (r) => r.serviceTimeMs.hdrBase64),
    completeness,
    timeseries: alignedSeries(shards, t0EpochMs),
    verdicts: [],
    harness: {
      ceilingItemsPerS: ceiling,
      ceilingMethod:
        ceiling === null
          ? 'not measured on every shard'
          : `the sum of ${shards.length} shards' ceilings, each: ${base.result.harness.ceilingMethod}`,
      wasBottleneck: shards.some((s) => s.result.harness.wasBottleneck),
      scheduleLagP99Ms: Math.max(...shards.map((s) => s.result.harness.scheduleLagP99Ms)),
      cpuCoresAvg: sumOrNull(shards, (r) => r.harness.cpuCoresAvg),
    },
    errors: mergedErrors(shards),
    merged,
  };
  delete result.shard;
  result.verdicts = evaluateThresholds(result, base.shard.expect);
  return result;
}
