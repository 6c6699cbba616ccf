import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { startSink } from '../../../src/targets/sink/index.js';
import { createOtlpGrpcSender, type OtlpGrpcSenderOptions } from '../../../src/transport/index.js';
import { OTLP_GRPC_EXPORT_PATHS } from '../../../src/transport/protocols.js';
import { logRequest, traceRequest } from '../sink/otlp-fixtures.js';
import { retryInfoStatusDetails } from './grpc-status-details.js';
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
type GrpcCallback = (error: Partial<ServiceError> | null, value?: Buffer) => void;

async function scriptedGrpc(
  answers: ((callback: GrpcCallback, call: ServerUnaryCall<Buffer, Buffer>) => void)[],
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
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: GrpcCallback) =>
        answers[calls++](callback, call),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { endpoint: `127.0.0.1:${port}`, calls: () => calls, close: () => server.forceShutdown() };
}

test('RESOURCE_EXHAUSTED is retried only with RetryInfo, after its delay; partial success is reported', async () => {
  const withRetryInfo = new Metadata();
  withRetryInfo.set('grpc-status-details-bin', retryInfoStatusDetails(status.RESOURCE_EXHAUSTED, 1000));
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

test('a call the server never answers ends DEADLINE_EXCEEDED at the request timeout, its stream cancelled', async () => {
  const cancelled: number[] = [];
  const neverAnswer = (_cb: GrpcCallback, call: ServerUnaryCall<Buffer, Buffer>) =>
    call.on('cancelled', () => cancelled.push(performance.now()));
  const server = await scriptedGrpc([neverAnswer, neverAnswer]);
  try {
    const sender = createOtlpGrpcSender(options(server.endpoint, { requestTimeoutMs: 300, maxRetries: 1 }));
    const started = performance.now();
    const outcome = await sender.send(traceRequest(1, 2), 2);
    const tookMs = performance.now() - started;
    await sender.close();
    assert.equal(outcome.ok, false);
    assert.equal(outcome.status, status.DEADLINE_EXCEEDED);
    // DEADLINE_EXCEEDED is retryable in OTLP: one retry, then the outcome.
    assert.equal(outcome.retries, 1);
    assert.match(outcome.errorMessage, /^gRPC DEADLINE_EXCEEDED: no answer within 300 ms/);
    assert.ok(tookMs >= 600 && tookMs < 2500, `took ${tookMs.toFixed(0)} ms for two 300 ms deadlines`);
    assert.equal(server.calls(), 2);
    // The server learns of it: grpc-js ends a call on RST_STREAM (or on its own grpc-timeout).
    await waitFor(() => cancelled.length === 2);
  } finally {
    server.close();
  }
});

test('abort() ends a stuck call at once with its reason, and no retry starts', async () => {
  const server = await scriptedGrpc([() => {}]);
  try {
    const sender = createOtlpGrpcSender(
      options(server.endpoint, { requestTimeoutMs: 30_000, maxRetries: 5 }),
    );
    const pending = sender.send(traceRequest(1, 2), 2);
    await waitFor(() => server.calls() === 1);
    const abortedAt = performance.now();
    sender.abort('aborted: run over');
    const outcome = await pending;
    const tookMs = performance.now() - abortedAt;
    const after = await sender.send(traceRequest(1, 2), 2);
    await sender.close();
    assert.ok(tookMs < 100, `abort took ${tookMs.toFixed(0)} ms`);
    assert.deepEqual(outcome, {
      ok: false,
      status: status.CANCELLED,
      itemsRefused: 0,
      retries: 0,
      errorMessage: `gRPC ${OTLP_GRPC_EXPORT_PATHS.traces}: aborted: run over`,
    });
    assert.equal(after.ok, false);
    assert.match(after.errorMessage, /aborted: run over/);
    assert.equal(server.calls(), 1);
  } finally {
    server.close();
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
