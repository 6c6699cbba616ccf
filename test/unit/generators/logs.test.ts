import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  createLogGenerator,
  DEFAULT_LOG_SHAPE,
  type GeneratorContext,
  type LogShape,
} from '../../../src/generators/index.js';
import { logSnapshot, type PlainLog } from './snapshot.js';

const START_US = 1_700_000_000_000_000;
const ctx = (overrides: Partial<GeneratorContext> = {}): GeneratorContext => ({
  seed: 23,
  workerIndex: 0,
  workerCount: 1,
  startTimeUnixUs: START_US,
  runNonce: 3,
  ...overrides,
});

function collect(shape: LogShape, context: GeneratorContext, batches: number, size: number): PlainLog[] {
  const generator = createLogGenerator(shape, context);
  const records: PlainLog[] = [];
  for (let b = 0; b < batches; b++) records.push(...logSnapshot(generator.next(size, START_US + b * 1000)));
  return records;
}

const APACHE =
  /^\S+ - \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(GET|POST|PUT|DELETE|HEAD) \S+ HTTP\/1\.1" \d{3} \d+$/;
const SYSLOG = /^<(\d{1,3})>1 \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z \S+ \S+ \d+ - - .+$/;

/** key=value / key="quoted value" pairs separated by single spaces; throws on anything else or a repeated key. */
function parseLogfmt(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  const pair = /([a-z_]+)=("[^"]*"|[^\s"]+)(?: |$)/y;
  while (pair.lastIndex < line.length) {
    const start = pair.lastIndex;
    const match = pair.exec(line);
    if (!match) throw new Error(`not logfmt at ${start}: ${line.slice(start, start + 40)}`);
    if (fields.has(match[1])) throw new Error(`key ${match[1]} repeated in ${line}`);
    fields.set(match[1], match[2].startsWith('"') ? match[2].slice(1, -1) : match[2]);
  }
  return fields;
}

