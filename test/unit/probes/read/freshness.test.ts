import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FreshnessProbe, percentile } from '../../../../src/probes/read/freshness.js';
import type { ReadContext, ReadProbe } from '../../../../src/probes/read/read-probe.js';

const ctx = { baseUrl: 'http://127.0.0.1:1', fromUs: 0, toUs: 1 } as ReadContext;

/** A backend where canary seq becomes visible visibleAfterMs[seq] (default: the last entry) after its write. */
function fakeProbe(visibleAfterMs: (seq: number) => number, failWrite = -1): ReadProbe {
  const writtenAt = new Map<number, number>();
  return {
    unit: 'x',
    queries: async () => [],
    countStored: async () => ({ total: 0, byGroup: null }),
    canary: {
      write: async (_ctx, seq) => {
        if (seq === failWrite) throw new Error('HTTP 503');
        writtenAt.set(seq, performance.now());
      },
      isVisible: async (_ctx, seq) =>
        performance.now() - (writtenAt.get(seq) ?? Infinity) >= visibleAfterMs(seq),
    },
  };
}

test('percentile is nearest-rank', () => {
  assert.equal(percentile([], 50), null);
  assert.equal(percentile([5], 99), 5);
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([1, 2, 3, 4], 99), 4);
});

test('FreshnessProbe measures each canary from write to visible, after priming the series', async () => {
  const probe = new FreshnessProbe(
    fakeProbe((seq) => (seq === 0 ? 120 : 60)),
    ctx,
    {
      intervalMs: 40,
      pollMs: 10,
      timeoutMs: 1000,
    },
  );
  probe.start();
  assert.equal(await probe.ready(), true);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const result = await probe.stop();
  assert.ok(result.seriesVisibleMs !== null && result.seriesVisibleMs >= 120, String(result.seriesVisibleMs));
  assert.ok(result.samplesMs.length >= 3, String(result.samplesMs.length));
  for (const ms of result.samplesMs) assert.ok(ms >= 60 && ms < 200, String(ms));
  assert.equal(result.timeouts, 0);
  assert.ok(result.p50Ms !== null && result.p99Ms !== null && result.maxMs !== null);
  assert.ok(result.p50Ms <= result.p99Ms && result.p99Ms <= result.maxMs);
});

test('FreshnessProbe counts canaries that never show as timeouts and failed writes as errors', async () => {
  const probe = new FreshnessProbe(
    fakeProbe((seq) => (seq === 2 ? Infinity : 0), 3),
    ctx,
    {
      intervalMs: 30,
      pollMs: 5,
      timeoutMs: 80,
    },
  );
  probe.start();
  await probe.ready();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  const result = await probe.stop();
  assert.ok(performance.now() - started < 200, 'stop waits at most about one timeout');
  assert.equal(result.timeouts, 1);
  assert.equal(result.writeErrors, 1);
  assert.match(result.lastError, /HTTP 503/);
  for (const ms of result.samplesMs) assert.ok(ms > 0);
  assert.equal(result.maxMs, 80, 'a timed-out canary ranks at the timeout, not out of the figures');
});

test('a frozen backend: writes do not queue up, and abandon() ends stop() at once', async () => {
  let writes = 0;
  const frozen = {
    unit: 'x',
    queries: async () => [],
    countStored: async () => ({ total: 0, byGroup: null }),
    canary: {
      write: async () => {
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error('timeout');
      },
      isVisible: async () => false,
    },
  };
  const probe = new FreshnessProbe(frozen, ctx, { intervalMs: 20, pollMs: 5, timeoutMs: 50 });
  probe.start();
  await new Promise((resolve) => setTimeout(resolve, 700));
  const stopped = probe.stop();
  probe.abandon();
  const started = performance.now();
  await stopped;
  assert.ok(performance.now() - started < 400, 'at most the write in flight is waited for');
  assert.ok(writes <= 4, `writes ${writes}: one at a time, none queued behind a frozen one`);
});
