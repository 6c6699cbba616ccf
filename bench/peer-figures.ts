// The arithmetic of the peers bench, kept pure for its unit test: the steady window of one tool's
// run in the sink's readings, the figures over it (items the sink accepted per second and per CPU
// second the tool used), the sweep's choice of the tool's best setting, and the verdict.

import type { Signal } from '../src/model/index.js';
import type { SinkReading } from './child-run.js';
import { coreBusyShare } from './core-busy.js';
import { limitOf, round3 } from './core-limit.js';

/** A sink reading with the CPU seconds the measured tool (its process tree) had used when it arrived. */
export interface ToolSample {
  reading: SinkReading;
  toolCpuSeconds: number;
}

/** What one tool achieved over one window, counted by the sink. */
export interface WindowFigures {
  /** Raw (uncompressed OTLP protobuf) bytes per item the sink accepted, one decimal. */
  rawBytesPerItem: number;
  acceptedItemsPerS: number;
  /** CPU seconds (user + system) the tool's process tree used over the window. */
  cpuSeconds: number;
  /** Items the sink accepted per CPU second of the tool: the figure the tools are compared by. */
  itemsPerCoreSecond: number;
  /** Busy share (0..1) of the tool's core and of the sink's core; null when not pinned. */
  harnessCoreBusy: number | null;
  sinkCoreBusy: number | null;
  /** The sink's core saturated while the tool's did not: the rate is the sink's, not the tool's. */
  sinkLimited: boolean;
}

/**
 * The samples bounding a run's steady part: `warmupS` after the sink first counted more of
 * `signal` than at the first sample, to the first sample `windowS` later; null when the samples
 * (taken only while the tool ran) do not reach that far.
 */
export function steadyPair(
  samples: readonly ToolSample[],
  signal: Signal,
  warmupS: number,
  windowS: number,
): { from: ToolSample; to: ToolSample } | null {
  if (samples.length < 2) return null;
  const itemsAt = (i: number): number => samples[i].reading.signals[signal].items;
  const atMs = (i: number): number => samples[i].reading.atEpochMs;
  const firstItems = samples.findIndex((_, i) => itemsAt(i) > itemsAt(0));
  if (firstItems < 0) return null;
  const from = samples.findIndex((_, i) => i >= firstItems && atMs(i) >= atMs(firstItems) + warmupS * 1000);
  if (from < 0) return null;
  const to = samples.findIndex((_, i) => i > from && atMs(i) >= atMs(from) + windowS * 1000);
  return to < 0 ? null : { from: samples[from], to: samples[to] };
}

/** Items per CPU second; 0 when no CPU time was measured (nothing to divide by). */
export function itemsPerCoreSecond(items: number, cpuSeconds: number): number {
  return cpuSeconds > 0 ? items / cpuSeconds : 0;
}

/** The figures between two samples; `cores` names the tool's and the sink's core when pinned. */
export function windowFigures(
  from: ToolSample,
  to: ToolSample,
  signal: Signal,
  cores: { tool: number; sink: number } | null,
): WindowFigures {
  const items = to.reading.signals[signal].items - from.reading.signals[signal].items;
  const rawBytes = to.reading.signals[signal].rawBytes - from.reading.signals[signal].rawBytes;
  const seconds = (to.reading.atEpochMs - from.reading.atEpochMs) / 1000;
  const cpuSeconds = to.toolCpuSeconds - from.toolCpuSeconds;
  const busy = (core: number | undefined): number | null =>
    core === undefined ? null : coreBusyShare(from.reading.ticks, to.reading.ticks, core);
  const harnessCoreBusy = busy(cores?.tool);
  const sinkCoreBusy = busy(cores?.sink);
  return {
    rawBytesPerItem: items > 0 ? Math.round((rawBytes / items) * 10) / 10 : 0,
    acceptedItemsPerS: seconds > 0 ? Math.round(items / seconds) : 0,
    cpuSeconds: round3(cpuSeconds) ?? 0,
    itemsPerCoreSecond: Math.round(itemsPerCoreSecond(items, cpuSeconds)),
    harnessCoreBusy: round3(harnessCoreBusy),
    sinkCoreBusy: round3(sinkCoreBusy),
    sinkLimited: limitOf(harnessCoreBusy, sinkCoreBusy) === 'sink',
  };
}

/**
 * The sweep's picks: the `count` points with the most items per core-second, best first, among
 * those that used at least `minCpuSeconds` (below that, clock-tick rounding of the CPU time
 * decides the figure).
 */
export function bestPoints<T extends { figures: WindowFigures | null }>(
  points: readonly T[],
  minCpuSeconds: number,
  count: number,
): T[] {
  const perCoreS = (p: T): number => p.figures?.itemsPerCoreSecond ?? 0;
  return points
    .filter((p) => p.figures !== null && p.figures.cpuSeconds >= minCpuSeconds && perCoreS(p) > 0)
    .sort((x, y) => perCoreS(y) - perCoreS(x))
    .slice(0, count);
}

/** obsbench's items per core-second over telemetrygen's, against the target ratio. */
export function peerVerdict(
  obsbenchPerCoreS: number,
  peerPerCoreS: number,
  target: number,
): { ratio: number | null; target: number; met: boolean } {
  const ratio = peerPerCoreS > 0 ? Math.round((obsbenchPerCoreS / peerPerCoreS) * 100) / 100 : null;
  return { ratio, target, met: ratio !== null && ratio >= target };
}

/** Whether two sizes per item are within `tolerance` (a share, e.g. 0.1) of the reference `b`. */
export function sizesMatch(a: number, b: number, tolerance: number): boolean {
  return b > 0 && Math.abs(a - b) <= tolerance * b;
}
