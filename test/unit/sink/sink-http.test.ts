import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { compressSync } from 'snappy';
import { request } from 'undici';
import { compress as zstdCompress } from 'zstd-napi';
import { formatSinkCounters, type Sink, startSink } from '../../../src/targets/sink/index.js';
import { createOtlpHttpSender } from '../../../src/transport/index.js';
import { logRequest, metricRequest, traceRequest } from './otlp-fixtures.js';

async function withSink(run: (sink: Sink) => Promise<void>, options: Parameters<typeof startSink>[0] = {}) {
  const sink = await startSink({ grpcPort: null, ...options });
  try {
    await run(sink);
  } finally {
    await sink.close();
  }
}

async function post(
  sink: Sink,
  path: string,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const response = await request(`${sink.httpUrl}${path}`, { method: 'POST', body, headers });
  const bytes = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body: bytes };
}

const PROTO = { 'content-type': 'application/x-protobuf' };

test('protobuf requests on each signal path are counted with wire and raw bytes', async () => {
  await withSink(async (sink) => {
    const traces = traceRequest(2, 5);
    const logs = await logRequest(1, 3);
    const { bytes: metrics, dataPoints } = await metricRequest();
    const answer = await post(sink, '/v1/traces', traces, PROTO);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/x-protobuf');
    assert.equal(answer.body.length, 0);
    assert.equal((await post(sink, '/v1/logs', logs, PROTO)).status, 200);
    assert.equal((await post(sink, '/v1/metrics', metrics, PROTO)).status, 200);
    const counters = sink.counters();
    assert.deepEqual(counters.traces, {
      requests: 1,
      items: 10,
      wireBytes: traces.length,
      rawBytes: traces.length,
      errorsInjected: 0,
      rejectedRequests: 0,
    });
    assert.equal(counters.logs.items, 3);
    assert.equal(counters.metrics.items, dataPoints);
    assert.equal(counters.metrics.rawBytes, metrics.length);
  });
});

test('gzip, zstd and snappy bodies are decompressed: wireBytes as sent, rawBytes after', async () => {
  await withSink(async (sink) => {
    const raw = traceRequest(3, 20);
    const bodies: [string, Uint8Array][] = [
      ['gzip', gzipSync(raw)],
      ['zstd', zstdCompress(raw)],
      ['snappy', compressSync(Buffer.from(raw))],
    ];
    let wireTotal = 0;
    for (const [encoding, body] of bodies) {
      assert.ok(body.length < raw.length, `${encoding} should shrink the body`);
      const answer = await post(sink, '/v1/traces', body, { ...PROTO, 'content-encoding': encoding });
      assert.equal(answer.status, 200, encoding);
      wireTotal += body.length;
    }
    const counters = sink.counters().traces;
    assert.equal(counters.items, 180);
    assert.equal(counters.rawBytes, 3 * raw.length);
    assert.equal(counters.wireBytes, wireTotal);
  });
});

