import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { buildMetricBatch } from '../../../bench/fixtures.js';
import {
  getEncoder,
  otlpProtoMetrics,
  PromRemoteWriteEncoder,
  promRemoteWrite,
} from '../../../src/encoders/index.js';
import { rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import {
  type AttributeList,
  METRIC_EXP_HISTOGRAM,
  METRIC_HISTOGRAM,
  type MetricBatch,
  VALUE_BOOL,
  VALUE_STRING,
} from '../../../src/model/index.js';
import { metricBatchArb } from './arbitraries.js';

const PROTO_DIR = ['../../fixtures/proto/', '../../../../test/fixtures/proto/']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(dir)) as string;
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
root.loadSync(['prometheus/remote.proto']);
const WriteRequest = root.lookupType('prometheus.WriteRequest');

interface Series {
  labels: { name: string; value: string }[];
  samples: { value: number; timestamp: string }[];
}

function decodeWriteRequest(bytes: Uint8Array): Series[] {
  const message = WriteRequest.decode(bytes);
  return (
    WriteRequest.toObject(message, { longs: String, defaults: true, arrays: true }) as {
      timeseries: Series[];
    }
  ).timeseries;
}

// An independent statement of the mapping, written from the task's rules.
function sanitiseLabel(name: string): string {
  const out = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return out === '' || /^[0-9]/.test(out) ? `_${out}` : out;
}
function sanitiseMetric(name: string): string {
  const out = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return out === '' || /^[0-9]/.test(out) ? `_${out}` : out;
}
function text(list: AttributeList, i: number): string {
  if (list.types[i] === VALUE_STRING) return list.strings[i];
  if (list.types[i] === VALUE_BOOL) return list.numbers[i] === 0 ? 'false' : 'true';
  return String(list.numbers[i]);
}

function expectedSeries(batch: MetricBatch): Series[] {
  const out: Series[] = [];
  for (const resource of batch.resources.slice(0, batch.resourceCount)) {
    for (const metric of resource.metrics.slice(0, resource.metricCount)) {
      const name = sanitiseMetric(metric.name);
      for (const point of metric.points.slice(0, metric.pointCount)) {
        const base = new Map<string, string>();
        const add = (key: string, value: string) => {
          if (value !== '' && key !== '__name__' && key !== 'le' && !base.has(key)) base.set(key, value);
        };
        for (let i = 0; i < resource.resource.count; i++) {
          if (resource.resource.keys[i] === 'service.name') add('job', text(resource.resource, i));
          if (resource.resource.keys[i] === 'service.instance.id')
            add('instance', text(resource.resource, i));
        }
        for (let i = 0; i < point.attributes.count; i++) {
          add(sanitiseLabel(point.attributes.keys[i]), text(point.attributes, i));
        }
        const timestamp = String(Math.floor(point.timeUnixUs / 1000));
        const series = (metricName: string, value: number, le?: string) => {
          const labels = [...base.entries(), ['__name__', metricName] as [string, string]];
          if (le !== undefined) labels.push(['le', le]);
          labels.sort((a, b) => (a[0] < b[0] ? -1 : 1));
          out.push({
            labels: labels.map(([n, v]) => ({ name: n, value: v })),
            samples: [{ value, timestamp }],
          });
        };
        if (metric.type === METRIC_HISTOGRAM) {
          let cumulative = 0;
          metric.explicitBounds.forEach((bound, b) => {
            cumulative += point.bucketCounts[b];
            // Prometheus writes the infinities as +Inf and -Inf (fast-check does generate them).
            const le = bound === Infinity ? '+Inf' : bound === -Infinity ? '-Inf' : String(bound);
            series(`${name}_bucket`, cumulative, le);
          });
          series(`${name}_bucket`, point.count, '+Inf');
          series(`${name}_sum`, point.sum);
          series(`${name}_count`, point.count);
        } else if (metric.type === METRIC_EXP_HISTOGRAM) {
          series(`${name}_sum`, point.sum);
          series(`${name}_count`, point.count);
        } else {
          series(name, point.value);
        }
      }
    }
  }
  return out;
}

function seriesPerItem(batch: MetricBatch): number {
  let n = 0;
  for (const resource of batch.resources.slice(0, batch.resourceCount)) {
    for (const metric of resource.metrics.slice(0, resource.metricCount)) {
      const each =
        metric.type === METRIC_HISTOGRAM
          ? metric.explicitBounds.length + 3
          : metric.type === METRIC_EXP_HISTOGRAM
            ? 2
            : 1;
      n += each * metric.pointCount;
    }
  }
  return n;
}

