import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { checkEndpoint } from '../../../src/scenario/endpoint.js';
import { assertEndpointAllowed } from '../../../src/targets/endpoint.js';
import { isLoopbackHost, parseEndpoint } from '../../../src/transport/endpoint-address.js';
import { checkEndpointReachable, parseEndpointAddress } from '../../../src/transport/index.js';

test('endpoints parse from base URLs and host:port', () => {
  assert.deepEqual(parseEndpointAddress('http://127.0.0.1:4318/otlp/'), {
    host: '127.0.0.1',
    port: 4318,
    protocol: 'http:',
    pathPrefix: '/otlp',
    form: 'url',
    hasQueryOrFragment: false,
  });
  assert.deepEqual(parseEndpointAddress('localhost:4317'), {
    host: 'localhost',
    port: 4317,
    protocol: 'http:',
    pathPrefix: '',
    form: 'host-port',
    hasQueryOrFragment: false,
  });
  assert.equal(parseEndpointAddress('[::1]:4317')?.host, '::1');
  assert.equal(parseEndpointAddress('https://example.com')?.port, 443);
  assert.equal(parseEndpointAddress('localhost'), null, 'host without port');
  assert.equal(parseEndpointAddress('ftp://127.0.0.1:21'), null);
  assert.equal(parseEndpointAddress(''), null);
  assert.equal(parseEndpointAddress('localhost:80')?.port, 80, 'the default port spelled out');
  assert.equal(parseEndpointAddress('HTTP://LocalHost:4318')?.host, 'localhost');
  assert.equal(parseEndpointAddress('127.1:4317')?.host, '127.0.0.1', 'as the senders connect to it');
  assert.equal(parseEndpointAddress('http://h:4318/?q=1')?.hasQueryOrFragment, true);
  assert.equal(parseEndpointAddress('http://h:4318/#f')?.hasQueryOrFragment, true);
  assert.equal(parseEndpointAddress('https://[::1]:4318')?.host, '::1');
  // host:port is exactly that: no path, no user, a valid host and port.
  for (const text of ['h:4317/x', 'h:4317/', 'user@h:4317', '-h:4317', '999.1.1.1:4317', 'h:0', 'h:65536']) {
    assert.equal(parseEndpointAddress(text), null, text);
  }
  assert.deepEqual(parseEndpoint('h:70000'), { ok: false, problem: 'port' });
  assert.deepEqual(parseEndpoint('h:x'), { ok: false, problem: 'syntax' });
});

test('the scenario endpoint check: host:port or a URL without a path for gRPC, a base URL for HTTP', () => {
  const grpcHelp =
    /^must be host:port \(127\.0\.0\.1:4317\) or an http\(s\):\/\/host:port URL without a path/;
  const httpHelp = /^must be an http:\/\/ or https:\/\/ base URL without query or fragment/;
  const cases: [string, string, string | RegExp][] = [
    ['otlp-grpc', '127.0.0.1:4317', '127.0.0.1'],
    ['otlp-grpc', 'LOCALHOST:4317', 'localhost'],
    ['otlp-grpc', '[::1]:4317', '[::1]'],
    ['otlp-grpc', 'http://127.0.0.1:4317', '127.0.0.1'],
    ['otlp-grpc', 'https://[::1]:4317/', '[::1]'],
    ['otlp-grpc', 'http://127.0.0.1:4317/v1', grpcHelp],
    ['otlp-grpc', 'http://127.0.0.1:4317?x=1', grpcHelp],
    ['otlp-grpc', 'localhost', grpcHelp],
    ['otlp-grpc', 'h:0', /^the port must be 1\.\.65535$/],
    ['otlp-grpc', 'h:99999', /^the port must be 1\.\.65535$/],
    ['otlp-http', 'http://127.0.0.1:4318', '127.0.0.1'],
    ['otlp-http', 'http://127.0.0.1:4318/otlp', '127.0.0.1'],
    ['prometheus-remote-write', 'https://[::1]:8428', '[::1]'],
    ['loki-push', 'http://127.0.0.1:9428/insert', '127.0.0.1'],
    ['otlp-http', '127.0.0.1:4318', httpHelp],
    ['otlp-http', 'http://127.0.0.1:4318/?x=1', httpHelp],
    ['otlp-http', 'http://127.0.0.1:4318#f', httpHelp],
    ['otlp-http', 'ftp://127.0.0.1:21', httpHelp],
    ['loki-push', 'localhost:3100', httpHelp],
  ];
  for (const [protocol, endpoint, expected] of cases) {
    const check = checkEndpoint(endpoint, protocol as never);
    if (typeof expected === 'string') assert.deepEqual(check, { ok: true, host: expected }, endpoint);
    else
      assert.ok(!check.ok && expected.test(check.help), `${protocol} ${endpoint}: ${JSON.stringify(check)}`);
  }
});

test('loopback hosts are 127.0.0.0/8, ::1 and localhost only', () => {
  for (const host of [
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    'localhost',
    'LOCALHOST',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
  ]) {
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
    '::ffff:a00:1',
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
