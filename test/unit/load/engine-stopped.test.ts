import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoadEngine } from '../../../src/load/engine.js';
import { parseScenario } from '../../../src/scenario/index.js';

test('an engine stopped before it runs (its target already died) starts no worker and keeps the reason', async () => {
  const scenario = parseScenario(
    'name: s\nsignal: traces\nload: { executor: constant-arrival-rate, rate: 1000, duration: 60s }\n',
    's.yaml',
  );
  // A closed port: any worker that did start would fail every request, and take 60 s.
  const engine = new LoadEngine({ scenario, endpoint: 'http://127.0.0.1:9' });
  engine.stop('backend died before the load');
  const started = performance.now();
  const outcome = await engine.run();
  assert.ok(performance.now() - started < 1000, 'returns at once');
  assert.equal(outcome.stopReason, 'backend died before the load');
  assert.equal(outcome.counters.requests, 0);
  assert.ok(outcome.measureStartEpochMs > 0);
});
