// obsbench publish, without a server: the figure -> metric table, a run's series and labels, the
// user's labels and the remote write URL checked at the edge, and the WriteRequest bytes decoded
// back with the repo's protobuf wire reader.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { figureIds, figureSpec, figuresOf } from '../../../src/model/figures.js';
import type { RunResult } from '../../../src/model/run-result.js';
import {
  BUILT_IN_LABELS,
  MAX_USER_LABELS,
  parseUserLabels,
  runLabels,
} from '../../../src/reporters/publish/labels.js';
import { FIGURE_METRICS, publishedMetricOf } from '../../../src/reporters/publish/metric-names.js';
import { publishRuns } from '../../../src/reporters/publish/publisher.js';
import { parseRemoteWriteUrl } from '../../../src/reporters/publish/remote-write-url.js';
import { runSeries } from '../../../src/reporters/publish/run-series.js';
import { encodeWriteRequest } from '../../../src/reporters/publish/write-request.js';
import { ProtoReader, WIRE_LEN, WIRE_VARINT } from '../../../src/transport/proto-reader.js';
import { makeRunResult } from './fixture.js';

interface DecodedSeries {
  labels: [string, string][];
  samples: { value: number; timestampMs: number }[];
}

/**
 * A WriteRequest read back with the repo's own wire reader, by prometheus/prompb's field numbers:
 * WriteRequest.timeseries = 1; TimeSeries.labels = 1, samples = 2; Label.name = 1, value = 2;
 * Sample.value = 1 (double), timestamp = 2 (int64).
 */
function decode(bytes: Uint8Array): DecodedSeries[] {
  const out: DecodedSeries[] = [];
  const request = new ProtoReader(bytes);
  while (request.nextField()) {
    assert.deepEqual([request.fieldNumber, request.wireType], [1, WIRE_LEN], 'WriteRequest.timeseries');
    const { start, end } = request.readLengthDelimited();
    const series = new ProtoReader(bytes, start, end);
    const decoded: DecodedSeries = { labels: [], samples: [] };
    while (series.nextField()) {
      assert.equal(series.wireType, WIRE_LEN);
      const field = series.fieldNumber;
      const inner = series.readLengthDelimited();
      const message = new ProtoReader(bytes, inner.start, inner.end);
      if (field === 1) {
        const label: string[] = [];
        while (message.nextField()) label[message.fieldNumber - 1] = message.readString();
        decoded.labels.push([label[0], label[1]]);
      } else {
        assert.equal(field, 2, 'TimeSeries.samples');
        const sample = { value: Number.NaN, timestampMs: Number.NaN };
        while (message.nextField()) {
          if (message.fieldNumber === 1) {
            assert.equal(message.wireType, 1, 'a double');
            sample.value = new DataView(bytes.buffer, bytes.byteOffset + message.pos, 8).getFloat64(0, true);
            message.skipField();
          } else {
            assert.deepEqual([message.fieldNumber, message.wireType], [2, WIRE_VARINT]);
            sample.timestampMs = message.readVarint();
          }
        }
        decoded.samples.push(sample);
      }
    }
    out.push(decoded);
  }
  return out;
}

/** The fixture with what it lacks for every figure: read queries and a freshness block. */
function fullRun(): RunResult {
  const run = makeRunResult({ name: 'vm-metrics' });
  const summary = { ...run.latencyMs, p99: 7.5, count: 20 };
  run.read = {
    queries: { instant_sum: summary, range_rate: { ...summary, p99: 31.25 } },
    freshnessMs: 850,
    freshness: { p50Ms: 850, p99Ms: 1240, maxMs: 1300, samples: 12, timeouts: 0, seriesVisibleMs: 2100 },
  };
  return run;
}

/** The unit of each figure, stated apart from the table: the suffix its name ends with, and the divisor. */
const UNIT_RULES: Record<string, { suffix: RegExp; divisor: number }> = {
  ms: { suffix: /_seconds$/, divisor: 1000 },
  bytes: { suffix: /_bytes$/, divisor: 1 },
  'bytes/item': { suffix: /_bytes_per_item$/, divisor: 1 },
  ratio: { suffix: /_ratio$/, divisor: 1 },
  'items/s': { suffix: /_per_second$/, divisor: 1 },
  'CPU s / 1M items': { suffix: /_cpu_seconds_per_million_items$/, divisor: 1 },
  cores: { suffix: /_cores$/, divisor: 1 },
  requests: { suffix: /^obsbench_dropped_schedules$/, divisor: 1 },
};