test('JSON requests are counted and answered with {} as application/json', async () => {
  await withSink(async (sink) => {
    const answer = await post(sink, '/v1/traces', traceRequest(1, 4, 'json'), {
      'content-type': 'application/json',
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.equal(answer.body.toString(), '{}');
    const { bytes, dataPoints } = await metricRequest('json');
    assert.equal(
      (
        await post(sink, '/v1/metrics', gzipSync(bytes), {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        })
      ).status,
      200,
    );
    assert.equal(sink.counters().traces.items, 4);
    assert.equal(sink.counters().metrics.items, dataPoints);
  });
});

test('bad bodies are answered 400 and counted as rejected, not as items', async () => {
  await withSink(async (sink) => {
    const truncated = traceRequest(1, 3).subarray(0, 20);
    const answer = await post(sink, '/v1/traces', truncated, PROTO);
    assert.equal(answer.status, 400);
    assert.match(answer.body.toString('latin1'), /not a valid OTLP export request/);
    assert.equal(
      (await post(sink, '/v1/traces', Buffer.from('not gzip'), { ...PROTO, 'content-encoding': 'gzip' }))
        .status,
      400,
    );
    assert.equal(
      (await post(sink, '/v1/logs', Buffer.from('{"resourceLogs":'), { 'content-type': 'application/json' }))
        .status,
      400,
    );
    assert.equal(
      (await post(sink, '/v1/traces', traceRequest(1, 1), { 'content-type': 'text/plain' })).status,
      415,
    );
    assert.equal(
      (await post(sink, '/v1/traces', traceRequest(1, 1), { ...PROTO, 'content-encoding': 'br' })).status,
      415,
    );
    const counters = sink.counters();
    assert.equal(counters.traces.requests, 4);
    assert.equal(counters.traces.rejectedRequests, 4);
    assert.equal(counters.traces.items, 0);
    assert.equal(counters.logs.rejectedRequests, 1);
  });
});

test('unknown paths get 404 and other methods 405, without touching the counters', async () => {
  await withSink(async (sink) => {
    assert.equal((await post(sink, '/v1/profiles', traceRequest(1, 1), PROTO)).status, 404);
    const get = await request(`${sink.httpUrl}/v1/traces`);
    await get.body.dump();
    assert.equal(get.statusCode, 405);
    assert.equal(sink.counters().traces.requests, 0);
  });
});

test('reset() zeroes the counters and formatSinkCounters prints the active signals', async () => {
  await withSink(async (sink) => {
    await post(sink, '/v1/logs', await logRequest(1, 2), PROTO);
    const table = formatSinkCounters(sink.counters());
    assert.match(table, /^signal\s+requests\s+items\s+wireBytes/);
    assert.match(table, /\nlogs\s+1\s+2\s/);
    assert.doesNotMatch(table, /traces/);
    sink.reset();
    assert.equal(sink.counters().logs.items, 0);
    assert.match(formatSinkCounters(sink.counters()), /traces[\s\S]*metrics[\s\S]*logs/);
  });
});

test('injected latency delays every answer', async () => {
  await withSink(
    async (sink) => {
      const started = performance.now();
      assert.equal((await post(sink, '/v1/traces', traceRequest(1, 1), PROTO)).status, 200);
      assert.ok(performance.now() - started >= 145, 'answer came before the injected 150 ms');
      sink.setFault({ latencyMs: 0 });
      const fastStarted = performance.now();
      await post(sink, '/v1/traces', traceRequest(1, 1), PROTO);
      assert.ok(performance.now() - fastStarted < 140);
    },
    { latencyMs: 150 },
  );
});

test('injected errors are 503 with Retry-After: 0, counted, and retried by the HTTP sender', async () => {
  await withSink(
    async (sink) => {
      const direct = await post(sink, '/v1/traces', traceRequest(1, 2), PROTO);
      assert.equal(direct.status, 503);
      assert.equal(direct.headers['retry-after'], '0');
      sink.reset();
      sink.setFault({ errorRate: 0.5 });
      const sender = createOtlpHttpSender({
        baseUrl: sink.httpUrl,
        signal: 'traces',
        contentType: 'application/x-protobuf',
        headers: {},
        connections: 2,
        requestTimeoutMs: 2000,
        maxRetries: 20,
      });
      let retries = 0;
      const body = traceRequest(1, 10);
      for (let i = 0; i < 40; i++) {
        const outcome = await sender.send(body, 10);
        assert.equal(outcome.ok, true, outcome.errorMessage);
        retries += outcome.retries;
      }
      await sender.close();
      const counters = sink.counters().traces;
      assert.equal(counters.items, 400);
      assert.ok(counters.errorsInjected > 5, `only ${counters.errorsInjected} errors injected at 50%`);
      assert.equal(retries, counters.errorsInjected);
      assert.equal(counters.requests, 40 + retries);
    },
    { errorRate: 1 },
  );
});

test('fault settings are validated', async () => {
  await assert.rejects(startSink({ errorRate: 1.5 }), /sink errorRate: 1.5/);
  await withSink(async (sink) => {
    assert.throws(() => sink.setFault({ latencyMs: -1 }), /sink latencyMs: -1/);
  });
});
