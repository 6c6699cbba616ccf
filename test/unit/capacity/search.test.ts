import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCores } from '../../../src/capacity/run-capacity.js';
import { type CapacityStep, judgeStep, searchCapacity } from '../../../src/capacity/search.js';

/** A backend that sustains up to `limit` items/s, with p99 rising as it nears it. */
function fakeBackend(limit: number, harnessMax = Number.POSITIVE_INFINITY) {
  const rates: number[] = [];
  const run = async (ratePerS: number): Promise<CapacityStep> => {
    rates.push(ratePerS);
    // Over the backend's limit, or over what the harness can drive: it shows as a failed step.
    const over = ratePerS > Math.min(limit, harnessMax);
    return {
      ratePerS,
      acceptedShare: over ? Math.min(limit, harnessMax) / ratePerS : 1,
      achievedRatePerS: Math.min(ratePerS, limit, harnessMax),
      p99Ms: over ? 5000 : 20,
      droppedSchedules: over ? 10 : 0,
      harnessLimited: ratePerS > harnessMax,
      backendCoresAvg: Math.min(1, ratePerS / limit),
      incompleteReason: '',
      resultPath: '',
    };
  };
  return { run, rates };
}

const criteria = { minAcceptedShare: 0.999, sloP99Ms: 100 };
const options = { startRatePerS: 10_000, maxRatePerS: 1e7, maxSteps: 20, precision: 0.05, criteria };

test('doubles while steps pass, then bisects to within the precision of the limit', async () => {
  const backend = fakeBackend(70_000);
  const out = await searchCapacity(backend.run, options);
  assert.equal(out.stoppedBy, 'converged');
  assert.deepEqual(backend.rates.slice(0, 4), [10_000, 20_000, 40_000, 80_000]);
  assert.ok(out.maxSustainableRatePerS !== null);
  assert.ok(
    out.maxSustainableRatePerS <= 70_000 && out.maxSustainableRatePerS >= 70_000 * 0.93,
    `${out.maxSustainableRatePerS}`,
  );
  const firstFail = Math.min(...out.curve.filter((s) => !s.pass).map((s) => s.ratePerS));
  assert.ok((firstFail - out.maxSustainableRatePerS) / out.maxSustainableRatePerS <= 0.05);
});

test('comes down when the first step already fails', async () => {
  const backend = fakeBackend(3_000);
  const out = await searchCapacity(backend.run, options);
  assert.deepEqual(backend.rates.slice(0, 3), [10_000, 5_000, 2_500]);
  assert.ok(out.maxSustainableRatePerS !== null && out.maxSustainableRatePerS <= 3_000);
});

test('a harness-limited step ends the search with a lower bound, not a guess', async () => {
  const backend = fakeBackend(1e6, 30_000);
  const out = await searchCapacity(backend.run, options);
  assert.equal(out.stoppedBy, 'harness-limited');
  assert.equal(out.maxSustainableRatePerS, 20_000);
  assert.match(out.curve.at(-1)?.reason ?? '', /harness-limited/);
});

test('bounded by max steps and max rate', async () => {
  const steps = await searchCapacity(fakeBackend(1e9).run, { ...options, maxSteps: 3 });
  assert.equal(steps.stoppedBy, 'max-steps');
  assert.equal(steps.curve.length, 3);
  const capped = await searchCapacity(fakeBackend(1e9).run, { ...options, maxRatePerS: 35_000 });
  assert.equal(capped.stoppedBy, 'max-rate');
  assert.equal(capped.maxSustainableRatePerS, 35_000);
});

test('a step that met every criterion passes even above the estimated harness ceiling', () => {
  const step: CapacityStep = {
    ratePerS: 200_000,
    acceptedShare: 1,
    achievedRatePerS: 200_000,
    p99Ms: 37,
    droppedSchedules: 0,
    harnessLimited: true,
    backendCoresAvg: 0.32,
    incompleteReason: '',
    resultPath: '',
  };
  const judged = judgeStep(step, criteria);
  assert.equal(judged.pass, true);
  assert.equal(judged.harnessLimited, false, 'nothing limited it');
  const failed = judgeStep({ ...step, droppedSchedules: 5 }, criteria);
  assert.equal(failed.pass, false);
  assert.match(failed.reason, /^harness-limited: .*\(5 schedules dropped/);
  const backendFailed = judgeStep({ ...step, harnessLimited: false, p99Ms: 900 }, criteria);
  assert.equal(backendFailed.harnessLimited, false);
  assert.match(backendFailed.reason, /^p99 900\.0 ms > SLO 100 ms/);
});

test('judgeStep names the first failed criterion', () => {
  const ok: CapacityStep = {
    ratePerS: 1000,
    acceptedShare: 1,
    achievedRatePerS: 1000,
    p99Ms: 10,
    droppedSchedules: 0,
    harnessLimited: false,
    backendCoresAvg: 0.2,
    incompleteReason: '',
    resultPath: '',
  };
  assert.equal(judgeStep(ok, criteria).pass, true);
  assert.match(judgeStep({ ...ok, acceptedShare: 0.99 }, criteria).reason, /accepted 99\.00% < 99\.9%/);
  assert.match(judgeStep({ ...ok, p99Ms: 150 }, criteria).reason, /p99 150\.0 ms > SLO 100 ms/);
  assert.match(judgeStep({ ...ok, droppedSchedules: 2 }, criteria).reason, /2 schedules dropped/);
  assert.match(judgeStep({ ...ok, incompleteReason: 'backend died' }, criteria).reason, /incomplete/);
});

test('splitCores leaves the harness at least one core', () => {
  assert.deepEqual(splitCores(1, [0, 1]), { backend: [1], harness: [0] });
  assert.deepEqual(splitCores(2, [0, 1, 2, 3]), { backend: [2, 3], harness: [0, 1] });
  assert.deepEqual(splitCores(1, [2, 5, 7]), { backend: [7], harness: [2, 5] }, 'a cpuset of allowed cores');
  assert.throws(() => splitCores(2, [0, 1]), /--cores: 2 .* give 1\.\.1/);
  assert.throws(() => splitCores(1, [3]), /at least 2/);
});