test('every figure has exactly one metric, named obsbench_<figure>_<base unit> with its conversion', () => {
  assert.deepEqual(Object.keys(FIGURE_METRICS).sort(), figureIds().sort(), 'the table covers the figures');
  const names = new Set<string>();
  for (const id of figureIds()) {
    const spec = figureSpec(id);
    assert.ok(spec);
    const { metric, query } = publishedMetricOf(id);
    assert.equal(query, null);
    assert.match(metric.name, /^obsbench_[a-z0-9_]+$/, id);
    const rule = UNIT_RULES[spec.unit];
    assert.ok(rule, `a rule for unit ${spec.unit} (${id})`);
    assert.match(metric.name, rule.suffix, `${id} in ${spec.unit}`);
    assert.equal(metric.divisor, rule.divisor, id);
    assert.ok(!names.has(metric.name), `${metric.name} used twice`);
    names.add(metric.name);
  }
  assert.equal(publishedMetricOf('latencyMs.p99').metric.name, 'obsbench_latency_p99_seconds');
  assert.equal(publishedMetricOf('load.achievedRatePerS').metric.name, 'obsbench_achieved_rate_per_second');
  const read = publishedMetricOf('read.queries.range_rate.p99');
  assert.deepEqual(read, {
    metric: { name: 'obsbench_read_query_p99_seconds', divisor: 1000 },
    query: 'range_rate',
  });
  assert.throws(() => publishedMetricOf('load.noSuchFigure'), /has no published metric name/);
});

test('a run is one series per measured figure, in base units, at its end time, with its labels', () => {
  const run = fullRun();
  run.backend.compressionRatio = null;
  const series = runSeries(run, { ci: 'nightly' });
  const measured = figuresOf(run).filter((f) => f.value !== null);
  assert.equal(series.length, measured.length, 'null figures are not sent');
  assert.ok(!series.some((s) => s.labels.some(([, v]) => v === 'obsbench_backend_compression_ratio')));
  const endMs = Date.parse('2024-05-01T12:01:10.000Z');
  const byName = new Map<string, (typeof series)[number]>();
  for (const s of series) {
    assert.equal(s.timestampMs, endMs);
    const names = s.labels.map(([name]) => name);
    assert.deepEqual(names, [...names].sort(), 'labels sorted by name');
    const labels = Object.fromEntries(s.labels);
    for (const name of BUILT_IN_LABELS) assert.ok(labels[name], `${name} on ${labels.__name__}`);
    assert.equal(labels.ci, 'nightly');
    byName.set(labels.query ? `${labels.__name__}/${labels.query}` : labels.__name__, s);
  }
  const labels = Object.fromEntries(series[0].labels);
  assert.deepEqual(
    {
      scenario: labels.scenario,
      target: labels.target,
      backend_version: labels.backend_version,
      signal: labels.signal,
      protocol: labels.protocol,
      git_sha: labels.git_sha,
      machine: labels.machine,
      backend_cpu_limit: labels.backend_cpu_limit,
      backend_cores: labels.backend_cores,
    },
    {
      scenario: 'vm-metrics',
      target: 'tempo',
      backend_version: '2.6.1',
      signal: 'traces',
      protocol: 'otlp-grpc',
      git_sha: '9e84aa6',
      machine: 'Test CPU @ 3.0GHz x 8',
      backend_cpu_limit: 'none',
      backend_cores: '2,3',
    },
  );
  assert.equal(byName.get('obsbench_latency_p99_seconds')?.value, run.latencyMs.p99 / 1000);
  assert.equal(byName.get('obsbench_freshness_p99_seconds')?.value, 1.24);
  assert.equal(byName.get('obsbench_achieved_rate_per_second')?.value, 9950);
  assert.equal(byName.get('obsbench_backend_rss_peak_bytes')?.value, 571_000_000);
  assert.equal(byName.get('obsbench_backend_cpu_seconds_per_million_items')?.value, 161.6);
  assert.equal(byName.get('obsbench_read_query_p99_seconds/instant_sum')?.value, 0.0075);
  assert.equal(byName.get('obsbench_read_query_p99_seconds/range_rate')?.value, 0.03125);
  assert.equal(byName.get('obsbench_downstream_latency_p99_seconds')?.value, 0.042);
});

test('an empty built-in value becomes "unknown" (Prometheus would drop the label)', () => {
  const run = fullRun();
  run.backend.version = '';
  const labels = Object.fromEntries(runSeries(run, {})[0].labels);
  assert.equal(labels.backend_version, 'unknown');
});

