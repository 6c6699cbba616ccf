// Assembles the canonical RunResult from what a run measured. Pure: no I/O, so it is easy to test.

import { availableParallelism } from 'node:os';
import type { LoadOutcome } from '../load/engine.js';
import { type RunResult, SCHEMA_VERSION } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import type { ShardSpec } from '../model/shard.js';
import { evaluateThresholds } from '../result/thresholds.js';
import { downstreamSummary } from './downstream-summary.js';
import type { EnvInfo, ToolInfo } from './environment.js';
import type { BackendMeasurement, DownstreamReading, HopCounts, ReadMeasurement } from './findings.js';
import { lateForWantOfCpu } from './harness-busy.js';
import type { HarnessCeiling } from './harness-ceiling.js';

export interface RunFacts {
  scenario: Scenario;
  outcome: LoadOutcome;
  tool: ToolInfo;
  env: EnvInfo;
  startedAt: Date;
  endedAt: Date;
  ceiling: HarnessCeiling | null;
  /** What the target counted itself since the run opened it (warmup included), or null. */
  targetCounts: HopCounts | null;
  /** Why the target has no counters obsbench can read ('' or absent when it has). */
  targetCountsNote?: string;
  backendName: string;
  backendVersion: string;
  /** '' for a complete run; why it ended early otherwise. */
  stopReason: string;
  /** CPU, RSS and disk of a managed backend; null for the sink and external endpoints. */
  measurement?: BackendMeasurement | null;
  /** Freshness, completeness and query latency, for targets with a read probe. */
  read?: ReadMeasurement | null;
  /** What the backend behind a managed first hop counted (warmup included), or null / absent. */
  downstream?: DownstreamReading | null;
  /** This run's shard, when it is one of several processes (obsbench run --shard). */
  shard?: ShardSpec | null;
}

/** Target rate of the plan: its average over the measured duration (0 for max-throughput). */
export function plannedRatePerS(scenario: Scenario): number {
  const l = scenario.load;
  if (l.executor === 'max-throughput' || l.durationS <= 0) return 0;
  const items = l.segments.reduce((sum, s) => sum + ((s.fromRatePerS + s.toRatePerS) / 2) * s.durationS, 0);
  return items / l.durationS;
}

/** Schedule lag p99 above which a run that missed its target may blame the harness. */
const LATE_SCHEDULE_P99_MS = 100;

