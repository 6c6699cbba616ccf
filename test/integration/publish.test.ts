// Trends end to end, against the real VictoriaMetrics and Prometheus binaries (obsbench stack
// install): three real runs (obsbench run --repeat 3 --publish) land in a VictoriaMetrics started
// for this file; every figure is read back with PromQL at each run's end time; publishing the
// same runs again changes no sample and no series; every panel of stack/grafana/obsbench.json has
// data; Prometheus' receiver takes the same runs, and refuses a run older than its head, which
// stops a publish half way with a line saying what was sent.

import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readRunResults } from '../../src/compare/inputs.js';
import { figuresOf } from '../../src/model/figures.js';
import type { RunResult } from '../../src/model/run-result.js';
import { packageRoot } from '../../src/package-root.js';
import { publishedMetricOf } from '../../src/reporters/publish/metric-names.js';
import { BackendInstance } from '../../src/stack/backend-instance.js';
import { requireInstalled } from '../../src/stack/installed.js';
import type { BackendTarget } from '../../src/targets/backend.js';
import { prometheusTarget } from '../../src/targets/prometheus.js';
import { victoriaMetricsTarget } from '../../src/targets/victoriametrics.js';
import { runCli } from '../e2e/cli-helpers.js';

const out = mkdtempSync(join(tmpdir(), 'obsbench-publish-'));
const runsDir = join(out, 'runs');
const SCENARIO = 'publish-trend';
const USER_LABELS = ['--label', 'ci=integration'];
let vm: BackendInstance | undefined;
let runs: RunResult[] = [];

function start(target: BackendTarget): Promise<BackendInstance> {
  return BackendInstance.start({
    target,
    binary: requireInstalled(target.binaryName).binaryPath,
    cores: null,
    logDir: out,
  });
}

before(async () => {
  // As docs/trends.md advises for a trends TSDB: without it VictoriaMetrics keeps a republished
  // sample twice (the same timestamp and value; instant queries answer the same, count_over_time
  // counts 2), and the raw samples below could not be compared.
  vm = await start({
    ...victoriaMetricsTarget,
    launchArgs: (ctx) => [...victoriaMetricsTarget.launchArgs(ctx), '-dedup.minScrapeInterval=1ms'],
  });
});

after(async () => {
  await vm?.stop();
  rmSync(out, { recursive: true, force: true });
});

interface PromSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

async function promQuery(base: string, path: string, params: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { status: string; data: unknown; error?: string };
  assert.equal(body.status, 'success', `${path} ${JSON.stringify(params)}: ${body.error}`);
  return body.data;
}

/** Every obsbench sample stored, as "labels -> [ms, value]..." sorted: raw samples of the last hour. */
async function storedSamples(base: string, atMs: number): Promise<Map<string, [number, number][]>> {
  const data = (await promQuery(base, '/api/v1/query', {
    query: '{__name__=~"obsbench_.+"}[1h]',
    time: String(atMs / 1000),
  })) as { resultType: string; result: PromSeries[] };
  assert.equal(data.resultType, 'matrix');
  const out = new Map<string, [number, number][]>();
  for (const series of data.result) {
    const key = JSON.stringify(Object.entries(series.metric).sort());
    out.set(
      key,
      (series.values ?? []).map(([t, v]) => [Math.round(t * 1000), Number(v)]),
    );
  }
  return out;
}

async function seriesCount(base: string): Promise<number> {
  const data = (await promQuery(base, '/api/v1/series', {
    'match[]': '{__name__=~"obsbench_.+"}',
  })) as unknown[];
  return data.length;
}

/** Every figure of every run that has a value: metric, query label, end time, value in base units. */
function expectedSamples(results: readonly RunResult[]) {
  return results.flatMap((run) =>
    figuresOf(run)
      .filter((f) => f.value !== null)
      .map((f) => {
        const { metric, query } = publishedMetricOf(f.id);
        return {
          run,
          figure: f.id,
          name: metric.name,
          query,
          timeMs: Date.parse(run.endedAt),
          value: (f.value as number) / metric.divisor,
        };
      }),
  );
}