test('a result lacking fields (undefined, null, a whole block) publishes them as "unknown"', () => {
  const run = fullRun() as unknown as Record<string, Record<string, unknown>>;
  run.backend.version = undefined;
  run.tool.gitSha = null;
  run.scenario.protocol = undefined;
  run.env.cpuModel = null;
  const series = runSeries(run as unknown as RunResult, {});
  assert.ok(series.length > 0);
  const labels = Object.fromEntries(series[0].labels);
  assert.deepEqual(
    [labels.backend_version, labels.git_sha, labels.protocol, labels.machine, labels.scenario],
    ['unknown', 'unknown', 'unknown', 'unknown x 8', 'vm-metrics'],
  );

  const bare = fullRun() as Partial<RunResult>;
  delete bare.scenario;
  delete bare.backend;
  delete bare.tool;
  delete bare.env;
  const none = runLabels(bare as RunResult);
  assert.deepEqual(Object.keys(none), [...BUILT_IN_LABELS]);
  const unset: Record<string, string> = {
    machine: 'unknown x unknown',
    backend_cpu_limit: 'none',
    backend_cores: 'none',
  };
  for (const name of BUILT_IN_LABELS) assert.equal(none[name], unset[name] ?? 'unknown', name);
});

test('a run with a backend CPU quota or pinned cores is its own series, told by its labels', () => {
  const cpu = (edit: (env: RunResult['env']) => void) => {
    const run = fullRun();
    edit(run.env);
    const labels = Object.fromEntries(runSeries(run, {})[0].labels);
    return [labels.backend_cpu_limit, labels.backend_cores];
  };
  // Older results lack the quota field: they ran without one.
  assert.deepEqual(
    cpu((env) => {
      delete env.backendCpuLimitCores;
      env.backendCores = null;
    }),
    ['none', 'none'],
  );
  assert.deepEqual(
    cpu((env) => {
      env.backendCpuLimitCores = null;
      env.backendCores = [];
    }),
    ['none', 'none'],
  );
  assert.deepEqual(
    cpu((env) => {
      env.backendCpuLimitCores = 0.5;
      env.backendCores = null;
    }),
    ['0.5', 'none'],
  );
  assert.deepEqual(
    cpu((env) => {
      env.backendCpuLimitCores = 1.25;
      env.backendCores = [1, 3];
    }),
    ['1.25', '1,3'],
  );

  // The same run limited and not: every series differs, and only in the quota.
  const free = fullRun();
  free.env.backendCpuLimitCores = null;
  const limited = structuredClone(free);
  limited.env.backendCpuLimitCores = 0.5;
  const freeSeries = runSeries(free, {});
  const limitedSeries = runSeries(limited, {});
  assert.equal(limitedSeries.length, freeSeries.length);
  limitedSeries.forEach((s, i) => {
    const differ = s.labels.filter(([name, value], j) => {
      assert.equal(name, freeSeries[i].labels[j][0]);
      return value !== freeSeries[i].labels[j][1];
    });
    assert.deepEqual(differ, [['backend_cpu_limit', '0.5']]);
  });
  for (const name of ['backend_cpu_limit', 'backend_cores']) {
    assert.throws(() => parseUserLabels('label', [`${name}=x`]), new RegExp(`${name} is set by obsbench`));
  }
});

test("a shard's and a merge's series carry a shard label; a whole run's have none", () => {
  const labelsOf = (run: RunResult) => Object.fromEntries(runSeries(run, {})[0].labels);
  assert.equal(labelsOf(fullRun()).shard, undefined);
  const shard = fullRun();
  shard.shard = { index: 2, count: 4, runId: 'r', measureStartEpochMs: 0, expect: [] };
  assert.equal(labelsOf(shard).shard, '2/4');
  const merged = fullRun();
  merged.merged = {
    runId: 'r',
    shardCount: 4,
    shardsMerged: [0, 1, 2, 3],
    shardsMissing: [],
    startSpreadMs: 0,
    measureStartEpochMs: 0,
    shards: [],
  };
  assert.equal(labelsOf(merged).shard, 'merged/4');
  assert.throws(() => parseUserLabels('label', ['shard=x']), /shard is set by obsbench/);
});

test('a run without a readable end time is refused, naming the field', () => {
  const run = fullRun();
  run.endedAt = 'yesterday';
  assert.throws(
    () => runSeries(run, {}),
    (e) => isObsbenchError(e) && e.exitCode === 2 && /endedAt "yesterday" is not an ISO time/.test(e.message),
  );
});

test('the WriteRequest decodes to the same series, and the same run always gives the same bytes', () => {
  const run = fullRun();
  run.scenario.name = 'métriques-ü';
  const series = runSeries(run, { ci: 'nightly' });
  const bytes = encodeWriteRequest(series);
  assert.deepEqual(encodeWriteRequest(runSeries(run, { ci: 'nightly' })), bytes, 'deterministic');
  const decoded = decode(bytes);
  assert.equal(decoded.length, series.length);
  decoded.forEach((d, i) => {
    assert.deepEqual(d.labels, series[i].labels);
    assert.deepEqual(d.samples, [{ value: series[i].value, timestampMs: series[i].timestampMs }]);
  });
  assert.ok(decoded[0].labels.some(([name, value]) => name === 'scenario' && value === 'métriques-ü'));
});