export function buildRunResult(f: RunFacts): RunResult {
  const { scenario, outcome } = f;
  const c = outcome.counters;
  const durationS = outcome.measuredDurationS > 0 ? outcome.measuredDurationS : scenario.load.durationS;
  // A shard's target is its share of the plan: merge sums the shares back to the plan's rate.
  const targetRatePerS = plannedRatePerS(scenario) / (f.shard?.count ?? 1);
  const scheduleLagP99Ms = outcome.scheduleLag.summary().p99;
  const expected = c.itemsAcceptedAllPhases;
  const rawCounted = f.targetCounts ? f.targetCounts.accepted : null;
  // A target that counts more than it was sent counts another unit (VictoriaMetrics stores one
  // OTLP histogram point as many samples): its counter cannot stand in for accepted items.
  const comparable = rawCounted !== null && rawCounted <= expected;
  const counted = comparable ? rawCounted : null;
  // The target's own count covers warmup too; the warmup share is known from its answers.
  const warmupAccepted = c.itemsAcceptedAllPhases - c.itemsAccepted;
  const itemsAccepted = counted === null ? c.itemsAccepted : Math.max(0, counted - warmupAccepted);
  const refusedByTarget = f.targetCounts?.refused ?? null;
  const itemsRefused = refusedByTarget === null ? c.itemsRefused : Math.max(c.itemsRefused, refusedByTarget);
  const achievedRatePerS = durationS > 0 ? itemsAccepted / durationS : 0;
  const ceiling = f.ceiling;
  const missedTarget = targetRatePerS > 0 && achievedRatePerS < 0.99 * targetRatePerS;
  // Dropped schedules alone do not blame the harness: every in-flight slot is also taken when the
  // backend is slow or never answers. A harness out of CPU shows as schedule lag with its cores busy.
  const harnessLimited =
    (ceiling !== null && ceiling.itemsPerS < 1.1 * targetRatePerS) ||
    lateForWantOfCpu(
      scheduleLagP99Ms,
      outcome.harnessCoresBusy,
      f.env.harnessCores?.length ?? availableParallelism(),
      LATE_SCHEDULE_P99_MS,
    );

  const result: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: f.tool,
    status: f.stopReason ? 'partial' : 'complete',
    statusReason: f.stopReason,
    startedAt: f.startedAt.toISOString(),
    endedAt: f.endedAt.toISOString(),
    scenario: scenarioBlock(scenario),
    env: f.env,
    load: {
      targetRatePerS,
      achievedRatePerS,
      itemsSent: c.itemsSent,
      itemsAccepted,
      acceptedSource: counted === null ? 'responses' : 'backend-counters',
      ...(counted === null && f.targetCountsNote ? { acceptedSourceNote: f.targetCountsNote } : {}),
      itemsRefused,
      itemsFailed: c.itemsFailed,
      itemsLost: Math.max(0, c.itemsSent - itemsAccepted - itemsRefused - c.itemsFailed),
      requests: c.requests,
      requestsFailed: c.requestsFailed,
      retries: c.retries,
      droppedSchedules: c.droppedSchedules,
      droppedItems: c.droppedItems,
      rawBytes: c.rawBytes,
      wireBytes: c.wireBytes,
      durationS,
      warmupS: scenario.load.warmupS,
    },
    latencyMs: outcome.latency.summary(),
    serviceTimeMs: outcome.serviceTime.summary(),
    backend: backendFigures(f, itemsAccepted, counted ?? c.itemsAcceptedAllPhases, durationS),
    read: readBlock(f.read ?? null),
    completeness: completenessBlock(f, rawCounted, counted, expected),
    timeseries: withBackendSeries(outcome.timeseries, f.measurement ?? null),
    verdicts: [],
    harness: {
      ceilingItemsPerS: ceiling ? ceiling.itemsPerS : null,
      ceilingMethod: ceiling ? ceiling.method : 'not measured (--ceiling 0)',
      wasBottleneck: missedTarget && harnessLimited,
      scheduleLagP99Ms,
      cpuCoresAvg: outcome.harnessCoresBusy,
    },
    errors: outcome.errors,
  };
  if (f.downstream) result.downstream = downstreamSummary(f.downstream, warmupAccepted);
  if (f.shard) {
    result.shard = {
      index: f.shard.index,
      count: f.shard.count,
      runId: f.shard.runId,
      measureStartEpochMs: outcome.measureStartEpochMs,
      expect: scenario.expect,
    };
  }
  // A shard's figures are its share of the run: its thresholds are judged on the merge (obsbench merge).
  result.verdicts = f.shard ? [] : evaluateThresholds(result, scenario.expect);
  return result;
}

function scenarioBlock(scenario: Scenario): RunResult['scenario'] {
  return {
    name: scenario.name,
    hash: scenario.hash,
    signal: scenario.signal,
    target: scenario.target.kind,
    protocol: scenario.protocol,
    encoding: scenario.encoding,
    compression: scenario.compression,
    seed: scenario.seed,
    executor: scenario.load.executor,
    batchSize: scenario.load.batchSize,
    workers: scenario.load.workers,
    sourcePath: scenario.sourcePath,
  };
}

/**
 * Completeness by the read path's query when there is one; otherwise by the target's own counter
 * against what it acknowledged, where that counter counts items at all.
 */
function completenessBlock(
  f: RunFacts,
  rawCounted: number | null,
  counted: number | null,
  expected: number,
): RunResult['completeness'] {
  const block = completenessCounts(f, rawCounted, counted, expected);
  if (f.read?.traceSample) block.traceSample = f.read.traceSample;
  if (f.read?.afterRestart) block.afterRestart = true;
  return block;
}

