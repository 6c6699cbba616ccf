// The merge's arithmetic on shard results whose latencies and seconds differ: percentiles from
// the union of the histograms (not an average of the shards'), seconds moved to the earliest
// shard's clock, thresholds evaluated on the merged figures.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeShardResults, type ShardInput } from '../../../src/compare/merge-shards.js';
import type { RunResult } from '../../../src/model/run-result.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';
import { makeRunResult } from '../reporters/fixture.js';

const T0 = 1_790_000_000_000;

function shard(
  index: number,
  o: { latenciesMs: number[]; startOffsetMs: number; sentPerS: number[] },
): ShardInput {
  const r: RunResult = makeRunResult({ name: 'sharded' });
  const h = new LatencyHistogram();
  for (const ms of o.latenciesMs) h.recordMs(ms);
  r.latencyMs = h.summary();
  r.serviceTimeMs = h.summary();
  r.load.itemsSent = o.sentPerS.reduce((a, b) => a + b, 0);
  r.load.itemsAccepted = r.load.itemsSent;
  r.load.targetRatePerS = 1000;
  r.load.durationS = o.sentPerS.length;
  r.harness.ceilingItemsPerS = 50_000;
  r.timeseries = o.sentPerS.map((sent, tS) => ({
    tS,
    sentPerS: sent,
    acceptedPerS: sent,
    failedPerS: 0,
    latencyP99Ms: 10 + index,
  }));
  r.shard = {
    index,
    count: 3,
    runId: 'r1',
    measureStartEpochMs: T0 + o.startOffsetMs,
    expect: [{ source: 'p99LatencyMs < 50', metric: 'p99LatencyMs', op: '<', value: 50 }],
  };
  return { source: `shard-${index}.json`, result: r };
}

test('percentiles come from the union of the shards histograms, and thresholds are judged on them', () => {
  // Shard 2 alone has 1.5% of its requests at 200 ms, so its p99 is 200 ms; over all three shards
  // those are 0.5%, so the run's p99 is 5 ms: neither the highest shard p99 nor their mean.
  const fast = Array.from({ length: 1000 }, () => 5);
  const slow = [...Array.from({ length: 985 }, () => 5), ...Array.from({ length: 15 }, () => 200)];
  const inputs = [
    shard(0, { latenciesMs: fast, startOffsetMs: 0, sentPerS: [100, 100] }),
    shard(1, { latenciesMs: fast, startOffsetMs: 0, sentPerS: [100, 100] }),
    shard(2, { latenciesMs: slow, startOffsetMs: 0, sentPerS: [100, 100] }),
  ];
  assert.ok(inputs[2].result.latencyMs.p99 > 199);
  const merged = mergeShardResults(inputs, { allowMissing: false });
  const union = new LatencyHistogram();
  for (const i of inputs) union.merge(i.result.latencyMs.hdrBase64);
  assert.equal(merged.latencyMs.p99, union.summary().p99);
  assert.equal(merged.latencyMs.count, 3000);
  assert.ok(merged.latencyMs.p99 < 6, `the union's p99: ${merged.latencyMs.p99}`);
  assert.ok(merged.latencyMs.max > 199);
  assert.equal(merged.verdicts[0].state, 'pass');
  assert.equal(merged.load.targetRatePerS, 3000);
  assert.equal(merged.harness.ceilingItemsPerS, 150_000);
  assert.equal(merged.shard, undefined);
});

test("seconds are aligned on the earliest shard's clock and summed; a second's p99 is the highest shard's", () => {
  const latenciesMs = [5, 6, 7];
  const merged = mergeShardResults(
    [
      shard(0, { latenciesMs, startOffsetMs: 0, sentPerS: [10, 20, 30] }),
      shard(1, { latenciesMs, startOffsetMs: 1040, sentPerS: [1, 2, 3] }),
      shard(2, { latenciesMs, startOffsetMs: 2, sentPerS: [100, 200, 300] }),
    ],
    { allowMissing: false },
  );
  assert.deepEqual(
    merged.timeseries.map((p) => p.sentPerS),
    [110, 221, 332, 3],
  );
  assert.deepEqual(
    merged.timeseries.map((p) => p.latencyP99Ms),
    [12, 12, 12, 11],
  );
  assert.equal(merged.merged?.startSpreadMs, 1040);
  assert.equal(merged.merged?.measureStartEpochMs, T0);
  assert.equal(merged.load.itemsSent, 60 + 6 + 600);
});
