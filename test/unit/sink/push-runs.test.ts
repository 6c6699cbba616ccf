// Whole runs of the non-OTLP protocols into the built-in sink: the sink counts what arrives on its
// remote write and Loki push routes, and the harness ceiling is measured for them too.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runScenario } from '../../../src/run/run-scenario.js';
import { parseScenario } from '../../../src/scenario/index.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-push-runs-'));
after(() => rmSync(out, { recursive: true, force: true }));

const cases = [
  ['logs', 'loki-push', 'encoding: protobuf'],
  ['logs', 'loki-push', 'encoding: json'],
  ['metrics', 'prometheus-remote-write', 'encoding: protobuf'],
] as const;

for (const [signal, protocol, encoding] of cases) {
  test(`${protocol} (${encoding}) into the sink: every item counted, ceiling measured`, async () => {
    const scenario = parseScenario(
      `name: sink-${signal}-${protocol}\nsignal: ${signal}\ntarget: sink\nprotocol: ${protocol}\n${encoding}\n` +
        'load: { executor: constant-arrival-rate, rate: 2000, duration: 1s, warmup: 0s, batchSize: 100 }\n',
      'push.yaml',
    );
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0.5 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.ok(result.load.itemsSent >= 1500, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsFailed, 0);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.ok((result.harness.ceilingItemsPerS ?? 0) > 0, result.harness.ceilingMethod);
    assert.match(result.harness.ceilingMethod, new RegExp(protocol));
  });
}
