// The settle helper on a manual clock: each way a wait ends, with no wall-clock waiting.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SettleClock, settle } from '../../../src/run/settle.js';

/** A clock whose sleeps advance it at once. */
function manualClock(): SettleClock {
  let now = 0;
  return {
    nowMs: () => now,
    sleepMs: async (ms) => {
      now += ms;
    },
  };
}

/** Reads the values in turn (the last one repeats), recording when each was read. */
function sequence<T>(clock: SettleClock, values: T[]): { read(): Promise<T>; readAtMs: number[] } {
  const readAtMs: number[] = [];
  let i = 0;
  return {
    readAtMs,
    read: async () => {
      readAtMs.push(clock.nowMs());
      return values[Math.min(i++, values.length - 1)];
    },
  };
}

test('ends as soon as the value reaches the target', async () => {
  const clock = manualClock();
  const s = sequence(clock, [1, 5, 10, 11]);
  const r = await settle({
    read: s.read,
    reached: (v) => v >= 10,
    stableMs: 1000,
    deadlineMs: 10_000,
    pollMs: 250,
    clock,
  });
  assert.deepEqual([r.value, r.by, r.waitedMs], [10, 'reached', 500]);
});

test('ends once the value stops moving for stableMs', async () => {
  const clock = manualClock();
  const s = sequence(clock, [1, 2, 3, 3, 3, 3, 3, 3]);
  const r = await settle({ read: s.read, stableMs: 1000, deadlineMs: 10_000, pollMs: 250, clock });
  // Last change at 500 ms; unchanged through 1500 ms.
  assert.deepEqual([r.value, r.by, r.waitedMs], [3, 'stable', 1500]);
});

test('a stable value short of what acceptStable wants waits out the deadline', async () => {
  const clock = manualClock();
  const s = sequence(clock, [7]);
  const r = await settle({
    read: s.read,
    stableMs: 250,
    acceptStable: (v) => v >= 10,
    deadlineMs: 5000,
    pollMs: 250,
    clock,
  });
  assert.deepEqual([r.value, r.by, r.waitedMs], [7, 'deadline', 5000]);
  assert.equal(s.readAtMs.length, 21, 'one read at start, one per poll');
});

test('stability counts only after stableNotBeforeMs; reaching the target does not wait for it', async () => {
  const clock = manualClock();
  const stable = await settle({
    read: sequence(clock, [4]).read,
    stableMs: 1000,
    stableNotBeforeMs: 6000,
    deadlineMs: 16_000,
    pollMs: 250,
    clock,
  });
  assert.deepEqual([stable.by, stable.waitedMs], ['stable', 6000]);
  const reached = await settle({
    read: sequence(manualClock(), [4]).read,
    reached: (v) => v >= 4,
    stableMs: 1000,
    stableNotBeforeMs: 6000,
    deadlineMs: 16_000,
    pollMs: 250,
    clock: manualClock(),
  });
  assert.deepEqual([reached.by, reached.waitedMs], ['reached', 0]);
});

test('the last poll is cut to the deadline, and structured values compare with same()', async () => {
  const clock = manualClock();
  let n = 0;
  const r = await settle({
    read: async () => ({ accepted: n++ }),
    same: (a, b) => a.accepted === b.accepted,
    stableMs: 1000,
    deadlineMs: 1100,
    pollMs: 500,
    clock,
  });
  assert.deepEqual([r.value.accepted, r.by, r.waitedMs], [3, 'deadline', 1100]);
});

test('a slow first read is not taken as stable: stability counts from the first answer', async () => {
  let now = 0;
  const clock: SettleClock = {
    nowMs: () => now,
    sleepMs: async (ms) => {
      now += ms;
    },
  };
  const values = [40, 100];
  let reads = 0;
  const r = await settle({
    read: async () => {
      now += 3000; // each query takes 3 s
      return values[Math.min(reads++, values.length - 1)];
    },
    stableMs: 3000,
    deadlineMs: 60_000,
    pollMs: 500,
    clock,
  });
  assert.equal(r.value, 100, 'polled again after the slow first answer');
  assert.equal(r.by, 'stable');
});