test('edge values survive the encoding: zero, tiny, large, and a timestamp past 2^32 ms', () => {
  const series = [0, 1e-9, 123_456_789.125, -2.5].map((value, i) => ({
    labels: [
      ['__name__', 'obsbench_x'],
      ['i', String(i)],
    ] as [string, string][],
    value,
    timestampMs: 1_764_676_800_123 + i,
  }));
  const decoded = decode(encodeWriteRequest(series));
  assert.deepEqual(
    decoded.map((d) => [d.samples[0].value, d.samples[0].timestampMs]),
    series.map((s) => [s.value, s.timestampMs]),
  );
});

test('user labels: name=value pairs by Prometheus rules, not a built-in, each once, bounded', () => {
  assert.deepEqual(parseUserLabels('label', ['ci=nightly', 'host_group=a=b', '_x=1']), {
    ci: 'nightly',
    host_group: 'a=b',
    _x: '1',
  });
  assert.deepEqual(parseUserLabels('label', []), {});
  const refused: [string[], RegExp][] = [
    [['ci'], /--label: "ci" is not allowed: write it as name=value/],
    [['1ci=x'], /letters, digits and _/],
    [['ci-x=1'], /letters, digits and _/],
    [['__name__=x'], /not starting with a digit or with __/],
    [['scenario=other'], /scenario is set by obsbench/],
    [['query=q'], /query is set by obsbench/],
    [['ci=a', 'ci=b'], /ci is given twice/],
    [['ci='], /1 to 200 characters/],
    [[`ci=${'x'.repeat(201)}`], /1 to 200 characters/],
    [Array.from({ length: MAX_USER_LABELS + 1 }, (_, i) => `l${i}=v`), /give at most 10/],
  ];
  for (const [specs, message] of refused) {
    assert.throws(
      () => parseUserLabels('label', specs),
      (e) => isObsbenchError(e) && e.code === 'E_USAGE' && message.test(e.message),
      specs.join(' '),
    );
  }
});

test('remote write URL: default path, kept path, loopback only unless allowed, no query', () => {
  assert.deepEqual(parseRemoteWriteUrl('remote-write', 'http://127.0.0.1:8428', false, 'allow-remote'), {
    origin: 'http://127.0.0.1:8428',
    path: '/api/v1/write',
  });
  assert.deepEqual(parseRemoteWriteUrl('remote-write', 'http://localhost:9090/api/v1/write/', false, 'x'), {
    origin: 'http://localhost:9090',
    path: '/api/v1/write',
  });
  assert.deepEqual(
    parseRemoteWriteUrl('remote-write', 'http://[::1]:8480/insert/0/prometheus/api/v1/write', false, 'x'),
    {
      origin: 'http://[::1]:8480',
      path: '/insert/0/prometheus/api/v1/write',
    },
  );
  assert.throws(
    () => parseRemoteWriteUrl('remote-write', 'https://tsdb.example.com/api/v1/write', false, 'allow-remote'),
    (e) =>
      isObsbenchError(e) &&
      e.code === 'E_ENDPOINT_NOT_ALLOWED' &&
      /--remote-write: tsdb\.example\.com is not a loopback address.*add --allow-remote/.test(e.message),
  );
  assert.deepEqual(parseRemoteWriteUrl('remote-write', 'https://tsdb.example.com/api/v1/write', true, 'x'), {
    origin: 'https://tsdb.example.com:443',
    path: '/api/v1/write',
  });
  for (const bad of [
    '127.0.0.1:8428',
    'ftp://127.0.0.1/x',
    'http://127.0.0.1:8428/api/v1/write?x=1',
    'nonsense',
  ]) {
    assert.throws(
      () => parseRemoteWriteUrl('publish', bad, false, 'x'),
      (e) => isObsbenchError(e) && e.code === 'E_USAGE' && e.message.startsWith('--publish: '),
      bad,
    );
  }
});

test('partial runs are skipped with their reason, and nothing is sent for them', async () => {
  const run = fullRun();
  run.status = 'partial';
  run.statusReason = 'interrupted by SIGINT';
  // Port 9 (discard) on loopback: nothing may be sent, so nothing listening is never found out.
  const report = await publishRuns([run], {
    url: { origin: 'http://127.0.0.1:9', path: '/api/v1/write' },
    labels: {},
  });
  assert.deepEqual(report.sent, []);
  assert.equal(report.failed, null);
  assert.deepEqual(
    report.skipped.map((s) => s.reason),
    ['partial run: interrupted by SIGINT'],
  );
});
