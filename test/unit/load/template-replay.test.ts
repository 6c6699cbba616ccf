import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otlpProtoLogs, otlpProtoMetrics, otlpProtoTraces } from '../../../src/encoders/index.js';
import { TraceIdWriter } from '../../../src/generators/ids.js';
import { createGenerator, DEFAULT_LOG_SHAPE, DEFAULT_TRACE_SHAPE } from '../../../src/generators/index.js';
import { LogTimeText } from '../../../src/generators/log-time-text.js';
import { TemplateReplay, templatesSupported } from '../../../src/load/template-replay.js';
import { decode, ExportLogsServiceRequest, ExportTraceServiceRequest } from '../encoders/proto-schema.js';

const START_US = 1_760_000_000_000_000;
const ctx = { seed: 7, workerIndex: 3, workerCount: 4, startTimeUnixUs: START_US, runNonce: 11 };
const BATCH = 200;
const POOL_ITEMS = 600; // three templates: the test goes through the pool several times

function traceReplay(): TemplateReplay {
  return new TemplateReplay(createGenerator('traces', DEFAULT_TRACE_SHAPE, ctx), otlpProtoTraces, {
    batchSize: BATCH,
    poolItems: POOL_ITEMS,
    templateNowUs: START_US,
    traceIds: new TraceIdWriter(ctx.seed, ctx.runNonce, ctx.workerIndex),
  });
}

function logReplay(shape: typeof DEFAULT_LOG_SHAPE, context: typeof ctx): TemplateReplay {
  return new TemplateReplay(createGenerator('logs', shape, context), otlpProtoLogs, {
    batchSize: BATCH,
    poolItems: POOL_ITEMS,
    templateNowUs: START_US,
    traceIds: null,
  });
}

const hex = (bytes: Buffer): string => bytes.toString('hex');
const nanos = (value: string): bigint => BigInt(value);

interface DecodedSpan {
  traceId: Buffer;
  spanId: Buffer;
  parentSpanId: Buffer;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: unknown[];
  events: { timeUnixNano: string }[];
  links: { traceId: Buffer; spanId: Buffer }[];
}

function spansOf(bytes: Uint8Array): DecodedSpan[] {
  const request = decode(ExportTraceServiceRequest, bytes);
  return request.resourceSpans.flatMap((rs: { scopeSpans: { spans: DecodedSpan[] }[] }) =>
    rs.scopeSpans.flatMap((ss) => ss.spans),
  );
}

test('templates stand in for OTLP protobuf traces and logs only', () => {
  assert.equal(templatesSupported('traces', otlpProtoTraces), true);
  assert.equal(templatesSupported('logs', otlpProtoLogs), true);
  assert.equal(templatesSupported('metrics', otlpProtoMetrics), false);
});