function completenessCounts(
  f: RunFacts,
  rawCounted: number | null,
  counted: number | null,
  expected: number,
): RunResult['completeness'] {
  const checked = f.read?.completeness;
  if (checked) {
    const basis = f.read?.afterRestart
      ? 'expected: items the target acknowledged before it died, warmup included; counted after restarting it on the same data dir'
      : 'expected: items sent in every phase, warmup included';
    return {
      verified: checked.verified,
      expected: checked.expected,
      ratio: checked.ratio,
      method: `${checked.method}; ${basis}`,
      missing: checked.missing,
      duplicated: checked.duplicated,
      byGroup: checked.byGroup,
    };
  }
  if (counted === null) {
    return {
      verified: rawCounted ?? 0,
      expected,
      ratio: null,
      method:
        rawCounted === null
          ? 'not checked: the target has no item counter'
          : `not comparable: the target counted ${rawCounted} of its own units for ${expected} items acknowledged`,
    };
  }
  return {
    verified: counted,
    expected,
    ratio: expected > 0 ? counted / expected : null,
    method: "items the target's own counters show vs items it acknowledged (warmup included)",
  };
}

function perMillion(value: number, items: number): number | null {
  return items > 0 ? (value / items) * 1e6 : null;
}

/** The backend block: its name and version, and what the probes measured of a managed one. */
function backendFigures(
  f: RunFacts,
  itemsAcceptedMeasured: number,
  itemsStoredAllPhases: number,
  durationS: number,
): RunResult['backend'] {
  const m = f.measurement ?? null;
  const usage = m?.usage ?? null;
  const diskBytes = m?.disk ? m.disk.bytes : null;
  const diskBytesAtStart = m?.diskAtStart ? m.diskAtStart.bytes : null;
  // What the run's data took: the growth of the data dir, when both ends were measured.
  const grownBytes = diskBytes !== null ? diskBytes - (diskBytesAtStart ?? 0) : null;
  const rawBytes = f.outcome.counters.rawBytesAcceptedAllPhases;
  return {
    name: f.backendName,
    version: f.backendVersion,
    // Over the measured phase: the readings bracket it, so their average cores times its length.
    cpuSeconds: usage ? usage.coresAvg * durationS : null,
    coresAvg: usage ? usage.coresAvg : null,
    rssAvgBytes: usage ? usage.rssAvgBytes : null,
    rssMaxBytes: usage ? usage.rssMaxBytes : null,
    diskBytes,
    diskBytesAtStart,
    diskAllocatedBytes: m?.disk ? m.disk.allocatedBytes : null,
    bytesPerItem:
      grownBytes !== null && grownBytes > 0 && itemsStoredAllPhases > 0
        ? grownBytes / itemsStoredAllPhases
        : null,
    compressionRatio: grownBytes !== null && grownBytes > 0 ? rawBytes / grownBytes : null,
    // Average cores over the window times its length: the readings bracket the window, not match it.
    cpuSecondsPerMillionItems: usage ? perMillion(usage.coresAvg * durationS, itemsAcceptedMeasured) : null,
    ownStorageFigures: m?.ownStorageFigures ?? {},
    probeNote: m
      ? m.note
      : 'not measured: the backend is not managed by this run (sink or external endpoint)',
  };
}

/** The load's per-second series with the backend's CPU, RSS and own accept rate beside it. */
function withBackendSeries(
  points: RunResult['timeseries'],
  m: BackendMeasurement | null,
): RunResult['timeseries'] {
  if (!m) return points;
  return points.map((p) => {
    const b = m.perSecond[p.tS];
    if (!b) return p;
    const out = { ...p };
    if (b.cpuCores !== null) out.backendCpuCores = b.cpuCores;
    if (b.rssBytes !== null) out.backendRssBytes = b.rssBytes;
    if (b.acceptedPerS !== null) out.backendAcceptedPerS = b.acceptedPerS;
    return out;
  });
}

function readBlock(r: ReadMeasurement | null): RunResult['read'] {
  if (!r) return { queries: {}, freshnessMs: null };
  const f = r.freshness;
  return {
    queries: r.queries,
    freshnessMs: f.p50Ms,
    freshness: {
      p50Ms: f.p50Ms,
      p99Ms: f.p99Ms,
      maxMs: f.maxMs,
      samples: f.samplesMs.length,
      timeouts: f.timeouts,
      seriesVisibleMs: f.seriesVisibleMs,
    },
    note: r.note,
  };
}
