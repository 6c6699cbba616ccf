import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArrivalSchedule } from '../../../src/load/arrival-schedule.js';

function dueTimes(schedule: ArrivalSchedule): number[] {
  const out: number[] = [];
  for (let t = schedule.nextDueMs; Number.isFinite(t); t = schedule.advance()) out.push(t);
  return out;
}

test('a constant plan spaces requests evenly and fits the duration', () => {
  const times = dueTimes(new ArrivalSchedule([{ durationS: 2, fromRatePerS: 1000, toRatePerS: 1000 }], 100));
  // 2000 items / 100 per request = 20 requests at 0, 100, ..., 1900 ms; none at exactly 2000
  assert.equal(times.length, 20);
  for (let i = 1; i < times.length; i++) assert.ok(Math.abs(times[i] - times[i - 1] - 100) < 1e-6);
  assert.equal(times[0], 0);
});

test('a linear ramp puts more requests late than early, matching the integral', () => {
  const s = new ArrivalSchedule([{ durationS: 10, fromRatePerS: 0, toRatePerS: 1000 }], 10);
  const times = dueTimes(s);
  // integral = 5000 items = 500 requests
  assert.ok(Math.abs(times.length - 500) <= 1, `got ${times.length}`);
  const firstHalf = times.filter((t) => t < 5000).length;
  // items in the first half: 1250 -> 125 requests
  assert.ok(Math.abs(firstHalf - 125) <= 1, `first half ${firstHalf}`);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1]);
});

test('steps change the spacing at the segment boundary', () => {
  const s = new ArrivalSchedule(
    [
      { durationS: 1, fromRatePerS: 100, toRatePerS: 100 },
      { durationS: 1, fromRatePerS: 1000, toRatePerS: 1000 },
    ],
    10,
  );
  const times = dueTimes(s);
  assert.equal(times.filter((t) => t < 1000).length, 10);
  assert.ok(Math.abs(times.filter((t) => t >= 1000).length - 100) <= 1);
  assert.equal(s.rateAtPerS(500), 100);
  assert.equal(s.rateAtPerS(1500), 1000);
  assert.ok(Math.abs(s.itemsUntil(2000) - 1100) < 1e-6);
});