describe('log generator', () => {
  test('same shape, context and calls give identical batches', () => {
    const run = (seed: number) => {
      const generator = createLogGenerator(DEFAULT_LOG_SHAPE, ctx({ seed }));
      return [300, 1, 1000, 77].map((n, i) => logSnapshot(generator.next(n, START_US + i * 500)));
    };
    assert.deepEqual(run(5), run(5));
    assert.notDeepEqual(run(5), run(6));
  });

  test('honours itemCount; each stream appears once per batch', () => {
    const generator = createLogGenerator(DEFAULT_LOG_SHAPE, ctx());
    for (const n of [1, 99, 5000, 4]) {
      const batch = generator.next(n, START_US);
      let sum = 0;
      const seen = new Set<unknown>();
      for (let r = 0; r < batch.resourceCount; r++) {
        assert.ok(!seen.has(batch.resources[r]), 'stream repeated in a batch');
        seen.add(batch.resources[r]);
        assert.ok(batch.resources[r].recordCount > 0, 'empty stream');
        sum += batch.resources[r].recordCount;
      }
      assert.equal(batch.itemCount, n);
      assert.equal(sum, n);
    }
  });

  test('timestamps strictly increase per stream, whatever now does', () => {
    const generator = createLogGenerator(DEFAULT_LOG_SHAPE, ctx());
    const last = new Map<string, number>();
    const nows = [START_US, START_US, START_US - 10_000_000, START_US + 5, START_US - 1];
    for (let b = 0; b < 40; b++) {
      for (const r of logSnapshot(generator.next(1000, nows[b % nows.length]))) {
        assert.ok(Number.isInteger(r.timeUnixUs), 'timestamp not integer microseconds');
        const previous = last.get(r.streamKey);
        if (previous !== undefined)
          assert.ok(r.timeUnixUs > previous, `stream went back ${previous} -> ${r.timeUnixUs}`);
        last.set(r.streamKey, r.timeUnixUs);
        assert.ok(r.observedTimeUnixUs >= r.timeUnixUs, 'observed before the event');
      }
    }
    assert.ok(last.size > 50, `${last.size} streams used`);
  });

  test('streams: one resource each with service.name + labelsPerStream labels, distinct, disjoint across workers', () => {
    const shape: LogShape = { ...DEFAULT_LOG_SHAPE, streams: 40, labelsPerStream: 4 };
    const perWorker = [0, 1].map((w) => {
      const generator = createLogGenerator(shape, ctx({ workerIndex: w, workerCount: 2 }));
      const keys = new Set<string>();
      for (let b = 0; b < 20; b++) {
        for (const r of logSnapshot(generator.next(500, START_US + b))) {
          assert.equal(Object.keys(r.resource).length, 1 + 4);
          assert.ok('service.name' in r.resource && 'k8s.pod.name' in r.resource, 'stream labels');
          keys.add(r.streamKey);
        }
      }
      return keys;
    });
    assert.equal(perWorker[0].size, 20);
    assert.equal(perWorker[1].size, 20);
    for (const key of perWorker[0]) assert.ok(!perWorker[1].has(key), 'stream emitted by two workers');
  });

  test('lines parse in their format; JSON lines are valid JSON', () => {
    const records = collect(DEFAULT_LOG_SHAPE, ctx(), 10, 1000);
    const counts = { json: 0, logfmt: 0, apache: 0, syslog: 0 };
    for (const r of records) {
      const body = r.body;
      if (body.startsWith('{')) {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        const keys = [...body.matchAll(/"([a-z_]+)":/g)].map((m) => m[1]);
        assert.equal(new Set(keys).size, keys.length, `repeated JSON key in ${body}`);
        assert.equal(parsed.level, r.severityText.toLowerCase());
        assert.equal(typeof parsed.msg, 'string');
        if (r.hasTraceContext) assert.equal(parsed.trace_id, r.traceId);
        counts.json++;
      } else if (body.startsWith('<')) {
        assert.match(body, SYSLOG);
        counts.syslog++;
      } else if (body.startsWith('ts=')) {
        const fields = parseLogfmt(body);
        assert.equal(fields.get('level'), r.severityText.toLowerCase());
        assert.ok((fields.get('msg') ?? '').length > 0, 'logfmt msg');
        if (r.hasTraceContext) assert.equal(fields.get('trace_id'), r.traceId);
        counts.logfmt++;
      } else {
        assert.match(body, APACHE);
        counts.apache++;
      }
    }
    for (const [format, count] of Object.entries(counts)) assert.ok(count > 0, `no ${format} lines`);
  });

  test('formats follow the shares over streams', () => {
    const shape: LogShape = { ...DEFAULT_LOG_SHAPE, formats: { json: 0, logfmt: 1, apache: 0, syslog: 0 } };
    for (const r of collect(shape, ctx(), 2, 500))
      assert.ok(r.body.startsWith('ts='), 'only logfmt expected');
  });

  test('line lengths are log-normal around the median and vary (stddev > 20% of mean)', () => {
    const lengths = collect(DEFAULT_LOG_SHAPE, ctx(), 10, 1000).map((r) => r.body.length);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const stddev = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / lengths.length);
    const sorted = lengths.slice().sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    assert.ok(stddev > 0.2 * mean, `stddev ${stddev.toFixed(0)} vs mean ${mean.toFixed(0)}`);
    assert.ok(
      median > 0.7 * DEFAULT_LOG_SHAPE.lineLengthMedian && median < 1.4 * DEFAULT_LOG_SHAPE.lineLengthMedian,
      `median ${median}`,
    );
  });

  test('severities follow the shares with OTLP severity numbers', () => {
    const records = collect(DEFAULT_LOG_SHAPE, ctx(), 20, 1000);
    const expected: Record<string, [share: number, severityNumber: number]> = {
      DEBUG: [0.1, 5],
      INFO: [0.75, 9],
      WARN: [0.1, 13],
      ERROR: [0.05, 17],
    };
    for (const [text, [share, number]] of Object.entries(expected)) {
      const matching = records.filter((r) => r.severityText === text);
      const actual = matching.length / records.length;
      assert.ok(Math.abs(actual - share) < 0.01, `${text}: ${actual.toFixed(3)} vs ${share}`);
      for (const r of matching) assert.equal(r.severityNumber, number);
    }
  });

  test('trace correlation at the rate, attributesPerRecord attributes', () => {
    const shape: LogShape = { ...DEFAULT_LOG_SHAPE, traceCorrelationRate: 0.5, attributesPerRecord: 12 };
    const records = collect(shape, ctx(), 10, 1000);
    const share = records.filter((r) => r.hasTraceContext).length / records.length;
    assert.ok(Math.abs(share - 0.5) < 0.02, `correlated share ${share}`);
    for (const r of records) {
      assert.equal(Object.keys(r.attributes).length, 12);
      if (r.hasTraceContext) assert.notEqual(r.spanId, '0000000000000000');
      else assert.equal(r.traceId, '0'.repeat(32));
    }
  });

  test('content is diverse; a batch compresses plausibly', () => {
    const records = collect(DEFAULT_LOG_SHAPE, ctx(), 1, 10_000);
    const bodies = records.map((r) => r.body);
    assert.equal(new Set(bodies).size, bodies.length, 'repeated lines');
    const text = bodies.join('\n');
    const ratio = text.length / gzipSync(text).length;
    // Real application logs gzip about 4-12x; synthetic repetition would show far more.
    assert.ok(ratio > 2 && ratio < 15, `gzip ratio ${ratio.toFixed(1)}`);
  });
});
