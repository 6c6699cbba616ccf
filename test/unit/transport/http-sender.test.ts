import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import {
  createOtlpHttpSender,
  type OtlpHttpSenderOptions,
  type Sender,
} from '../../../src/transport/index.js';
import { partialSuccessBody, type ScriptedAnswer, startScriptedServer } from './scripted-server.js';

const BODY = Buffer.alloc(1000, 7);

function senderFor(baseUrl: string, overrides: Partial<OtlpHttpSenderOptions> = {}): Sender {
  return createOtlpHttpSender({
    baseUrl,
    signal: 'traces',
    contentType: 'application/x-protobuf',
    headers: {},
    connections: 2,
    requestTimeoutMs: 2000,
    maxRetries: 5,
    ...overrides,
  });
}

async function scenario(
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

test('POSTs to <base>/v1/<signal>, keeping a base path prefix, with content type, encoding and headers', async () => {
  await scenario(
    () => ({ status: 200 }),
    async (url, received) => {
      const sender = senderFor(`${url}/otlp/`, {
        signal: 'logs',
        contentEncoding: 'gzip',
        headers: { 'X-Scope-OrgID': 'tenant-1' },
      });
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.deepEqual(outcome, { ok: true, status: 200, itemsRefused: 0, retries: 0, errorMessage: '' });
      assert.equal(received[0].method, 'POST');
      assert.equal(received[0].path, '/otlp/v1/logs');
      assert.equal(received[0].headers['content-type'], 'application/x-protobuf');
      assert.equal(received[0].headers['content-encoding'], 'gzip');
      assert.equal(received[0].headers['x-scope-orgid'], 'tenant-1');
      assert.equal(received[0].bodyBytes, BODY.length);
    },
  );
});

test('keep-alive: requests reuse at most `connections` connections', async () => {
  await scenario(
    () => ({ status: 200, body: 'ignored body that must be drained' }),
    async (url, received) => {
      const sender = senderFor(url, { signal: 'metrics' });
      for (let i = 0; i < 10; i++) assert.equal((await sender.send(BODY, 1)).ok, true);
      await Promise.all(Array.from({ length: 10 }, () => sender.send(BODY, 1)));
      await sender.close();
      assert.equal(received.length, 20);
      assert.ok(new Set(received.map((r) => r.connectionId)).size <= 2, 'more connections than configured');
      assert.equal(received[0].path, '/v1/metrics');
    },
  );
});

test('429/502/503/504 are retried until success, every retry counted', async () => {
  const script = [429, 502, 503, 504, 200];
  await scenario(
    (i) => ({ status: script[i], headers: { 'retry-after': '0' } }),
    async (url, received) => {
      const sender = senderFor(url, { maxRetries: 10 });
      const outcome = await sender.send(BODY, 10);
      await sender.close();
      assert.equal(outcome.ok, true);
      assert.equal(outcome.retries, 4);
      assert.equal(received.length, 5);
    },
  );
});

test('Retry-After is honoured', async () => {
  await scenario(
    (i) => (i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }),
    async (url, received) => {
      const sender = senderFor(url);
      const outcome = await sender.send(BODY, 1);
      await sender.close();
      assert.equal(outcome.retries, 1);
      const waitedMs = received[1].atMs - received[0].atMs;
      assert.ok(waitedMs >= 990, `retried after ${waitedMs.toFixed(0)} ms despite Retry-After: 1`);
    },
  );
});

test('without Retry-After, retries back off exponentially', async () => {
  await scenario(
    (i) => (i < 3 ? { status: 503 } : { status: 200 }),
    async (url, received) => {
      const sender = senderFor(url);
      assert.equal((await sender.send(BODY, 1)).retries, 3);
      await sender.close();
      const gaps = [1, 2, 3].map((i) => received[i].atMs - received[i - 1].atMs);
      // 100, 200, 400 ms with +-20% jitter.
      assert.ok(gaps[0] >= 75 && gaps[0] < 250, `first gap ${gaps[0]}`);
      assert.ok(gaps[2] > gaps[0] * 2, `gaps ${gaps.map((g) => g.toFixed(0))} do not grow`);
    },
  );
});

test('maxRetries bounds the attempts; the last failure is reported', async () => {
  await scenario(
    () => ({
      status: 503,
      headers: { 'retry-after': '0', 'content-type': 'text/plain' },
      body: 'overloaded, try later',
    }),
    async (url, received) => {
      const sender = senderFor(url, { maxRetries: 3 });
      const outcome = await sender.send(BODY, 1);
      await sender.close();
      assert.equal(received.length, 4);
      assert.deepEqual(outcome, {
        ok: false,
        status: 503,
        itemsRefused: 0,
        retries: 3,
        errorMessage: 'HTTP 503 Service Unavailable: overloaded, try later',
      });
    },
  );
});

test('no retry would start past the deadline', async () => {
  await scenario(
    () => ({ status: 429, headers: { 'retry-after': '5' } }),
    async (url, received) => {
      const sender = senderFor(url, { deadlineMs: performance.now() + 1000 });
      const started = performance.now();
      const outcome = await sender.send(BODY, 1);
      await sender.close();
      assert.equal(outcome.ok, false);
      assert.equal(outcome.retries, 0);
      assert.equal(received.length, 1);
      assert.ok(
        performance.now() - started < 900,
        'waited for a retry that could not finish before the deadline',
      );
    },
  );
});

