import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSender, wireFormatOf } from '../../../src/load/sender-factory.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { type ScriptedAnswer, startScriptedServer } from './scripted-server.js';

const BODY = Buffer.alloc(300, 5);

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

function lokiScenario(url: string, extra = '') {
  return parseScenario(
    `name: lp\nsignal: logs\ntarget: { kind: sink, endpoint: "${url}", headers: { X-Scope-OrgID: t1 } }\nprotocol: loki-push\n${extra}load: { rate: 100, maxRetries: 2 }\n`,
    'lp.yaml',
  );
}

test('loki-push picks the Loki encoders by encoding', () => {
  assert.equal(wireFormatOf(lokiScenario('http://127.0.0.1:1')), 'loki-push-proto');
  assert.equal(wireFormatOf(lokiScenario('http://127.0.0.1:1', 'encoding: json\n')), 'loki-push-json');
});

test('protobuf goes to <base>/loki/api/v1/push, snappy in the body without a Content-Encoding header', async () => {
  await withServer(
    () => ({ status: 204 }),
    async (url, received) => {
      const sender = createSender(lokiScenario(`${url}/insert`), `${url}/insert`, Date.now() + 10_000);
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, true);
      assert.equal(received[0].path, '/insert/loki/api/v1/push');
      assert.equal(received[0].headers['content-type'], 'application/x-protobuf');
      assert.equal(received[0].headers['content-encoding'], undefined);
      assert.equal(received[0].headers['x-scope-orgid'], 't1');
    },
  );
});

test('JSON carries its compression in Content-Encoding; every 5xx is retried, a 400 is not', async () => {
  await withServer(
    (i) => (i === 0 ? { status: 500 } : { status: 204 }),
    async (url, received) => {
      const scenario = lokiScenario(url, 'encoding: json\n');
      assert.equal(scenario.compression, 'gzip');
      const sender = createSender(scenario, url, Date.now() + 10_000);
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, true);
      assert.equal(outcome.retries, 1);
      assert.equal(received[1].path, '/loki/api/v1/push');
      assert.equal(received[1].headers['content-encoding'], 'gzip');
      assert.equal(received[1].headers['content-type'], 'application/json');
    },
  );
  await withServer(
    () => ({ status: 400, body: 'entry too far behind' }),
    async (url, received) => {
      const sender = createSender(lokiScenario(url), url, Date.now() + 10_000);
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, false);
      assert.equal(received.length, 1);
      assert.match(outcome.errorMessage, /entry too far behind/);
    },
  );
});