/** Strings protobufjs can round-trip (no lone surrogates), so decoded text compares exactly. */
function wellFormed(batch: MetricBatch): boolean {
  const ok = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;
  for (const r of batch.resources.slice(0, batch.resourceCount)) {
    for (let i = 0; i < r.resource.count; i++) if (!ok(r.resource.strings[i])) return false;
    for (const m of r.metrics.slice(0, r.metricCount))
      for (const p of m.points.slice(0, m.pointCount))
        for (let i = 0; i < p.attributes.count; i++) if (!ok(p.attributes.strings[i])) return false;
  }
  return true;
}

test('remote write output decodes with the prompb schema to the expected labels and samples', () => {
  fc.assert(
    fc.property(metricBatchArb, (batch) => {
      fc.pre(wellFormed(batch));
      const decoded = decodeWriteRequest(promRemoteWrite.encode(batch));
      assert.equal(decoded.length, seriesPerItem(batch));
      assert.deepStrictEqual(decoded, expectedSeries(batch));
      for (const series of decoded) {
        const names = series.labels.map((l) => l.name);
        assert.deepEqual(names, [...names].sort(), 'labels sorted by name');
        assert.equal(new Set(names).size, names.length, 'no duplicate label names');
        assert.ok(
          /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(series.labels.find((l) => l.name === '__name__')?.value ?? ''),
        );
      }
    }),
    { numRuns: 150 },
  );
});

test('raw size is the OTLP protobuf size; the metrics encoder is found by its wire format', () => {
  fc.assert(
    fc.property(metricBatchArb, (batch) => {
      const encoded = promRemoteWrite.encode(batch);
      assert.equal(
        rawOtlpProtoBytesSent(promRemoteWrite, batch, encoded),
        otlpProtoMetrics.encode(batch).byteLength,
      );
    }),
    { numRuns: 50 },
  );
  assert.equal(getEncoder('metrics', 'prom-remote-write'), promRemoteWrite);
  assert.equal(promRemoteWrite.contentType, 'application/x-protobuf');
  assert.throws(() => getEncoder('traces', 'prom-remote-write'), /no encoder/);
});

test('one encoder reuses its buffer and grows it past 64 KiB for a large batch', () => {
  const encoder = new PromRemoteWriteEncoder();
  const small = buildMetricBatch(20);
  const first = Buffer.from(encoder.encode(small));
  const large = buildMetricBatch(5000);
  const bytes = encoder.encode(large);
  assert.ok(bytes.byteLength > 64 * 1024, `${bytes.byteLength} bytes`);
  assert.equal(decodeWriteRequest(bytes).length, seriesPerItem(large));
  assert.deepEqual(Buffer.from(encoder.encode(small)), first, 'same batch, same bytes after growing');
});

test('labels copied from the series label cache give the bytes a full encode gives', async () => {
  const { createGenerator, DEFAULT_METRIC_SHAPE } = await import('../../../src/generators/index.js');
  const generator = createGenerator(
    'metrics',
    { ...DEFAULT_METRIC_SHAPE, series: 300, churnRate: 0.5, churnIntervalS: 1 },
    { seed: 3, workerIndex: 0, workerCount: 1, startTimeUnixUs: 1_760_000_000_000_000, runNonce: 1 },
  );
  const cached = new PromRemoteWriteEncoder();
  const uncached = new PromRemoteWriteEncoder();
  for (let i = 0; i < 8; i++) {
    // Seconds apart, so series churn (new label sets) between batches.
    const batch = generator.next(250, 1_760_000_000_000_000 + i * 2_000_000);
    const withCache = Buffer.from(cached.encode(batch));
    const ids: number[] = [];
    for (let r = 0; r < batch.resourceCount; r++) {
      for (let m = 0; m < batch.resources[r].metricCount; m++) {
        for (const point of batch.resources[r].metrics[m].points.slice(
          0,
          batch.resources[r].metrics[m].pointCount,
        )) {
          assert.ok(point.labelSetId > 0, 'generated points carry a label set');
          ids.push(point.labelSetId);
          point.labelSetId = 0;
        }
      }
    }
    const without = Buffer.from(uncached.encode(batch));
    assert.ok(withCache.equals(without), `batch ${i}: cached labels differ from a full encode`);
    assert.ok(new Set(ids).size > 1);
  }
});
