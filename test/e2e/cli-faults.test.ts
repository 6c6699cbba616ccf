// Faults the run must survive with a result: an endpoint that accepts connections and never
// answers (a frozen backend behind a proxy), over HTTP and gRPC, and an external target whose
// /metrics is missing. Both servers are fault injectors on loopback, not backends.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const DURATION_S = 4;
const REQUEST_TIMEOUT_S = 2;
/** The promise: a run ends within its plan, one request timeout and a short grace. */
const GRACE_S = 5;

async function listen(server: Server | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Accepts TCP connections, reads everything, answers nothing; stop() drops them all. */
function blackhole(): { server: Server; stop(): void } {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const stop = (): void => {
    for (const socket of sockets) socket.destroy();
    server.close();
  };
  return { server, stop };
}

function readResult(outDir: string): RunResult {
  const runDir = readdirSync(outDir).find((d) => d.endsWith('-blackhole') || d.endsWith('-no-metrics'));
  assert.ok(runDir, `a run directory in ${outDir}`);
  return JSON.parse(readFileSync(join(outDir, runDir, 'result.json'), 'utf8')) as RunResult;
}

for (const protocol of ['otlp-http', 'otlp-grpc'] as const) {
  test(`a blackholed ${protocol} endpoint: the run ends on time with a partial result, requests failed`, async () => {
    const { server, stop } = blackhole();
    const port = await listen(server);
    try {
      const endpoint = protocol === 'otlp-http' ? `http://127.0.0.1:${port}` : `127.0.0.1:${port}`;
      const file = writeScenario(
        dir,
        `blackhole-${protocol}.yaml`,
        `name: blackhole
signal: traces
protocol: ${protocol}
target: { kind: sink, endpoint: "${endpoint}" }
load:
  executor: constant-arrival-rate
  rate: 1000
  duration: ${DURATION_S}s
  warmup: 0s
  batchSize: 50
  requestTimeout: ${REQUEST_TIMEOUT_S}s
`,
      );
      const outDir = join(dir, protocol);
      const startedAt = performance.now();
      const r = await runCli(['run', file, '--ceiling', '0', '--out', outDir], 120_000);
      const tookS = (performance.now() - startedAt) / 1000;
      assert.equal(r.code, 1, `exit 1 (partial); stderr: ${r.stderr}`);
      assert.ok(
        tookS < DURATION_S + REQUEST_TIMEOUT_S + GRACE_S,
        `ended in ${tookS.toFixed(1)} s, within ${DURATION_S} + ${REQUEST_TIMEOUT_S} + ${GRACE_S} s`,
      );
      const result = readResult(outDir);
      assert.equal(result.status, 'partial');
      // Over gRPC each call's own deadline may fail enough requests for the bail-out to stop first.
      assert.match(
        result.statusReason,
        /aborted, counted as failed: no answer within load\.requestTimeout \(2 s\)|^bail-out: /,
      );
      assert.equal(result.load.itemsAccepted, 0);
      assert.ok(result.load.requestsFailed > 0, 'the unanswered requests count as failed');
      assert.ok(result.load.itemsFailed >= result.load.requestsFailed * 50);
      assert.ok(
        result.errors.some((e) =>
          /aborted: no answer within load\.requestTimeout|DEADLINE_EXCEEDED/.test(e.message),
        ),
        `errors name the timeout: ${JSON.stringify(result.errors)}`,
      );
    } finally {
      stop();
    }
  });
}

test('an external target whose /metrics is missing runs on with accepted counts from its answers', async () => {
  let metricsAsked = 0;
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        return;
      }
      if (req.url === '/metrics') metricsAsked++;
      res.writeHead(404).end('404 page not found');
    });
  });
  const port = await listen(server);
  try {
    const file = writeScenario(
      dir,
      'no-metrics.yaml',
      `name: no-metrics
signal: traces
target: { kind: collector, endpoint: "http://127.0.0.1:${port}" }
load: { executor: constant-arrival-rate, rate: 1000, duration: 2s, warmup: 0s, batchSize: 50 }
`,
    );
    const outDir = join(dir, 'no-metrics');
    const r = await runCli(['run', file, '--ceiling', '0', '--out', outDir], 60_000);
    assert.doesNotMatch(r.stderr, /internal error/i);
    assert.equal(r.code, 0, `stderr: ${r.stderr}`);
    assert.ok(metricsAsked > 0, 'the run looked for the self-metrics');
    const result = readResult(outDir);
    assert.equal(result.status, 'complete');
    assert.equal(result.load.acceptedSource, 'responses');
    assert.match(result.load.acceptedSourceNote ?? '', new RegExp(`127\\.0\\.0\\.1:${port}/metrics`));
    assert.match(result.load.acceptedSourceNote ?? '', /HTTP 404/);
    assert.ok(result.load.itemsAccepted > 0);
    assert.equal(result.load.itemsAccepted, result.load.itemsSent);
  } finally {
    server.close();
  }
});
