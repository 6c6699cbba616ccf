// The trace sample fetched back: each trace classed complete, partial, missing, extra or
// unanswered; traces not yet whole are asked again until the settle time; the lookups are bounded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SampledTrace } from '../../../../src/model/trace-sample.js';
import { checkTraceSample } from '../../../../src/probes/read/trace-sample-check.js';

const ctx = {
  baseUrl: 'http://127.0.0.1:1',
  signal: 'traces',
  shape: {},
  seed: 1,
  fromUs: 0,
  toUs: 1,
} as never;
const sample = (n: number): SampledTrace[] =>
  Array.from({ length: n }, (_, i) => ({ traceId: i.toString(16).padStart(32, '0'), spans: 8 }));

/** A clock that moves only when the check sleeps. */
function fakeTime() {
  let nowMs = 0;
  return { now: () => nowMs, sleep: async (ms: number) => void (nowMs += ms) };
}

test('each trace is classed by the spans the store returns for it', async () => {
  const stored: Record<number, number | null | 'error'> = { 0: 8, 1: 5, 2: null, 3: 9, 4: 'error', 5: 8 };
  const report = await checkTraceSample(
    {
      spansOfTrace: async (_ctx, id) => {
        const found = stored[Number.parseInt(id, 16)];
        if (found === 'error') throw new Error('HTTP 500');
        return found;
      },
    },
    ctx,
    sample(6),
    { ...fakeTime(), settleMs: 2000, retryMs: 1000 },
  );
  assert.equal(report.sampled, 6);
  assert.equal(report.complete, 2);
  assert.equal(report.partial, 1);
  assert.equal(report.missing, 1);
  assert.equal(report.extra, 1);
  assert.equal(report.unanswered, 1);
  assert.equal(report.ratio, 2 / 5);
  assert.deepEqual(
    report.mismatches.map((m) => [Number.parseInt(m.traceId, 16), m.spansSent, m.spansFound]),
    [
      [1, 8, 5],
      [2, 8, null],
      [3, 8, 9],
    ],
  );
});

test('a trace that becomes whole before the settle time counts as complete; asked only while not whole', async () => {
  const asked = new Map<string, number>();
  const time = fakeTime();
  const report = await checkTraceSample(
    {
      spansOfTrace: async (_ctx, id) => {
        asked.set(id, (asked.get(id) ?? 0) + 1);
        // Trace 1 shows after 2 s; trace 2 never.
        if (id.endsWith('1')) return time.now() >= 2000 ? 8 : null;
        if (id.endsWith('2')) return null;
        return 8;
      },
    },
    ctx,
    sample(3),
    { ...time, settleMs: 5000, retryMs: 1000 },
  );
  assert.equal(report.complete, 2);
  assert.equal(report.missing, 1);
  assert.equal(asked.get(sample(3)[0].traceId), 1, 'a whole trace is not asked again');
  assert.equal(asked.get(sample(3)[1].traceId), 3, 'asked at 0, 1 and 2 s');
  assert.equal(asked.get(sample(3)[2].traceId), 6, 'asked until the settle time');
});

test('no lookup starts after maxMs: a store that hangs leaves the rest unanswered', async () => {
  const time = fakeTime();
  let calls = 0;
  const report = await checkTraceSample(
    {
      spansOfTrace: async () => {
        calls++;
        await time.sleep(1000); // each lookup takes 1 s of the fake clock
        throw new Error('no answer within 1000 ms');
      },
    },
    ctx,
    sample(100),
    { ...time, concurrency: 2, maxMs: 10_000, settleMs: 60_000 },
  );
  assert.ok(calls <= 12, `${calls} lookups started`);
  assert.equal(report.unanswered, 100);
  assert.equal(report.ratio, null);
});
