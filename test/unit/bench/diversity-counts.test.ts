import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DistinctOverWindows, LogCounts, TraceCounts } from '../../../bench/diversity-counts.js';

test('DistinctOverWindows counts distinct keys per closed window and over everything', () => {
  const d = new DistinctOverWindows();
  for (const k of [1, 2, 2, 3]) d.add(0, k);
  d.closeWindow();
  for (const k of [3, 3, 4]) d.add(0, k);
  d.closeWindow();
  d.add(0, 9); // an open window is not reported
  assert.deepEqual(d.perWindow, [3, 2]);
  assert.equal(d.total, 5);
});

/** A span's bytes: a 16-byte trace ID then an 8-byte span ID. */
function spanBytes(trace: number, span: number): Uint8Array {
  const b = new Uint8Array(24);
  b[15] = trace;
  b[23] = span;
  return b;
}

test('TraceCounts: span IDs, traces sharing an ID, request bodies and attribute windows', () => {
  const counts = new TraceCounts(4);
  const attr = new Uint8Array([7, 8, 9]);
  const request = (spans: [number, number, boolean][], body: number) => {
    for (const [trace, span, isRoot] of spans) {
      counts.spanAttribute(attr, 0, 1 + (span % 2));
      counts.span(spanBytes(trace, span), 0, 16, isRoot);
    }
    counts.endRequest(new Uint8Array([body]), 1, spans.length);
  };
  request(
    [
      [1, 1, true],
      [1, 2, false],
    ],
    1,
  );
  request(
    [
      [2, 3, true],
      [2, 3, false], // a span ID seen twice
    ],
    2,
  );
  request(
    [
      [1, 5, true], // a second root with trace ID 1: two traces share it
      [3, 6, true],
    ],
    1, // a body sent twice
  );
  const f = counts.figures();
  assert.equal(f.spans, 6);
  assert.equal(f.distinctSpanIds, 5);
  assert.equal(f.distinctTraceIds, 3);
  assert.equal(f.roots, 4);
  assert.equal(f.distinctRootTraceIds, 3);
  assert.equal(f.requests, 3);
  assert.equal(f.distinctRequestBodies, 2);
  // The window of 4 spans closed after the second request; the third one's is still open.
  assert.deepEqual(f.attributesPerWindow, [2]);
  assert.equal(f.distinctAttributes, 2);
});

test('TraceCounts counts a span without IDs apart and does not count its IDs', () => {
  const counts = new TraceCounts(10);
  counts.span(new Uint8Array(24), -1, 16, true);
  const f = counts.figures();
  assert.equal(f.spans, 1);
  assert.equal(f.spansWithoutIds, 1);
  assert.equal(f.distinctSpanIds, 0);
  assert.equal(f.roots, 0);
});

/** A record's bytes: fixed64 nanoseconds (little-endian) then the body. */
function recordBytes(timeNs: bigint, body: string): Uint8Array {
  const b = Buffer.alloc(8 + body.length);
  b.writeBigUInt64LE(timeNs, 0);
  b.write(body, 8);
  return b;
}

test('LogCounts: times must rise within each stream, not across streams; bodies per window', () => {
  const counts = new LogCounts(3);
  const streamA = new Uint8Array([1]);
  const streamB = new Uint8Array([2]);
  const record = (timeNs: bigint, body: string) => {
    const b = recordBytes(timeNs, body);
    counts.record(b, 0, 8, b.length);
  };
  const hi = 1_700_000_000_000_000_000n; // above 2^53: compared exactly
  counts.stream(streamA, 0, 1);
  record(hi, 'a');
  record(hi + 1n, 'b');
  counts.stream(streamB, 0, 1);
  record(hi - 5n, 'a'); // earlier than stream A's, but the first of B: fine
  counts.endRequest(new Uint8Array([1]), 1, 3);
  counts.stream(streamA, 0, 1);
  record(hi + 1n, 'c'); // not after A's last
  record(hi + 2n ** 32n, 'd');
  counts.stream(streamB, 0, 1);
  record(hi - 6n, 'e'); // before B's last
  counts.endRequest(new Uint8Array([2]), 1, 3);
  const f = counts.figures();
  assert.equal(f.records, 6);
  assert.equal(f.streams, 2);
  assert.equal(f.timesNotIncreasing, 2);
  assert.deepEqual(f.bodiesPerWindow, [2, 3]);
  assert.equal(f.distinctBodies, 5);
  assert.equal(f.distinctRequestBodies, 2);
});
