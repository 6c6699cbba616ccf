import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metadata, Server, ServerCredentials, type ServiceError, status } from '@grpc/grpc-js';
import { startSink } from '../../../src/targets/sink/index.js';
import { createOtlpGrpcSender, type OtlpGrpcSenderOptions } from '../../../src/transport/index.js';
import { OTLP_GRPC_EXPORT_PATHS } from '../../../src/transport/protocols.js';
import { logRequest, traceRequest } from '../sink/otlp-fixtures.js';
import { partialSuccessBody } from './scripted-server.js';

function options(endpoint: string, overrides: Partial<OtlpGrpcSenderOptions> = {}): OtlpGrpcSenderOptions {
  return { endpoint, signal: 'traces', headers: {}, requestTimeoutMs: 2000, maxRetries: 5, ...overrides };
}

test('exports reach the sink over gRPC, plain and gzip, on every signal path', async () => {
  const sink = await startSink();
  try {
    const traces = createOtlpGrpcSender(options(sink.grpcEndpoint));
    const gzipLogs = createOtlpGrpcSender(
      options(`http://${sink.grpcEndpoint}`, { signal: 'logs', compression: 'gzip' }),
    );
    const traceOutcome = await traces.send(traceRequest(2, 5), 10);
    const logOutcome = await gzipLogs.send(await logRequest(1, 4), 4);
    await traces.close();
    await gzipLogs.close();
    assert.deepEqual(traceOutcome, { ok: true, status: 0, itemsRefused: 0, retries: 0, errorMessage: '' });
    assert.equal(logOutcome.ok, true, logOutcome.errorMessage);
    const counters = sink.counters();
    assert.equal(counters.traces.items, 10);
    assert.equal(counters.logs.items, 4);
    assert.equal(counters.logs.rawBytes, (await logRequest(1, 4)).length);
  } finally {
    await sink.close();
  }
});

test('UNAVAILABLE is retried and counted; INVALID_ARGUMENT is not', async () => {
  const sink = await startSink({ errorRate: 0.5, seed: 7 });
  try {
    const sender = createOtlpGrpcSender(options(sink.grpcEndpoint, { maxRetries: 20 }));
    let retries = 0;
    for (let i = 0; i < 20; i++) {
      const outcome = await sender.send(traceRequest(1, 3), 3);
      assert.equal(outcome.ok, true, outcome.errorMessage);
      retries += outcome.retries;
    }
    const counters = sink.counters().traces;
    assert.ok(counters.errorsInjected > 2);
    assert.equal(retries, counters.errorsInjected);
    assert.equal(counters.items, 60);
    sink.setFault({ errorRate: 0 });
    const bad = await sender.send(Buffer.from([0x0a, 0x05, 0x00]), 1);
    await sender.close();
    assert.equal(bad.ok, false);
    assert.equal(bad.status, status.INVALID_ARGUMENT);
    assert.equal(bad.retries, 0);
    assert.match(bad.errorMessage, /^gRPC INVALID_ARGUMENT: sink: body is not a valid OTLP export request$/);
  } finally {
    await sink.close();
  }
});

/** A gRPC server of the test's own answering the trace Export with scripted results. */
async function scriptedGrpc(
  answers: ((callback: (error: Partial<ServiceError> | null, value?: Buffer) => void) => void)[],
) {
  const server = new Server();
  let calls = 0;
  const identity = (value: Buffer) => value;
  server.addService(
    {
      Export: {
        path: OTLP_GRPC_EXPORT_PATHS.traces,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    {
      Export: (_call: unknown, callback: (error: Partial<ServiceError> | null, value?: Buffer) => void) =>
        answers[calls++](callback),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { endpoint: `127.0.0.1:${port}`, calls: () => calls, close: () => server.forceShutdown() };
}

function retryInfoDetails(delaySeconds: number): Buffer {
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const duration = Buffer.from([0x08, delaySeconds]);
  const retryInfo = Buffer.concat([Buffer.from([0x0a, duration.length]), duration]);
  const any = Buffer.concat([
    Buffer.from([0x0a, typeUrl.length]),
    typeUrl,
    Buffer.from([0x12, retryInfo.length]),
    retryInfo,
  ]);
  return Buffer.concat([Buffer.from([0x08, status.RESOURCE_EXHAUSTED, 0x1a, any.length]), any]);
}

test('RESOURCE_EXHAUSTED is retried only with RetryInfo, after its delay; partial success is reported', async () => {
  const withRetryInfo = new Metadata();
  withRetryInfo.set('grpc-status-details-bin', retryInfoDetails(1));
  const server = await scriptedGrpc([
    (cb) => cb({ code: status.RESOURCE_EXHAUSTED, details: 'slow down', metadata: withRetryInfo }),
    (cb) => cb(null, partialSuccessBody(2, 'dropped 2 spans')),
    (cb) => cb({ code: status.RESOURCE_EXHAUSTED, details: 'quota' }),
  ]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint));
    const started = performance.now();
    const first = await sender.send(traceRequest(1, 5), 5);
    const waitedMs = performance.now() - started;
    const second = await sender.send(traceRequest(1, 5), 5);
    await sender.close();
    assert.deepEqual(first, {
      ok: true,
      status: 0,
      itemsRefused: 2,
      retries: 1,
      errorMessage: 'dropped 2 spans',
    });
    assert.ok(waitedMs >= 990, `retried after ${waitedMs.toFixed(0)} ms despite RetryInfo 1 s`);
    assert.deepEqual(second, {
      ok: false,
      status: status.RESOURCE_EXHAUSTED,
      itemsRefused: 0,
      retries: 0,
      errorMessage: 'gRPC RESOURCE_EXHAUSTED: quota',
    });
    assert.equal(server.calls(), 3);
  } finally {
    server.close();
  }
});

test('an unreachable gRPC endpoint fails as UNAVAILABLE after maxRetries', async () => {
  const sink = await startSink({ httpPort: 0 });
  const endpoint = sink.grpcEndpoint;
  await sink.close();
  const sender = createOtlpGrpcSender(options(endpoint, { maxRetries: 1, requestTimeoutMs: 1000 }));
  const outcome = await sender.send(traceRequest(1, 1), 1);
  await sender.close();
  assert.equal(outcome.ok, false);
  assert.equal(outcome.status, status.UNAVAILABLE);
  assert.equal(outcome.retries, 1);
  assert.match(outcome.errorMessage, /^gRPC UNAVAILABLE: /);
});
