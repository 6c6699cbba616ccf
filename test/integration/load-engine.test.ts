// The load engine against the built-in sink: several worker threads add up exactly, a failing
// target trips the bail-out, a ramp delivers its integral, and the closed model keeps its cap.

import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { LoadEngine } from '../../src/load/engine.js';
import { parseScenario } from '../../src/scenario/index.js';
import { startSink } from '../../src/targets/sink/index.js';

test('two workers: merged counters equal what the sink counted, no drops, rate held', async () => {
  const sink = await startSink({ host: '127.0.0.1', httpPort: 0, grpcPort: null });
  try {
    const scenario = parseScenario(
      'name: w2\nsignal: metrics\nload: { executor: constant-arrival-rate, rate: 8000, duration: 3s, warmup: 0s, batchSize: 100, workers: 2 }\n',
      'w2.yaml',
    );
    const outcome = await new LoadEngine({ scenario, endpoint: sink.httpUrl }).run();
    const c = outcome.counters;
    assert.equal(c.droppedSchedules, 0);
    assert.equal(c.itemsFailed, 0);
    assert.ok(Math.abs(c.itemsSent - 24_000) <= 200, `sent ${c.itemsSent}`);
    assert.equal(c.itemsAccepted, c.itemsSent);
    assert.equal(sink.counters().metrics.items, c.itemsAcceptedAllPhases);
    assert.equal(
      outcome.latency.summary().count,
      c.requests,
      'one latency sample per request, merged across workers',
    );
    assert.ok(outcome.timeseries.length >= 3);
    // Some CPU, and no more than this machine's cores can give (8000 metric points/s is light).
    const busy = outcome.harnessCoresBusy;
    assert.ok(busy !== null && busy > 0 && busy < availableParallelism() + 0.1, `harness busy ${busy} cores`);
  } finally {
    await sink.close();
  }
});

test('a target that fails every request trips the bail-out long before the plan ends', async () => {
  const sink = await startSink({ host: '127.0.0.1', httpPort: 0, grpcPort: null, errorRate: 1 });
  try {
    const scenario = parseScenario(
      'name: bail\nsignal: logs\nload: { executor: constant-arrival-rate, rate: 2000, duration: 30s, warmup: 0s, batchSize: 50, maxRetries: 0, bailOutErrorRate: 0.5 }\n',
      'bail.yaml',
    );
    const started = Date.now();
    const outcome = await new LoadEngine({ scenario, endpoint: sink.httpUrl }).run();
    assert.match(outcome.stopReason, /bail-out/);
    assert.ok(Date.now() - started < 15_000, `stopped after ${Date.now() - started} ms`);
    assert.equal(outcome.counters.itemsAccepted, 0);
    assert.ok(outcome.counters.requestsFailed > 10);
    assert.ok(
      outcome.errors.length > 0 && /503/.test(outcome.errors[0].message),
      JSON.stringify(outcome.errors),
    );
  } finally {
    await sink.close();
  }
});

test('a ramp from 0 to 4000/s over 3 s sends its integral (6000 items)', async () => {
  const sink = await startSink({ host: '127.0.0.1', httpPort: 0, grpcPort: null });
  try {
    const scenario = parseScenario(
      'name: ramp\nsignal: traces\nload: { executor: ramping-arrival-rate, startRate: 0, stages: [{ duration: 3s, target: 4000 }], warmup: 0s, batchSize: 50 }\n',
      'ramp.yaml',
    );
    const outcome = await new LoadEngine({ scenario, endpoint: sink.httpUrl }).run();
    assert.ok(Math.abs(outcome.counters.itemsSent - 6000) <= 100, `sent ${outcome.counters.itemsSent}`);
    const ts = outcome.timeseries;
    assert.ok(ts[2].sentPerS > ts[0].sentPerS * 2, `later seconds carry more: ${ts.map((p) => p.sentPerS)}`);
  } finally {
    await sink.close();
  }
});

test('max-throughput keeps at most `concurrency` requests in flight and measures service time', async () => {
  const sink = await startSink({ host: '127.0.0.1', httpPort: 0, grpcPort: null, latencyMs: 20 });
  try {
    const scenario = parseScenario(
      // No template pool: building one (~1 s on a busy machine) would eat into the 2 s closed loop.
      'name: closed\nsignal: traces\nload: { executor: max-throughput, duration: 2s, warmup: 0s, batchSize: 10, concurrency: 2, connections: 2, templatePoolItems: 0 }\n',
      'closed.yaml',
    );
    const outcome = await new LoadEngine({ scenario, endpoint: sink.httpUrl }).run();
    // 2 in flight x (1000 ms / >= 20 ms) x 2 s = at most ~200 requests
    assert.ok(outcome.counters.requests <= 210, `requests ${outcome.counters.requests}`);
    // A floor that says it ran, not a speed: a stall on a shared machine costs requests, not correctness.
    assert.ok(outcome.counters.requests >= 50, `requests ${outcome.counters.requests}`);
    assert.ok(outcome.serviceTime.summary().p50 >= 20);
  } finally {
    await sink.close();
  }
});
