// The real vmagent (obsbench stack install vmagent victoria-metrics), managed by the run and
// forwarding by remote write to a managed VictoriaMetrics: accepted rows by vmagent's own
// counters equal what was sent, none refused, and VictoriaMetrics inserted every one of them.

import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-vmagent-'));
after(() => rmSync(out, { recursive: true, force: true }));

for (const protocol of ['prometheus-remote-write', 'otlp-http'] as const) {
  test(`managed vmagent over ${protocol}: accepted = sent by its own counters, forwarded to VictoriaMetrics`, async () => {
    const scenario = parseScenario(
      `name: vmagent-${protocol}
signal: metrics
protocol: ${protocol}
target: { kind: vmagent, managed: true, downstream: { kind: victoriametrics, managed: true } }
shape: { series: 2000, kinds: { gauge: 0.5, sum: 0.5 } }
load: { executor: constant-arrival-rate, rate: 3000, duration: 2s, warmup: 1s, batchSize: 150 }
`,
      'vmagent.yaml',
    );
    const { result, resultDir } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.load.acceptedSource, 'backend-counters');
    assert.ok(result.load.itemsSent >= 5_000, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.equal(result.load.itemsRefused, 0);
    assert.equal(result.backend.name, 'vmagent');
    assert.match(result.backend.version, /^v1\.\d+\.\d+$/);
    assert.equal(result.downstream?.name, 'victoria-metrics');
    assert.equal(result.downstream?.itemsAccepted, result.load.itemsSent, result.downstream?.note);
    assert.equal(result.downstream?.itemsRefused, 0);
    // The downstream logs apart from the first hop.
    assert.ok(
      execSync(`ls ${join(resultDir, 'downstream')}`)
        .toString()
        .includes('victoria-metrics.log'),
    );
  });
}

test('no vmagent or VictoriaMetrics process is left after the runs', () => {
  assert.equal(execSync(`pgrep -f '[-]remoteWrite.tmpDataPath=${tmpdir()}' || true`).toString().trim(), '');
});