test('replayed trace requests: unique span IDs across passes, traces kept whole, times follow now', () => {
  const replay = traceReplay();
  assert.equal(replay.poolItems, POOL_ITEMS);
  const out = new Uint8Array(replay.maxBodyBytes);
  const spanIds = new Set<string>();
  const traceOfSpan = new Map<string, string>();
  const bodies = new Set<string>();
  const traceIdsByPass: Set<string>[] = [new Set(), new Set(), new Set(), new Set()];
  const requests = 10; // three full passes and a bit
  let spans = 0;
  for (let r = 0; r < requests; r++) {
    const nowUs = START_US + (r + 1) * 5_000_000;
    const length = replay.next(nowUs, out);
    const body = out.subarray(0, length);
    bodies.add(Buffer.from(body).toString('base64'));
    const decoded = spansOf(body);
    assert.equal(decoded.length, BATCH);
    for (const span of decoded) {
      spans++;
      const id = hex(span.spanId);
      assert.ok(!spanIds.has(id), `span ID ${id} repeated in request ${r}`);
      spanIds.add(id);
      traceOfSpan.set(id, hex(span.traceId));
      traceIdsByPass[Math.floor(r / 3)].add(hex(span.traceId));
      // Times moved to this request's time: within the trace plan's reach of now, never before the pool's time.
      const startUs = Number(nanos(span.startTimeUnixNano) / 1000n);
      assert.ok(
        startUs >= nowUs - 60_000_000 && startUs <= nowUs + 60_000_000,
        `start ${startUs} vs now ${nowUs}`,
      );
      assert.ok(nanos(span.endTimeUnixNano) >= nanos(span.startTimeUnixNano));
      for (const event of span.events) assert.ok(nanos(event.timeUnixNano) >= nanos(span.startTimeUnixNano));
    }
  }
  assert.equal(spanIds.size, spans);
  for (let a = 0; a < traceIdsByPass.length; a++) {
    for (let b = a + 1; b < traceIdsByPass.length; b++) {
      for (const id of traceIdsByPass[b])
        assert.ok(!traceIdsByPass[a].has(id), `trace ID ${id} in passes ${a} and ${b}`);
    }
  }
  assert.equal(bodies.size, requests, 'every request body differs');
  // Every parent sent so far belongs to the same trace as its child.
  let parentsChecked = 0;
  const replayAgain = traceReplay();
  for (let r = 0; r < requests; r++) {
    const length = replayAgain.next(START_US + (r + 1) * 5_000_000, out);
    for (const span of spansOf(out.subarray(0, length))) {
      const parent = hex(span.parentSpanId);
      if (span.parentSpanId.length === 0 || !traceOfSpan.has(parent)) continue;
      assert.equal(traceOfSpan.get(parent), hex(span.traceId), 'a child and its parent share a trace ID');
      parentsChecked++;
    }
  }
  assert.ok(parentsChecked > spans / 2, `checked ${parentsChecked} parents of ${spans} spans`);
});

test('a pass of the pool sends the same items the generator would, with only IDs and times changed', () => {
  const replay = traceReplay();
  const out = new Uint8Array(replay.maxBodyBytes);
  for (let r = 0; r < 6; r++) {
    const pass = Math.floor(r / 3);
    const length = replay.next(START_US + 1_000_000 * (r + 1), out);
    const replayed = spansOf(out.subarray(0, length));
    // The batch a fresh generator makes in the same place of the pool.
    const generated = spansOf(otlpProtoTraces.encode(freshBatch(r % 3)));
    assert.equal(replayed.length, generated.length);
    for (let i = 0; i < replayed.length; i++) {
      assert.deepEqual(replayed[i].attributes, generated[i].attributes, 'attributes are the pool items');
      const sameIds = hex(replayed[i].spanId) === hex(generated[i].spanId);
      assert.equal(sameIds, pass === 0, 'the first pass keeps the pool IDs, later passes do not');
    }
  }
});

/** The i-th batch a fresh generator makes at the pool's time. */
function freshBatch(i: number) {
  const g = createGenerator('traces', DEFAULT_TRACE_SHAPE, ctx);
  let batch = g.next(BATCH, START_US);
  for (let k = 0; k < i; k++) batch = g.next(BATCH, START_US);
  return batch;
}

test('replayed log requests: times never go backwards for a stream, across passes too', () => {
  const replay = logReplay(DEFAULT_LOG_SHAPE, ctx);
  const out = new Uint8Array(replay.maxBodyBytes);
  const lastByStream = new Map<string, bigint>();
  const times = new LogTimeText();
  let records = 0;
  let timedBodies = 0;
  // Requests 1 us apart: passes follow each other faster than the pool's own time spread.
  for (let r = 0; r < 12; r++) {
    const length = replay.next(START_US + r, out);
    const request = decode(ExportLogsServiceRequest, out.subarray(0, length));
    for (const rl of request.resourceLogs) {
      const stream = JSON.stringify(rl.resource.attributes);
      for (const sl of rl.scopeLogs) {
        for (const record of sl.logRecords) {
          records++;
          const t = nanos(record.timeUnixNano);
          const last = lastByStream.get(stream);
          if (last !== undefined) assert.ok(t > last, `stream time went from ${last} to ${t}`);
          lastByStream.set(stream, t);
          assert.ok(nanos(record.observedTimeUnixNano) >= t);
          // The line's own time text says the record's (moved) time, not the pool's.
          const us = Number(t / 1000n);
          const body: string = record.body.stringValue;
          const stale = times.iso(Number(START_US));
          if (body.includes(times.iso(us)) || body.includes(times.apache(us))) timedBodies++;
          else
            assert.ok(!body.includes(stale.slice(0, 19)) || r === 0, `body keeps the pool's time: ${body}`);
        }
      }
    }
  }
  assert.equal(records, 12 * BATCH);
  // Every default format carries a time (syslog, JSON, logfmt: ISO; Apache: its own).
  assert.equal(timedBodies, records);
});