test('other 4xx/5xx fail at once with the status and the start of the body', async () => {
  const statusBody = Buffer.concat([Buffer.from([0x12, 0x0d]), Buffer.from('bad timestamp')]);
  const script: ScriptedAnswer[] = [
    { status: 400, headers: { 'content-type': 'application/x-protobuf' }, body: statusBody },
    { status: 500, headers: { 'content-type': 'text/plain' }, body: `boom\n${'x'.repeat(500)}` },
    { status: 413 },
  ];
  await scenario(
    (i) => script[i],
    async (url, received) => {
      const sender = senderFor(url);
      const badRequest = await sender.send(BODY, 1);
      const serverError = await sender.send(BODY, 1);
      const tooLarge = await sender.send(BODY, 1);
      await sender.close();
      assert.equal(received.length, 3, 'a non-retryable status was retried');
      assert.deepEqual(badRequest, {
        ok: false,
        status: 400,
        itemsRefused: 0,
        retries: 0,
        errorMessage: 'HTTP 400 Bad Request: bad timestamp',
      });
      assert.equal(serverError.status, 500);
      assert.match(serverError.errorMessage, /^HTTP 500 Internal Server Error: boom x+\.\.\.$/);
      assert.ok(serverError.errorMessage.length < 260);
      assert.equal(tooLarge.errorMessage, 'HTTP 413 Payload Too Large');
    },
  );
});

test('partial success reports refused items and the reason, without retrying', async () => {
  const script: ScriptedAnswer[] = [
    {
      status: 200,
      headers: { 'content-type': 'application/x-protobuf' },
      body: partialSuccessBody(3, 'span too old'),
    },
    {
      status: 200,
      headers: { 'content-type': 'application/x-protobuf' },
      body: partialSuccessBody(0, 'just a warning'),
    },
  ];
  await scenario(
    (i) => script[i],
    async (url, received) => {
      const sender = senderFor(url);
      const partial = await sender.send(BODY, 10);
      const warning = await sender.send(BODY, 10);
      await sender.close();
      assert.deepEqual(partial, {
        ok: true,
        status: 200,
        itemsRefused: 3,
        retries: 0,
        errorMessage: 'span too old',
      });
      assert.deepEqual(warning, { ok: true, status: 200, itemsRefused: 0, retries: 0, errorMessage: '' });
      assert.equal(received.length, 2);
    },
  );
});

test('JSON partial success is read when the sender speaks JSON', async () => {
  await scenario(
    () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"partialSuccess":{"rejectedLogRecords":"2"}}',
    }),
    async (url, received) => {
      const sender = senderFor(url, { signal: 'logs', contentType: 'application/json' });
      const outcome = await sender.send(BODY, 5);
      await sender.close();
      assert.equal(outcome.itemsRefused, 2);
      assert.equal(received[0].headers['content-type'], 'application/json');
    },
  );
});

test('a server that hangs up without answering is retried (spec: SHOULD retry)', async () => {
  await scenario(
    (i) => (i === 0 ? { status: 0, hangUp: true } : { status: 200 }),
    async (url, received) => {
      const sender = senderFor(url);
      const outcome = await sender.send(BODY, 1);
      await sender.close();
      assert.equal(outcome.ok, true, outcome.errorMessage);
      assert.equal(outcome.retries, 1);
      assert.equal(received.length, 2);
    },
  );
});

test('a timeout fails with a message naming load.requestTimeoutMs and is not retried', async () => {
  await scenario(
    () => ({ status: 200, delayMs: 1000 }),
    async (url, received) => {
      const sender = senderFor(url, { requestTimeoutMs: 150 });
      const outcome = await sender.send(BODY, 1);
      await sender.close();
      assert.equal(outcome.ok, false);
      assert.equal(outcome.status, 0);
      assert.equal(outcome.retries, 0);
      assert.equal(received.length, 1);
      assert.match(
        outcome.errorMessage,
        /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/traces: no response headers within 150 ms \(load\.requestTimeoutMs\)$/,
      );
    },
  );
});

test('connection refused is retried with backoff, then reported clearly', async () => {
  const server = await startScriptedServer(() => ({ status: 200 }));
  const url = server.url;
  await server.close(); // nothing listens on this port any more
  const sender = senderFor(url, { maxRetries: 2 });
  const started = performance.now();
  const outcome = await sender.send(BODY, 1);
  await sender.close();
  assert.equal(outcome.ok, false);
  assert.equal(outcome.status, 0);
  assert.equal(outcome.retries, 2);
  assert.ok(performance.now() - started >= 230, 'two retries without backoff');
  assert.equal(outcome.errorMessage, `POST ${url}/v1/traces: connection refused (ECONNREFUSED)`);
});

test('close() cancels a pending retry wait', async () => {
  await scenario(
    () => ({ status: 503, headers: { 'retry-after': '30' } }),
    async (url) => {
      const sender = senderFor(url);
      const pending = sender.send(BODY, 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      await sender.close();
      const outcome = await pending;
      assert.ok(performance.now() - started < 1000);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.status, 503);
    },
  );
});

test('a base URL that is not http(s) is refused with the field name', () => {
  assert.throws(
    () => senderFor('127.0.0.1:4318'),
    /target\.endpoint: '127\.0\.0\.1:4318' is not an http\(s\) base URL/,
  );
});
