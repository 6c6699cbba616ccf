// Query building and response parsing of the per-backend read modules (src/targets/*-read.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decompressBody } from '../../../../src/encoders/compression.js';
import { lokiCountQuery, lokiQueries, lokiWindow, streamCounts } from '../../../../src/targets/loki-read.js';
import { canaryWriteRequest } from '../../../../src/targets/prometheus-read.js';
import { readProbeFor } from '../../../../src/targets/read-registry.js';
import { spansInSearch, tempoQueries } from '../../../../src/targets/tempo-read.js';
import { canarySpanJson, canaryTraceId } from '../../../../src/targets/trace-canary.js';
import { vmCanaryLine } from '../../../../src/targets/victoriametrics-read.js';

const window = { fromUs: 1_700_000_000_123_456, toUs: 1_700_000_002_000_000 };

test('every backend with a read path has a probe; the rest have none', () => {
  for (const kind of ['victoriametrics', 'prometheus', 'victorialogs', 'tempo', 'loki', 'jaeger'] as const) {
    assert.ok(readProbeFor(kind), kind);
  }
  for (const kind of ['sink', 'collector', 'vmagent'] as const) assert.equal(readProbeFor(kind), null);
});

test('VictoriaMetrics canary: one exposition line, value = seq, ms timestamp', () => {
  assert.equal(vmCanaryLine('17', 3, 1_700_000_000_123), 'obsbench_canary{run="17"} 3 1700000000123\n');
});

test('Prometheus canary: a snappy WriteRequest carrying the name, the run label, seq and the ms timestamp', () => {
  const body = decompressBody('snappy', canaryWriteRequest('17', 3, 1_700_000_000_123));
  const text = body.toString('latin1');
  assert.ok(text.includes('__name__') && text.includes('obsbench_canary'));
  assert.ok(text.includes('run') && text.includes('17'));
  // Sample.value (field 1, double) = 3 and Sample.timestamp (field 2, varint) = the ms.
  const value = Buffer.alloc(9);
  value[0] = 0x09;
  value.writeDoubleLE(3, 1);
  assert.ok(body.includes(value), 'value 3 as a double');
  let ts = 1_700_000_000_123;
  const varint: number[] = [0x10];
  while (ts >= 0x80) {
    varint.push((ts % 0x80) | 0x80);
    ts = Math.floor(ts / 0x80);
  }
  varint.push(ts);
  assert.ok(body.includes(Buffer.from(varint)), 'timestamp in ms');
});

test('Tempo: trace-by-ID and TraceQL search paths over the window; span counts from a search answer', () => {
  const specs = tempoQueries(window, 'abc123');
  assert.deepEqual(
    specs.map((s) => s.name),
    ['trace_by_id', 'traceql_errors', 'traceql_slow'],
  );
  assert.equal(specs[0].path, '/api/traces/abc123');
  const search = new URL(specs[1].path, 'http://x');
  assert.equal(search.pathname, '/api/search');
  assert.equal(search.searchParams.get('q'), '{ status = error }');
  assert.equal(search.searchParams.get('start'), '1700000000');
  assert.equal(search.searchParams.get('end'), '1700000002');
  assert.deepEqual(
    tempoQueries(window, null).map((s) => s.name),
    ['traceql_errors', 'traceql_slow'],
  );
  assert.deepEqual(
    spansInSearch({
      traces: [
        { traceID: 'a', spanSet: { matched: 8 } },
        { traceID: 'b', spanSets: [{ matched: 3 }, { matched: 2 }] },
        { traceID: 'c' },
      ],
    }),
    { traces: 3, spans: 13 },
  );
  assert.deepEqual(spansInSearch({}), { traces: 0, spans: 0 });
});

test('Tempo canary: 32-hex trace ID per seq inside an OTLP/JSON span', () => {
  assert.match(canaryTraceId(1), /^[0-9a-f]{32}$/);
  assert.notEqual(canaryTraceId(1), canaryTraceId(2));
  const body = JSON.parse(canarySpanJson(2, 1_700_000_000_000_001));
  const span = body.resourceSpans[0].scopeSpans[0].spans[0];
  assert.equal(span.traceId, canaryTraceId(2));
  assert.match(span.spanId, /^[0-9a-f]{16}$/);
  assert.equal(span.startTimeUnixNano, '1700000000000001000');
});

test('Loki: LogQL over the window leaves canary streams out; per-stream counts parse', () => {
  assert.deepEqual(lokiWindow(window), { timeNs: '1700000002000000000', windowMs: 2_000 - 123 + 1 });
  assert.equal(lokiCountQuery(window), 'count_over_time({service_name=~".+", obsbench_canary=""}[1878ms])');
  const specs = lokiQueries(window);
  assert.deepEqual(
    specs.map((s) => s.name),
    ['logql_rate_by_service', 'logql_filter', 'logql_instant_count'],
  );
  const range = new URL(specs[0].path, 'http://x').searchParams;
  assert.equal(range.get('start'), '1700000000123456000');
  assert.equal(range.get('end'), '1700000002000000000');
  const counts = streamCounts({
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        { metric: { service_name: 'cart', pod: 'p1' }, value: [1, '40'] },
        { metric: { service_name: 'ads' }, value: [1, '2'] },
      ],
    },
  });
  assert.equal(counts.total, 42);
  assert.deepEqual(counts.byGroup, { '{pod="p1",service_name="cart"}': 40, '{service_name="ads"}': 2 });
  assert.throws(() => streamCounts({ status: 'error', error: 'max entries' }), /max entries/);
});
