import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { measureQueries } from '../../../../src/probes/read/query-latency.js';
import type { ReadContext, ReadProbe } from '../../../../src/probes/read/read-probe.js';
import { LatencyHistogram } from '../../../../src/stats/latency-histogram.js';

const seen: string[] = [];
const server = createServer((req, res) => {
  seen.push(req.url ?? '');
  const slow = req.url?.startsWith('/slow');
  const queueing = req.url?.startsWith('/queue');
  setTimeout(
    () => {
      res.statusCode = req.url?.startsWith('/bad') ? 500 : 200;
      res.end('{"status":"success"}');
    },
    queueing ? 200 : slow ? 20 : 0,
  );
});
let baseUrl = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const probe: ReadProbe = {
  unit: 'x',
  queries: async () => [
    { name: 'fast', path: '/fast?q=1', description: 'fast one' },
    { name: 'slow', path: '/slow?q=2', description: 'slow one' },
    { name: 'broken', path: '/bad', description: 'answers 500' },
  ],
  countStored: async () => ({ total: 0, byGroup: null }),
  canary: { write: async () => {}, isVisible: async () => true },
};

test('measureQueries sends each query the asked number of times at the asked rate and times each', async () => {
  seen.length = 0;
  const started = Date.now();
  const result = await measureQueries(probe, { baseUrl } as ReadContext, {
    requestsPerQuery: 10,
    ratePerS: 50,
    timeoutMs: 2000,
  });
  const elapsedMs = Date.now() - started;
  assert.deepEqual(Object.keys(result), ['fast', 'slow', 'broken']);
  assert.equal(result.fast.count, 10);
  assert.equal(result.fast.requests, 10);
  assert.equal(result.fast.description, 'fast one');
  assert.equal(result.slow.count, 10);
  assert.ok(result.slow.p50 >= 19, `slow p50 ${result.slow.p50}`);
  assert.ok(result.fast.p50 < result.slow.p50);
  // Non-2xx answers are counted, not timed.
  assert.equal(result.broken.count, 0);
  assert.equal(result.broken.non2xx, 10);
  assert.equal(seen.filter((u) => u === '/fast?q=1').length, 10);
  // 3 x 10 requests at 50/s: about 0.6 s, not as fast as possible.
  assert.ok(elapsedMs >= 400, `took ${elapsedMs} ms`);
  // The encoded histogram round-trips to the same count.
  assert.equal(LatencyHistogram.fromBase64(result.slow.hdrBase64).count, 10);
});

test('a query too slow for its rate is charged the queueing, not only its service time', async () => {
  const queueProbe: ReadProbe = {
    ...probe,
    queries: async () => [{ name: 'queue', path: '/queue', description: '200 ms each' }],
  };
  const ctx = { baseUrl } as ReadContext;
  // 2 connections x 200 ms = 10/s served, 20/s asked: the 10th request is due at 0.45 s, answered near 1 s.
  const out = await measureQueries(queueProbe, ctx, { requestsPerQuery: 10, ratePerS: 20, timeoutMs: 5000 });
  assert.equal(out.queue.count, 10);
  assert.ok(out.queue.p50 >= 200, `p50 ${out.queue.p50}`);
  assert.ok(out.queue.max > 400, `max ${out.queue.max}: from when it was due, service time alone is ~200 ms`);
});
