// The harness ceiling with its sink as a process of its own, pinned apart from the harness: the
// probe's requests reach it, the figure says where the sink ran, and nothing is left running.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { measureHarnessCeiling } from '../../src/run/harness-ceiling.js';
import { startSinkProcess } from '../../src/run/sink-process.js';
import { parseScenario } from '../../src/scenario/index.js';

function sinkProcessesWithPort(port: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(' sink --port ') && line.includes(` ${port} `));
}

test('startSinkProcess: pinned to the given core, answering OTLP, gone after close', async () => {
  const sink = await startSinkProcess([0]);
  const port = new URL(sink.httpUrl).port;
  try {
    const response = await fetch(`${sink.httpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    });
    await response.arrayBuffer();
    assert.equal(response.status, 200, 'an empty export request is accepted');
    const lines = sinkProcessesWithPort(port);
    assert.ok(lines.length >= 1, 'the sink runs as its own process');
    // The node process itself (taskset execs it; its supervising shell is not pinned): core 0.
    const node = lines.find((line) => line.trim().split(/\s+/)[1] === process.execPath);
    assert.ok(node, lines.join('\n'));
    const pid = node.trim().split(/\s+/)[0];
    const allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    assert.equal(allowed?.[1], '0');
  } finally {
    await sink.close();
  }
  assert.deepEqual(sinkProcessesWithPort(port), [], 'no sink process left behind');
});

test('measureHarnessCeiling into a sink process on another core: items accepted, the method says where', async () => {
  const scenario = parseScenario(
    'name: ceiling-probe\nsignal: traces\ntarget: { kind: sink }\nprotocol: otlp-http\nload: { executor: constant-arrival-rate, rate: 1000, batchSize: 200 }\n',
    'ceiling-probe.yaml',
  );
  const ceiling = await measureHarnessCeiling(scenario, 1, [1]);
  assert.ok(ceiling.itemsPerS > 1000, `${ceiling.itemsPerS} items/s`);
  assert.match(ceiling.method, /into a sink process pinned to core 1 /);
  const inProcess = await measureHarnessCeiling(scenario, 1);
  assert.match(inProcess.method, /into the in-process sink /);
});
