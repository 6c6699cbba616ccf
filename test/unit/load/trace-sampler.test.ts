// The run's trace sample as a worker takes it: sized from the plan (1 in 100 traces, at least 500,
// at most MAX_SAMPLE), seeded, and only traces whole in a request, kept once acknowledged.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otlpProtoTraces } from '../../../src/encoders/otlp-proto-traces.js';
import { createGenerator, DEFAULT_TRACE_SHAPE } from '../../../src/generators/index.js';
import { MAX_SAMPLE, TraceSampler, traceSamplePlan } from '../../../src/load/trace-sampler.js';
import type { Scenario } from '../../../src/model/scenario.js';
import { DEFAULT_LOAD } from '../../../src/scenario/defaults.js';

function scenario(rate: number, durationS: number, batchSize: number, spansPerTrace = 8): Scenario {
  return {
    signal: 'traces',
    shape: { ...DEFAULT_TRACE_SHAPE, spansPerTrace },
    load: {
      ...DEFAULT_LOAD,
      executor: 'constant-arrival-rate',
      segments: [{ durationS, fromRatePerS: rate, toRatePerS: rate }],
      durationS,
      warmupS: 0,
      batchSize,
    },
  } as unknown as Scenario;
}

/** Traces a whole run keeps, by the plan's arithmetic: requests / every x whole traces a request. */
function expectedSample(s: Scenario, workers: number): number {
  const plan = traceSamplePlan(s, workers);
  assert.ok(plan);
  const l = s.load;
  const requests = (l.segments[0].fromRatePerS * l.durationS) / l.batchSize;
  const whole = Math.floor(l.batchSize / (s.shape as { spansPerTrace: number }).spansPerTrace) - 1;
  return Math.min(MAX_SAMPLE, (requests / plan.everyRequests) * whole);
}

test('plan: at least 500 traces for a small run, 1 in 100 for a big one, never above the cap', () => {
  // 2,000 spans/s x 8 s = 2,000 traces: below 50,000, so the 500-trace floor.
  const small = expectedSample(scenario(2000, 8, 200), 1);
  assert.ok(small >= 500 && small <= 1000, `small run: ${small}`);
  // 100,000 spans/s x 60 s = 750,000 traces: 1 in 100 is 7,500, capped.
  assert.equal(traceSamplePlan(scenario(100_000, 60, 500), 2)?.maxTracesPerWorker, MAX_SAMPLE / 2);
  const big = expectedSample(scenario(100_000, 60, 500), 2);
  assert.ok(big <= MAX_SAMPLE && big > MAX_SAMPLE / 2, `big run: ${big}`);
  // 10 spans/s for 2 s: every request is scanned.
  assert.equal(traceSamplePlan(scenario(10, 2, 20), 1)?.everyRequests, 1);
});

test('plan: none when no trace fits whole in a request, or for other signals', () => {
  assert.equal(traceSamplePlan(scenario(1000, 10, 10, 8), 1), null);
  assert.equal(traceSamplePlan({ ...scenario(1000, 10, 200), signal: 'logs' } as Scenario, 1), null);
});

test('sampler: seeded picks, only whole traces, kept up to its cap', () => {
  const plan = { everyRequests: 5, maxTracesPerWorker: 30 };
  const picks = (seed: number, slice: number) => {
    const s = new TraceSampler(plan, seed, slice, 8, otlpProtoTraces);
    return Array.from({ length: 200 }, (_, n) => s.picks(n));
  };
  assert.deepEqual(picks(1, 0), picks(1, 0), 'same seed and slice, same requests');
  assert.notDeepEqual(picks(1, 0), picks(1, 1), 'another slice picks other requests');
  const picked = picks(1, 0).filter(Boolean).length;
  assert.ok(picked > 20 && picked < 80, `about 1 in 5 picked: ${picked}`);

  const generator = createGenerator(
    'traces',
    { ...DEFAULT_TRACE_SHAPE, spansPerTrace: 8 },
    {
      seed: 3,
      workerIndex: 0,
      workerCount: 1,
      startTimeUnixUs: 1_790_000_000_000_000,
    },
  );
  const sampler = new TraceSampler(plan, 3, 0, 8, otlpProtoTraces);
  generator.next(5, 1_790_000_000_000_000); // the next batch starts mid-trace
  const found = sampler.scan(otlpProtoTraces.encode(generator.next(100, 1_790_000_000_001_000)).slice());
  // 100 spans after 5: 3 cut at the start, 8 x 12 whole (96), 1 cut at the end.
  assert.equal(found.length, 12);
  for (const t of found) {
    assert.equal(t.spans, 8);
    assert.match(t.traceId, /^[0-9a-f]{32}$/);
  }
  sampler.keep(found);
  sampler.keep(found);
  sampler.keep(found);
  assert.equal(sampler.kept.length, 30, 'no more than maxTracesPerWorker');
  assert.equal(
    sampler.picks(0) || sampler.picks(1) || sampler.picks(2) || sampler.picks(3),
    false,
    'full: picks nothing',
  );
});
