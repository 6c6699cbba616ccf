import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bestPoints,
  itemsPerCoreSecond,
  peerVerdict,
  sizesMatch,
  steadyPair,
  type ToolSample,
  type WindowFigures,
  windowFigures,
} from '../../../bench/peer-figures.js';

/** A sample `s` seconds in, with `items` traces (120 B each), the tool's CPU and both cores' ticks. */
function sample(
  s: number,
  items: number,
  cpuSeconds: number,
  busyTicks: [number, number] = [0, 0],
): ToolSample {
  const zero = { items: 0, rawBytes: 0 };
  return {
    reading: {
      atEpochMs: 1_000_000 + s * 1000,
      items,
      signals: { traces: { items, rawBytes: items * 120 }, metrics: zero, logs: zero },
      ticks: { busy: busyTicks, total: [s * 100, s * 100] },
    },
    toolCpuSeconds: cpuSeconds,
  };
}

test('steadyPair starts warmupS after the sink first counts the tool items, and spans windowS', () => {
  const samples = [
    sample(0, 500, 0.1), // items left by an earlier run: the base, not the start
    sample(0.25, 500, 0.2),
    sample(0.5, 1500, 0.3), // first items
    sample(0.75, 2500, 0.4),
    sample(1, 3500, 0.5),
    sample(1.25, 4500, 0.6),
    sample(1.5, 5500, 0.7),
    sample(1.75, 6500, 0.8),
  ];
  const pair = steadyPair(samples, 'traces', 0.5, 0.5);
  assert.ok(pair);
  assert.equal(pair.from.reading.atEpochMs, 1_001_000);
  assert.equal(pair.to.reading.atEpochMs, 1_001_500);
  // The window does not fit in what was sampled while the tool ran.
  assert.equal(steadyPair(samples, 'traces', 0.5, 1), null);
  // No items of this signal at all (telemetrygen unthrottled on one core exports only at exit).
  assert.equal(steadyPair(samples, 'logs', 0, 0.5), null);
  assert.equal(steadyPair([], 'traces', 0, 0), null);
});

test('windowFigures: sink items over the tool CPU seconds, items/s, bytes per item, cores busy', () => {
  const from = sample(2, 100_000, 1.5, [150, 180]);
  const to = sample(12, 1_100_000, 5.5, [1050, 1150]);
  const f = windowFigures(from, to, 'traces', { tool: 0, sink: 1 });
  assert.deepEqual(f, {
    rawBytesPerItem: 120,
    acceptedItemsPerS: 100_000,
    cpuSeconds: 4,
    itemsPerCoreSecond: 250_000,
    harnessCoreBusy: 0.9,
    sinkCoreBusy: 0.97,
    sinkLimited: false, // both saturated: not the sink alone
  });
  const sinkBound = windowFigures(sample(2, 0, 0, [0, 0]), sample(12, 10, 1, [500, 950]), 'traces', {
    tool: 0,
    sink: 1,
  });
  assert.equal(sinkBound.harnessCoreBusy, 0.5);
  assert.equal(sinkBound.sinkLimited, true);
  const unpinned = windowFigures(from, to, 'traces', null);
  assert.equal(unpinned.harnessCoreBusy, null);
  assert.equal(unpinned.sinkLimited, false);
});

test('itemsPerCoreSecond is 0, not Infinity, when no CPU time was measured', () => {
  assert.equal(itemsPerCoreSecond(1000, 0.5), 2000);
  assert.equal(itemsPerCoreSecond(1000, 0), 0);
});

test('bestPoints take the most items per core-second among points with enough CPU to measure', () => {
  const figures = (itemsPerCoreSecond: number, cpuSeconds: number): WindowFigures => ({
    rawBytesPerItem: 150,
    acceptedItemsPerS: 1,
    cpuSeconds,
    itemsPerCoreSecond,
    harnessCoreBusy: null,
    sinkCoreBusy: null,
    sinkLimited: false,
  });
  const points = [
    { name: 'unthrottled', figures: figures(4_000, 1.4) },
    { name: 'no window', figures: null },
    { name: 'throttled', figures: figures(130_000, 0.9) },
    { name: 'idle', figures: figures(900_000, 0.02) }, // two clock ticks: not a measurement
    { name: 'many workers', figures: figures(120_000, 1.4) },
  ];
  const names = (min: number, count: number): string[] => bestPoints(points, min, count).map((p) => p.name);
  assert.deepEqual(names(0.15, 1), ['throttled']);
  assert.deepEqual(names(0.15, 3), ['throttled', 'many workers', 'unthrottled']);
  assert.deepEqual(names(0.15, 10), ['throttled', 'many workers', 'unthrottled']);
  assert.deepEqual(names(0, 1), ['idle']);
  assert.deepEqual(bestPoints([{ figures: null }], 0, 1), []);
});

test('peerVerdict: ratio of per-core-second figures against the target; sizesMatch within a share', () => {
  assert.deepEqual(peerVerdict(1_500_000, 120_000, 10), { ratio: 12.5, target: 10, met: true });
  assert.deepEqual(peerVerdict(900_000, 120_000, 10), { ratio: 7.5, target: 10, met: false });
  assert.deepEqual(peerVerdict(900_000, 0, 10), { ratio: null, target: 10, met: false });
  assert.equal(sizesMatch(157, 155.5, 0.1), true);
  assert.equal(sizesMatch(122, 54, 0.1), false);
  assert.equal(sizesMatch(10, 0, 0.1), false);
});