function assertClose(actual: number, expected: number, what: string): void {
  // VictoriaMetrics keeps values as decimal mantissa and exponent: exact to ~15 significant digits.
  const tolerance = Math.abs(expected) * 1e-12;
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: read ${actual}, published ${expected}`);
}

/** Each published figure read back from `base` with an instant query at its run's end time. */
async function assertReadBack(base: string, results: readonly RunResult[]): Promise<void> {
  const expected = expectedSamples(results);
  for (const e of expected) {
    const selector = `${e.name}{scenario="${SCENARIO}",git_sha="${e.run.tool.gitSha}"${e.query ? `,query="${e.query}"` : ''}}`;
    const data = (await promQuery(base, '/api/v1/query', {
      query: `timestamp(${selector}) * 1000`,
      time: String(e.timeMs / 1000),
    })) as { result: PromSeries[] };
    assert.equal(data.result.length, 1, `${selector}: one series`);
    assert.equal(
      Math.round(Number(data.result[0].value?.[1])),
      e.timeMs,
      `${e.figure}: the sample is at the run's end`,
    );
    const value = (await promQuery(base, '/api/v1/query', {
      query: selector,
      time: String(e.timeMs / 1000),
    })) as { result: PromSeries[] };
    assert.equal(value.result.length, 1);
    assert.equal(value.result[0].metric.ci, 'integration', 'the user label');
    assertClose(Number(value.result[0].value?.[1]), e.value, `${e.figure} of the run ended ${e.run.endedAt}`);
  }
}

test('three real runs published by run --publish read back figure by figure; republishing changes nothing', async () => {
  const base = (vm as BackendInstance).httpBaseUrl;
  const scenarioFile = join(out, `${SCENARIO}.yaml`);
  // A managed Prometheus: every dashboard figure (CPU, RSS, disk per item, freshness) in seconds.
  writeFileSync(
    scenarioFile,
    `name: ${SCENARIO}
signal: metrics
target: { kind: prometheus, managed: true }
shape: { series: 500, kinds: { gauge: 1 } }
load: { executor: constant-arrival-rate, rate: 2000, duration: 4s, warmup: 0s, batchSize: 200 }
`,
  );
  mkdirSync(runsDir);
  const run = await runCli(
    [
      'run',
      scenarioFile,
      '--repeat',
      '3',
      '--ceiling',
      '0',
      '--out',
      runsDir,
      '--publish',
      `${base}/api/v1/write`,
      '--publish-label',
      'ci=integration',
    ],
    240_000,
  );
  assert.equal(run.code, 0, run.stderr);
  runs = readRunResults(runsDir);
  assert.equal(runs.length, 3);
  for (const r of runs) assert.equal(r.status, 'complete', r.statusReason);
  const published = run.stdout.split('\n').filter((line) => line.startsWith('published: '));
  assert.equal(published.length, 3, run.stdout);
  assert.match(
    run.stdout,
    /^publish: 3 run\(s\), \d+ samples -> http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write$/m,
  );

  // VictoriaMetrics makes new samples searchable within a couple of seconds; a flush, at once.
  await (vm as BackendInstance).flush();
  const expected = expectedSamples(runs);
  // Runs differ in what they measured only by chance (a freshness sample): most figures are in all three.
  assert.ok(expected.length >= 3 * 14, `${expected.length} samples`);
  await assertReadBack(base, runs);

  const lastMs = Math.max(...runs.map((r) => Date.parse(r.endedAt)));
  const stored = await storedSamples(base, lastMs + 1000);
  const storedCount = [...stored.values()].reduce((sum, samples) => sum + samples.length, 0);
  assert.equal(storedCount, expected.length, 'no sample beyond the figures');
  const series = await seriesCount(base);
  assert.equal(series, stored.size);
  assert.equal(
    series,
    new Set(expected.map((e) => `${e.name}/${e.query}`)).size,
    'one series per figure: the three runs share their labels, so they add samples, not series',
  );

  const again = await runCli(['publish', runsDir, '--remote-write', base, ...USER_LABELS], 30_000);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^publish: 3 run\(s\)/m);
  await (vm as BackendInstance).flush();
  assert.deepEqual(await storedSamples(base, lastMs + 1000), stored, 'the same samples, no duplicate');
  assert.equal(await seriesCount(base), series, 'the same series');
  await assertReadBack(base, runs);
});

const DAY_S = 86_400;

/**
 * A template variable's value substituted into PromQL as Grafana's Prometheus data source does;
 * $__interval is the panels' minimum interval, a day, which Grafana keeps over a few weeks' range.
 */
function substitute(expr: string, vars: Record<string, string>): string {
  return expr.replace(/\$\{?(__interval|__rate_interval|[a-z]+)\}?/g, (whole, name: string) => {
    if (name === '__interval' || name === '__rate_interval') return '1d';
    assert.ok(Object.hasOwn(vars, name), `variable ${whole} is defined`);
    return vars[name];
  });
}

