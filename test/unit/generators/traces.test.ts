import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  createTraceGenerator,
  DEFAULT_TRACE_SHAPE,
  type GeneratorContext,
  type TraceShape,
} from '../../../src/generators/index.js';
import {
  internedAttributes,
  SPAN_KIND_CLIENT,
  SPAN_KIND_CONSUMER,
  SPAN_KIND_PRODUCER,
  SPAN_KIND_SERVER,
  STATUS_ERROR,
  VALUE_STRING,
  VOLATILE_ID,
} from '../../../src/model/index.js';
import { type PlainSpan, traceSnapshot } from './snapshot.js';

const START_US = 1_700_000_000_000_000;
const ctx = (overrides: Partial<GeneratorContext> = {}): GeneratorContext => ({
  seed: 7,
  workerIndex: 0,
  workerCount: 1,
  startTimeUnixUs: START_US,
  runNonce: 99,
  ...overrides,
});

function collect(shape: TraceShape, context: GeneratorContext, batches: number, size: number): PlainSpan[] {
  const generator = createTraceGenerator(shape, context);
  const spans: PlainSpan[] = [];
  for (let b = 0; b < batches; b++)
    spans.push(...traceSnapshot(generator.next(size, START_US + b * 10_000)).spans);
  return spans;
}

describe('trace generator', () => {
  test('same shape, context and calls give identical batches; another seed does not', () => {
    const run = (seed: number) => {
      const generator = createTraceGenerator(DEFAULT_TRACE_SHAPE, ctx({ seed }));
      return [700, 13, 1000, 1].map((n, i) => traceSnapshot(generator.next(n, START_US + i * 1000)));
    };
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1), run(2));
  });

  test('honours itemCount: itemCount == sum of span counts, resources <= services, one record per service', () => {
    const generator = createTraceGenerator(DEFAULT_TRACE_SHAPE, ctx());
    for (const n of [1, 7, 500, 3000, 2]) {
      const batch = generator.next(n, START_US);
      let sum = 0;
      const names = new Set<string>();
      for (let r = 0; r < batch.resourceCount; r++) {
        sum += batch.resources[r].spanCount;
        const name = batch.resources[r].resource.strings[0];
        assert.ok(!names.has(name), `service ${name} appears twice in one batch`);
        names.add(name);
        assert.ok(batch.resources[r].spanCount > 0, 'empty resource');
      }
      assert.equal(batch.itemCount, n);
      assert.equal(sum, n);
      assert.ok(batch.resourceCount <= DEFAULT_TRACE_SHAPE.services, 'more resources than services');
    }
    assert.equal(generator.itemsGenerated, 3510);
  });

  test('trace IDs are unique over 200k spans and across two workers with the same seed', () => {
    const traceIds = new Set<string>();
    let traces = 0;
    for (let worker = 0; worker < 2; worker++) {
      const generator = createTraceGenerator(
        DEFAULT_TRACE_SHAPE,
        ctx({ workerIndex: worker, workerCount: 2 }),
      );
      let previous = '';
      for (let b = 0; b < 100; b++) {
        const batch = generator.next(1000, START_US + b * 1000);
        // Spans are grouped by service, so read trace starts from root spans.
        for (let r = 0; r < batch.resourceCount; r++) {
          const record = batch.resources[r];
          for (let s = 0; s < record.spanCount; s++) {
            const span = record.spans[s];
            if (span.hasParent) continue;
            const id = Buffer.from(span.traceId).toString('hex');
            assert.notEqual(id, previous, 'same trace ID twice in a row');
            assert.ok(!traceIds.has(id), `trace ID ${id} repeated`);
            traceIds.add(id);
            previous = id;
            traces++;
          }
        }
      }
    }
    // 2 x 100k spans at 8 spans per trace.
    assert.equal(traces, 25_000);
  });

  test('another run nonce gives other trace IDs for the same seed', () => {
    const a = collect(DEFAULT_TRACE_SHAPE, ctx({ runNonce: 1 }), 1, 100).map((s) => s.traceId);
    const b = new Set(collect(DEFAULT_TRACE_SHAPE, ctx({ runNonce: 2 }), 1, 100).map((s) => s.traceId));
    for (const id of a) assert.ok(!b.has(id), `trace ID ${id} reused across runs`);
  });

  test('every trace is one tree: one root, parents in the same trace, children inside the parent, depth <= maxDepth', () => {
    const shape: TraceShape = { ...DEFAULT_TRACE_SHAPE, spansPerTrace: 12, maxDepth: 5 };
    // Odd batch sizes so traces straddle batches.
    const spans = collect(shape, ctx(), 40, 333);
    const byTrace = new Map<string, PlainSpan[]>();
    for (const span of spans) {
      const list = byTrace.get(span.traceId) ?? [];
      list.push(span);
      byTrace.set(span.traceId, list);
    }
    let complete = 0;
    for (const [traceId, list] of byTrace) {
      const byId = new Map(list.map((s) => [s.spanId, s]));
      assert.equal(byId.size, list.length, `duplicate span IDs in ${traceId}`);
      if (list.length < shape.spansPerTrace) continue; // the last trace may be cut by the run's end
      complete++;
      assert.equal(list.length, shape.spansPerTrace);
      const roots = list.filter((s) => !s.hasParent);
      assert.equal(roots.length, 1, 'roots');
      assert.equal(roots[0].kind, SPAN_KIND_SERVER);
      for (const span of list) {
        assert.ok(span.endTimeUnixUs >= span.startTimeUnixUs, 'negative duration');
        if (!span.hasParent) continue;
        const parent = byId.get(span.parentSpanId);
        assert.ok(parent, `parent ${span.parentSpanId} of ${span.spanId} not in trace`);
        assert.ok(span.startTimeUnixUs >= parent.startTimeUnixUs, 'child starts before parent');
        assert.ok(span.endTimeUnixUs <= parent.endTimeUnixUs, 'child ends after parent');
        if (parent.kind === SPAN_KIND_CLIENT) assert.equal(span.kind, SPAN_KIND_SERVER);
        if (parent.kind === SPAN_KIND_PRODUCER) assert.equal(span.kind, SPAN_KIND_CONSUMER);
        let depth = 1;
        for (let at = span; at.hasParent; at = byId.get(at.parentSpanId)!) depth++;
        assert.ok(depth <= shape.maxDepth, `depth ${depth}`);
      }
    }
    assert.ok(complete >= 1000, `${complete} complete traces`);
  });

  test('span IDs are unique across the run', () => {
    const ids = collect(DEFAULT_TRACE_SHAPE, ctx(), 50, 1000).map((s) => s.spanId);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('semantic-convention attributes by role, errors with messages and exception events, links at the rate', () => {
    const shape: TraceShape = { ...DEFAULT_TRACE_SHAPE, errorRate: 0.1, linkRate: 0.2 };
    const spans = collect(shape, ctx({ seed: 1 }), 20, 1000);
    const server = spans.filter((s) => s.kind === SPAN_KIND_SERVER && 'http.route' in s.attributes);
    assert.ok(server.length > 100, `${server.length} HTTP server spans`);
    for (const s of server.slice(0, 200)) {
      assert.match(String(s.attributes['http.request.method']), /^(GET|POST|PUT|DELETE|PATCH)$/);
      assert.equal(typeof s.attributes['http.response.status_code'], 'number');
      assert.ok(String(s.attributes['url.path']).startsWith('/'), 'url.path');
      assert.ok(String(s.attributes['server.address']).length > 0, 'server.address');
    }
    const has = (key: string) => spans.some((s) => key in s.attributes);
    for (const key of [
      'db.system',
      'db.query.text',
      'messaging.system',
      'messaging.destination.name',
      'rpc.service',
    ]) {
      assert.ok(has(key), `no span has ${key}`);
    }
    const errors = spans.filter((s) => s.statusCode === STATUS_ERROR);
    const errorShare = errors.length / spans.length;
    assert.ok(Math.abs(errorShare - 0.1) < 0.015, `error share ${errorShare}`);
    for (const s of errors) {
      assert.ok(s.statusMessage.length > 0, 'error without message');
      const exception = s.events.find((e) => e.name === 'exception');
      assert.ok(
        exception && String(exception.attributes['exception.stacktrace']).length > 20,
        'no exception event',
      );
    }
    const linkShare = spans.filter((s) => s.links.length > 0).length / spans.length;
    assert.ok(Math.abs(linkShare - 0.2) < 0.02, `link share ${linkShare}`);
    // Links point at an earlier trace of the run, never at the span's own trace.
    const known = new Set(spans.map((s) => s.traceId));
    for (const s of spans) {
      for (const link of s.links)
        assert.ok(known.has(link.traceId) && link.traceId !== s.traceId, 'bad link');
    }
  });

  test('resources carry service identity and the extra attributes', () => {
    const generator = createTraceGenerator({ ...DEFAULT_TRACE_SHAPE, resourceAttributes: 6 }, ctx());
    const { resources } = traceSnapshot(generator.next(2000, START_US));
    for (const r of resources as { resource: Record<string, unknown> }[]) {
      for (const key of [
        'service.name',
        'service.version',
        'service.instance.id',
        'host.name',
        'deployment.environment',
      ]) {
        assert.ok(key in r.resource, `missing ${key}`);
      }
      assert.equal(Object.keys(r.resource).length, 5 + 6);
    }
  });

  test('values are diverse: high-cardinality attributes, varied durations, compressible but not absurdly', () => {
    const spans = collect(DEFAULT_TRACE_SHAPE, ctx(), 1, 10_000);
    const paths = new Set(spans.map((s) => s.attributes['url.path']).filter((p) => p !== undefined));
    const tenants = new Set(spans.map((s) => s.attributes['app.tenant.id']));
    const durations = new Set(spans.map((s) => s.endTimeUnixUs - s.startTimeUnixUs));
    assert.ok(paths.size > 1000, `distinct url.path ${paths.size}`);
    assert.ok(tenants.size > 300, `distinct tenants ${tenants.size}`);
    assert.ok(durations.size > 5000, `distinct durations ${durations.size}`);
    const text = spans.map((s) => JSON.stringify(s.attributes)).join('\n');
    const ratio = text.length / gzipSync(text).length;
    // Real span attribute JSON gzips roughly 5-15x; a constant-repeating generator would give 50x+.
    assert.ok(ratio > 2 && ratio < 25, `gzip ratio ${ratio.toFixed(1)}`);
  });

  test('pooled attributes carry their interned id, which names the same key and value', () => {
    const UNIQUE_KEYS = new Set(['url.path', 'url.full', 'messaging.message.id']);
    const batch = createTraceGenerator(DEFAULT_TRACE_SHAPE, ctx()).next(2000, START_US);
    let attributes = 0;
    let interned = 0;
    for (const rs of batch.resources.slice(0, batch.resourceCount)) {
      for (const span of rs.spans.slice(0, rs.spanCount)) {
        const list = span.attributes;
        for (let i = 0; i < list.count; i++) {
          attributes++;
          const id = list.ids[i];
          if (UNIQUE_KEYS.has(list.keys[i])) assert.equal(id, VOLATILE_ID, `${list.keys[i]} is per request`);
          if (id <= 0) continue;
          interned++;
          assert.equal(internedAttributes.keys[id], list.keys[i]);
          assert.equal(internedAttributes.types[id], list.types[i]);
          if (list.types[i] === VALUE_STRING) assert.equal(internedAttributes.strings[id], list.strings[i]);
          else assert.equal(internedAttributes.numbers[id], list.numbers[i]);
        }
      }
    }
    // Only per-request values (url.path, url.full, message ids) and error types are not interned.
    assert.ok(interned / attributes > 0.9, `${interned} of ${attributes} interned`);
  });
});
