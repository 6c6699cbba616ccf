import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { assertEndpointAllowed, isLoopbackHost } from '../../../src/targets/endpoint.js';
import { checkEndpointReachable, parseEndpointAddress } from '../../../src/transport/index.js';

test('endpoints parse from base URLs and host:port', () => {
  assert.deepEqual(parseEndpointAddress('http://127.0.0.1:4318/otlp/'), {
    host: '127.0.0.1',
    port: 4318,
    protocol: 'http:',
    pathPrefix: '/otlp',
  });
  assert.deepEqual(parseEndpointAddress('localhost:4317'), {
    host: 'localhost',
    port: 4317,
    protocol: 'http:',
    pathPrefix: '',
  });
  assert.equal(parseEndpointAddress('[::1]:4317')?.host, '::1');
  assert.equal(parseEndpointAddress('https://example.com')?.port, 443);
  assert.equal(parseEndpointAddress('localhost'), null, 'host without port');
  assert.equal(parseEndpointAddress('ftp://127.0.0.1:21'), null);
  assert.equal(parseEndpointAddress(''), null);
});

test('loopback hosts are 127.0.0.0/8, ::1 and localhost only', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
    assert.equal(isLoopbackHost(host), true, host);
  }
  for (const host of [
    '10.0.0.1',
    '128.0.0.1',
    '127.0.0.256',
    '0.0.0.0',
    'example.com',
    'localhost.example.com',
    '::',
  ]) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test('a non-loopback endpoint is refused unless allowNonLoopback, naming the field and the fix', () => {
  assert.doesNotThrow(() => assertEndpointAllowed('http://127.0.0.1:4318', false));
  assert.doesNotThrow(() => assertEndpointAllowed('[::1]:4317', false));
  assert.doesNotThrow(() => assertEndpointAllowed('http://10.0.0.5:4318', true));
  assert.throws(
    () => assertEndpointAllowed('http://10.0.0.5:4318', false),
    (error: unknown) =>
      isObsbenchError(error) &&
      error.code === 'E_ENDPOINT_NOT_ALLOWED' &&
      error.message.startsWith("target.endpoint: 'http://10.0.0.5:4318' is not a loopback address") &&
      error.message.endsWith('set target.allowNonLoopback: true'),
  );
  assert.throws(() => assertEndpointAllowed('nonsense', false), /target\.endpoint: 'nonsense' is not/);
});

test('the pre-flight check passes when something listens', async () => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await checkEndpointReachable(`http://127.0.0.1:${port}/otlp`, 1000);
    await checkEndpointReachable(`127.0.0.1:${port}`, 1000);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the pre-flight check says what failed and what to do', async () => {
  await assert.rejects(
    checkEndpointReachable('http://127.0.0.1:1', 1000),
    (error: unknown) =>
      isObsbenchError(error) &&
      error.code === 'E_ENDPOINT_UNREACHABLE' &&
      error.message ===
        'target.endpoint: cannot connect to http://127.0.0.1:1 (ECONNREFUSED): start the backend or fix target.endpoint',
  );
});
