import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSender } from '../../../src/load/sender-factory.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { type ScriptedAnswer, startScriptedServer } from './scripted-server.js';

const BODY = Buffer.alloc(300, 3);

async function withServer(
  answer: (index: number) => ScriptedAnswer,
  run: (url: string, received: Awaited<ReturnType<typeof startScriptedServer>>['received']) => Promise<void>,
): Promise<void> {
  const server = await startScriptedServer(answer);
  try {
    await run(server.url, server.received);
  } finally {
    await server.close();
  }
}

function remoteWriteSender(url: string) {
  const scenario = parseScenario(
    `name: rw\nsignal: metrics\ntarget: { kind: prometheus, endpoint: "${url}", headers: { X-Scope-OrgID: t1 } }\nprotocol: prometheus-remote-write\nload: { rate: 100, maxRetries: 2 }\n`,
    'rw.yaml',
  );
  return createSender(scenario, url, Date.now() + 10_000);
}

test('remote write POSTs to <base>/api/v1/write with the spec headers', async () => {
  await withServer(
    () => ({ status: 204 }),
    async (url, received) => {
      const sender = remoteWriteSender(url);
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, true);
      assert.equal(received[0].path, '/api/v1/write');
      assert.equal(received[0].headers['content-encoding'], 'snappy');
      assert.equal(received[0].headers['content-type'], 'application/x-protobuf');
      assert.equal(received[0].headers['x-prometheus-remote-write-version'], '0.1.0');
      assert.equal(received[0].headers['x-scope-orgid'], 't1');
    },
  );
});

test('remote write retries 500 and 429 but not 400, whose body becomes the error', async () => {
  await withServer(
    (i) => (i === 0 ? { status: 500 } : i === 1 ? { status: 429 } : { status: 204 }),
    async (url, received) => {
      const sender = remoteWriteSender(url);
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, true);
      assert.equal(outcome.retries, 2);
      assert.equal(received.length, 3);
    },
  );
  await withServer(
    () => ({ status: 400, body: 'out of order sample\nmore detail' }),
    async (url, received) => {
      const sender = remoteWriteSender(url);
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, false);
      assert.equal(outcome.status, 400);
      assert.equal(received.length, 1, 'a 400 is not retried');
      assert.match(outcome.errorMessage, /^HTTP 400 Bad Request: out of order sample/);
    },
  );
});
