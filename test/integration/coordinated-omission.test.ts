// When the target is slow, latency measured from the intended start rises and dropped
// schedules are counted, while service time alone would have hidden the problem.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoadEngine } from '../../src/load/engine.js';
import { parseScenario } from '../../src/scenario/index.js';
import { startSink } from '../../src/targets/sink/index.js';

function scenario(maxInFlight: number) {
  return parseScenario(
    `name: co-test
signal: traces
load: { executor: constant-arrival-rate, rate: 2000, duration: 3s, batchSize: 20, maxInFlight: ${maxInFlight}, connections: ${maxInFlight} }
`,
    'co-test.yaml',
  );
}

test('a slow sink raises latency from the intended start and drops schedules; service time stays flat', async () => {
  const sink = await startSink({ host: '127.0.0.1', httpPort: 0, grpcPort: null, latencyMs: 50 });
  try {
    // 100 requests/s are due; 4 slots x 50 ms = at most 80 requests/s can be served.
    const outcome = await new LoadEngine({ scenario: scenario(4), endpoint: sink.httpUrl }).run();
    const latency = outcome.latency.summary();
    const service = outcome.serviceTime.summary();
    assert.ok(outcome.counters.droppedSchedules > 0, `dropped ${outcome.counters.droppedSchedules}`);
    assert.ok(service.p99 < 150, `service time p99 ${service.p99} ms stays near the injected 50 ms`);
    assert.ok(latency.p99 > 1.5 * service.p99, `latency p99 ${latency.p99} vs service ${service.p99}`);
    assert.equal(outcome.counters.itemsFailed, 0);
  } finally {
    await sink.close();
  }
});

test('with enough in-flight slots the same slow sink keeps up: nothing dropped, latency ~ service time', async () => {
  const sink = await startSink({ host: '127.0.0.1', httpPort: 0, grpcPort: null, latencyMs: 50 });
  try {
    const outcome = await new LoadEngine({ scenario: scenario(32), endpoint: sink.httpUrl }).run();
    assert.equal(outcome.counters.droppedSchedules, 0);
    const latency = outcome.latency.summary();
    const service = outcome.serviceTime.summary();
    assert.ok(latency.p99 < service.p99 + 30, `latency p99 ${latency.p99} vs service ${service.p99}`);
    assert.ok(Math.abs(outcome.counters.itemsSent - 6000) <= 40, `sent ${outcome.counters.itemsSent}`);
  } finally {
    await sink.close();
  }
});