/** A panel query: a day's runs of each series, then the series of a group, both by the same statistic. */
const DAY_QUERY_RE =
  /^(quantile|min|max) by \(([a-z_, ]+)\) \((?:0\.5, )?(quantile_over_time\(0\.5, |min_over_time\(|max_over_time\()(obsbench_[a-z0-9_]+)\{scenario=~"\$scenario", machine="\$machine"\}\[\$__interval\] offset -\$__interval\)\)$/;

const OVER_TIME = { quantile: 'quantile_over_time(0.5, ', min: 'min_over_time(', max: 'max_over_time(' };

/** The statistics of the day's values, the median as PromQL's quantile takes it (interpolated). */
const AGGREGATE = {
  quantile: (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = 0.5 * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
  },
  min: (values: number[]) => Math.min(...values),
  max: (values: number[]) => Math.max(...values),
};

interface DashboardTarget {
  expr: string;
  refId: string;
  datasource: { type: string; uid: string };
}

interface DashboardPanel {
  type: string;
  title: string;
  interval?: string;
  repeat?: string;
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
  datasource?: { type: string; uid: string };
}

test('every panel of stack/grafana/obsbench.json has data from the published runs', async () => {
  assert.equal(runs.length, 3, 'the runs of the first test');
  const base = (vm as BackendInstance).httpBaseUrl;
  const dashboard = JSON.parse(readFileSync(join(packageRoot(), 'stack/grafana/obsbench.json'), 'utf8')) as {
    schemaVersion: number;
    uid: string;
    title: string;
    timezone: string;
    templating: {
      list: { name: string; type: string; query: unknown; definition?: string; multi?: boolean }[];
    };
    panels: DashboardPanel[];
  };
  assert.ok(
    dashboard.schemaVersion >= 36 && dashboard.schemaVersion <= 41,
    `schemaVersion ${dashboard.schemaVersion}`,
  );
  assert.ok(dashboard.uid && dashboard.title);
  const variables = new Map(dashboard.templating.list.map((v) => [v.name, v]));
  assert.deepEqual(
    { type: variables.get('datasource')?.type, query: variables.get('datasource')?.query },
    { type: 'datasource', query: 'prometheus' },
  );
  // The query variables: label_values(selector, label) answered by the label values API.
  const machine = `${runs[0].env.cpuModel} x ${runs[0].env.cores}`;
  const values: Record<string, string> = {
    // Grafana regex-escapes a multi-value variable's values and leaves a single-value one as is.
    scenario: SCENARIO.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&'),
    machine: machine.replace(/\\/g, '\\\\').replace(/"/g, '\\"'),
  };
  for (const [name, expectedValue] of [
    ['scenario', SCENARIO],
    ['machine', machine],
  ]) {
    const variable = variables.get(name);
    assert.equal(variable?.type, 'query', name);
    const definition = variable?.definition ?? '';
    const match = /^label_values\((.+), (\w+)\)$/.exec(definition);
    assert.ok(match, `${name}: ${definition}`);
    const labelValues = (await promQuery(base, `/api/v1/label/${match[2]}/values`, {
      'match[]': substitute(match[1], values),
    })) as string[];
    assert.ok(labelValues.includes(expectedValue), `${name}: ${labelValues.join(', ')}`);
  }

  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const row = panels.find((p) => p.type === 'row');
  assert.equal(row?.repeat, 'scenario', 'a row per scenario');
  const charts = panels.filter((p) => p.type !== 'row');
  const exprs = charts.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  for (const figure of [
    'obsbench_achieved_rate_per_second',
    'obsbench_latency_p99_seconds',
    'obsbench_backend_cpu_seconds_per_million_items',
    'obsbench_backend_rss_peak_bytes',
    'obsbench_backend_disk_bytes_per_item',
    'obsbench_freshness_p99_seconds',
  ]) {
    assert.ok(
      exprs.some((e) => e.includes(`${figure}{`)),
      `a panel shows ${figure}`,
    );
  }

  // Days are UTC days: Grafana aligns a 1d step to midnight in the dashboard's time zone.
  assert.equal(dashboard.timezone, 'utc');
  const days = runs.map((r) => Math.floor(Date.parse(r.endedAt) / 1000 / DAY_S) * DAY_S);
  const published = expectedSamples(runs);
  // Grafana's placeholder for the data source variable, written so it is not read as a template.
  const datasourceUid = ['$', '{datasource}'].join('');
  for (const panel of charts) {
    assert.equal(panel.datasource?.uid, datasourceUid, panel.title);
    assert.equal(panel.interval, '1d', `${panel.title}: a point per day at the least`);
    assert.ok((panel.targets ?? []).length > 0, `${panel.title} has queries`);
    for (const target of panel.targets ?? []) {
      assert.equal(target.datasource.uid, datasourceUid, `${panel.title} ${target.refId}`);
      const what = `${panel.title} (${target.refId})`;
      const shape = DAY_QUERY_RE.exec(target.expr);
      assert.ok(shape, `${what}: a day's median, min or max of the runs: ${target.expr}`);
      const [, across, groups, within, metric] = shape;
      assert.equal(within, OVER_TIME[across as keyof typeof OVER_TIME], what);
      assert.deepEqual(
        groups.split(', '),
        ['backend_version', 'backend_cpu_limit', 'backend_cores'],
        `${what}: a line per backend version and CPU setup, never a limited run merged with others`,
      );
      // As Grafana asks: start and end aligned down to the step, so today's point is today's midnight.
      const query = substitute(target.expr, values);
      const data = (await promQuery(base, '/api/v1/query_range', {
        query,
        start: String(Math.min(...days)),
        end: String(Math.max(...days)),
        step: String(DAY_S),
      })) as { result: PromSeries[] };
      assert.equal(data.result.length, 1, `${what}: one line (one backend version): ${query}`);
      const points = (data.result[0].values ?? []).map(([t, v]) => [t, Number(v)]);
      // One point per day the runs ended on, at its midnight: the figure over that day's runs.
      const expected = [...new Set(days)]
        .sort((a, b) => a - b)
        .map((day) => {
          const dayValues = published
            .filter((e) => e.name === metric && Math.floor(e.timeMs / 1000 / DAY_S) * DAY_S === day)
            .map((e) => e.value);
          return [day, dayValues] as const;
        })
        .filter(([, dayValues]) => dayValues.length > 0)
        .map(([day, dayValues]) => [day, AGGREGATE[across as keyof typeof AGGREGATE](dayValues)]);
      assert.equal(points.length, expected.length, `${what}: ${JSON.stringify(points)}`);
      points.forEach(([t, v], i) => {
        assert.equal(t, expected[i][0], `${what}: the point of a day is at its midnight`);
        assertClose(v, expected[i][1], `${what} of the day ${new Date(t * 1000).toISOString()}`);
      });
    }
  }
});

test('Prometheus takes the same runs, and a run older than its head stops a publish half way', async () => {
  assert.equal(runs.length, 3, 'the runs of the first test');
  const prometheus = await start(prometheusTarget);
  try {
    const base = prometheus.httpBaseUrl;
    const first = await runCli(
      ['publish', runsDir, '--remote-write', `${base}/api/v1/write`, ...USER_LABELS],
      30_000,
    );
    assert.equal(first.code, 0, first.stderr);
    await assertReadBack(base, runs);
    const lastMs = Math.max(...runs.map((r) => Date.parse(r.endedAt)));
    const stored = await storedSamples(base, lastMs + 1000);

    // The newest run again: each sample equals the newest of its series, which Prometheus takes
    // as a no-op. The older ones again are out of order for it, and refused.
    const runDirs = readdirSync(runsDir)
      .filter((d) => existsSync(join(runsDir, d, 'result.json')))
      .sort();
    const newest = await runCli(
      ['publish', join(runsDir, runDirs[runDirs.length - 1]), '--remote-write', base, ...USER_LABELS],
      30_000,
    );
    assert.equal(newest.code, 0, newest.stderr);
    const older = await runCli(['publish', runsDir, '--remote-write', base, ...USER_LABELS], 30_000);
    assert.equal(older.code, 2);
    assert.match(older.stderr, /was not taken: HTTP 400 .*out of order/);
    assert.deepEqual(await storedSamples(base, lastMs + 1000), stored, 'nothing changed');

    // Three more runs: a new scenario ending now, one ended in 2024 (outside the head: refused
    // with 400), and another after it, which is then not sent.
    const dir = join(out, 'half-way');
    mkdirSync(dir);
    const files = (
      [
        ['publish-now', new Date().toISOString()],
        ['publish-old', '2024-05-01T12:01:10.000Z'],
        ['publish-after', new Date().toISOString()],
      ] as const
    ).map(([name, endedAt]) => {
      const copy = structuredClone(runs[0]);
      copy.scenario.name = name;
      copy.endedAt = endedAt;
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(copy));
      return file;
    });
    const half = await runCli(['publish', ...files, '--remote-write', base], 30_000);
    assert.equal(half.code, 2, half.stdout + half.stderr);
    const lines = half.stderr.trim().split('\n');
    assert.equal(lines.length, 1, half.stderr);
    assert.match(
      lines[0],
      /^obsbench: error: publish: publish-old \(ended 2024-05-01T12:01:10\.000Z\) was not taken: HTTP 400 .*out of bounds.*; sent 1 of 3: publish-now \(ended .*\); not sent: publish-after \(ended .*\)$/,
    );
    assert.match(half.stdout, /^published: publish-now /m);
    const count = async (scenario: string) =>
      ((await promQuery(base, '/api/v1/series', { 'match[]': `{scenario="${scenario}"}` })) as unknown[])
        .length;
    assert.ok((await count('publish-now')) > 0, 'the run before the refused one is stored');
    assert.equal(await count('publish-after'), 0, 'the run after it was not sent');
  } finally {
    await prometheus.stop();
  }
});
