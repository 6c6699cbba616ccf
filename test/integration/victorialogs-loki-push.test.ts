// Loki push (protobuf + snappy, and JSON + gzip) into the real VictoriaLogs binary (obsbench stack
// install): every record sent is counted by VictoriaLogs' own vl_rows_ingested_total{type="loki_*"},
// and the records can be read back with their stream labels and structured metadata.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compressBody } from '../../src/encoders/compression.js';
import { lokiPushProto } from '../../src/encoders/index.js';
import { createGenerator } from '../../src/generators/index.js';
import { createSender } from '../../src/load/sender-factory.js';
import type { LogBatch } from '../../src/model/index.js';
import type { LogShape } from '../../src/model/shapes.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { BackendInstance } from '../../src/stack/backend-instance.js';
import { requireInstalled } from '../../src/stack/installed.js';
import { victoriaLogsTarget } from '../../src/targets/victorialogs.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-loki-'));
after(() => rmSync(out, { recursive: true, force: true }));

const scenarioText = (encoding: string) => `name: loki-${encoding}
signal: logs
target: { kind: victorialogs, managed: true }
protocol: loki-push
encoding: ${encoding}
shape: { streams: 50 }
load: { executor: constant-arrival-rate, rate: 3000, duration: 3s, warmup: 1s, batchSize: 200 }
`;

for (const [encoding, compression] of [
  ['protobuf', 'snappy'],
  ['json', 'gzip'],
] as const) {
  test(`managed VictoriaLogs accepts every record sent over Loki push (${encoding}), by its own counters`, async () => {
    const scenario = parseScenario(scenarioText(encoding), `loki-${encoding}.yaml`);
    const { result } = await runScenario(scenario, { outDir: out, ceilingS: 0 });
    assert.equal(result.status, 'complete', result.statusReason);
    assert.equal(result.scenario.protocol, 'loki-push');
    assert.equal(result.scenario.compression, compression);
    assert.equal(result.load.acceptedSource, 'backend-counters');
    assert.ok(result.load.itemsSent >= 8_000, `sent ${result.load.itemsSent}`);
    assert.equal(result.load.itemsFailed, 0);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
    assert.equal(result.load.itemsRefused, 0);
    assert.equal(result.backend.name, 'victoria-logs');
    assert.ok(result.load.wireBytes < result.load.rawBytes, JSON.stringify(result.load));
  });
}

test('records pushed as Loki protobuf read back from VictoriaLogs with labels and metadata', async () => {
  const installed = requireInstalled(victoriaLogsTarget.binaryName);
  const instance = await BackendInstance.start({
    target: victoriaLogsTarget,
    binary: installed.binaryPath,
    cores: null,
    logDir: out,
  });
  try {
    const scenario = parseScenario(scenarioText('protobuf'), 'readback.yaml');
    const nowUs = Date.now() * 1000;
    const generator = createGenerator('logs', scenario.shape as LogShape, {
      seed: 9,
      workerIndex: 0,
      workerCount: 1,
      startTimeUnixUs: nowUs,
      runNonce: 1,
    });
    const batch = generator.next(40, nowUs) as LogBatch;
    const record = batch.resources[0].records[0];
    const service = batch.resources[0].resource.strings[0];
    const sender = createSender(scenario, `${instance.httpBaseUrl}/insert`, Date.now() + 5000);
    try {
      const outcome = await sender.send(compressBody('snappy', lokiPushProto.encode(batch)), 40);
      assert.equal(outcome.ok, true, outcome.errorMessage);
      assert.equal(outcome.status, 204);
    } finally {
      await sender.close();
    }
    await instance.flush();
    const query = `_time:1h service_name:${JSON.stringify(service)} severity_number:${record.severityNumber}`;
    const response = await fetch(
      `${instance.httpBaseUrl}/select/logsql/query?query=${encodeURIComponent(query)}&limit=1000`,
    );
    const rows = (await response.text())
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, string>);
    assert.ok(rows.length > 0, `no rows for ${query}`);
    for (const row of rows) {
      assert.equal(row.service_name, service);
      assert.equal(row.severity_text, record.severityText);
      assert.match(row._stream, /^\{.*service_name=/);
    }
    const expected = new Date(Math.floor(record.timeUnixUs / 1000)).toISOString().slice(0, 23);
    assert.ok(
      rows.some((row) => row._time.startsWith(expected)),
      `no row at ${expected}: ${rows.map((r) => r._time).join(', ')}`,
    );
  } finally {
    await instance.stop();
  }
});