test('a replayed log line says its new time in its text, in every format', () => {
  // Every format, in equal shares, from one worker's streams.
  const shape = { ...DEFAULT_LOG_SHAPE, formats: { json: 1, logfmt: 1, apache: 1, syslog: 1 } };
  const oneWorker = { ...ctx, workerIndex: 0, workerCount: 1 };
  const replay = logReplay(shape, oneWorker);
  const times = new LogTimeText();
  const out = new Uint8Array(replay.maxBodyBytes);
  const threeHoursUs = 3 * 3600 * 1_000_000;
  const poolHour = [times.iso(START_US).slice(0, 14), times.apache(START_US).slice(0, 15)];
  let iso = 0;
  let apache = 0;
  for (let r = 0; r < 4; r++) {
    const length = replay.next(START_US + threeHoursUs + r * 1000, out);
    const request = decode(ExportLogsServiceRequest, out.subarray(0, length));
    for (const rl of request.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const record of sl.logRecords) {
          const us = Number(nanos(record.timeUnixNano) / 1000n);
          const body: string = record.body.stringValue;
          if (body.includes(times.iso(us))) iso++;
          else if (body.includes(times.apache(us))) apache++;
          else assert.fail(`no time text of ${us} in ${body}`);
          for (const stale of poolHour)
            assert.ok(!body.includes(stale), `the pool's hour ${stale} in ${body}`);
        }
      }
    }
  }
  assert.ok(iso > 0 && apache > 0, `iso ${iso}, apache ${apache}`);
});

test('a replayed log line carries a request_id of its own in every pass, in the format it had', () => {
  const replay = logReplay(DEFAULT_LOG_SHAPE, ctx);
  const out = new Uint8Array(replay.maxBodyBytes);
  const pattern = /request_id(?:":"|=)([0-9a-z]+)/;
  const seen = new Set<string>();
  const poolIds: string[] = [];
  let withId = 0;
  // Four passes of the three-template pool.
  for (let r = 0; r < 12; r++) {
    const length = replay.next(START_US + r, out);
    const request = decode(ExportLogsServiceRequest, out.subarray(0, length));
    let n = 0;
    for (const rl of request.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const record of sl.logRecords) {
          const match = pattern.exec(record.body.stringValue);
          n++;
          if (match === null) continue;
          withId++;
          assert.equal(match[1].length, 12, record.body.stringValue);
          assert.ok(!seen.has(match[1]), `request_id ${match[1]} sent twice`);
          seen.add(match[1]);
          if (r < 3) poolIds.push(match[1]);
        }
      }
    }
    assert.equal(n, BATCH);
  }
  // Most default lines are long enough to carry one (Apache lines never do).
  assert.ok(withId > 12 * BATCH * 0.4, `${withId} lines with a request_id`);
  assert.equal(seen.size, withId);
  // The first pass is the generator's own output.
  const fresh = createGenerator('logs', DEFAULT_LOG_SHAPE, ctx);
  const freshIds: string[] = [];
  for (let b = 0; b < 3; b++) {
    const batch = fresh.next(BATCH, START_US);
    for (let r = 0; r < batch.resourceCount; r++) {
      const resource = batch.resources[r];
      for (let k = 0; k < resource.recordCount; k++) {
        const match = pattern.exec(resource.records[k].body);
        if (match !== null) freshIds.push(match[1]);
      }
    }
  }
  assert.deepEqual(new Set(poolIds), new Set(freshIds));
});
