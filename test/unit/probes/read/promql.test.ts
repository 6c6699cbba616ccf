import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_METRIC_SHAPE } from '../../../../src/model/shapes.js';
import { generatedMetrics } from '../../../../src/probes/read/generated-metrics.js';
import {
  canaryVisibleQuery,
  countableNames,
  countWindow,
  labelValues,
  promqlQueries,
  rangeParams,
  seriesSelector,
  sumVector,
  uncachedMatcher,
} from '../../../../src/probes/read/promql.js';

const window = { fromUs: 1_700_000_000_123_456, toUs: 1_700_000_002_500_001 };

test('countWindow evaluates at the last item (ms, rounded up) and reaches back to include the first', () => {
  const { timeS, windowMs } = countWindow(window);
  assert.equal(timeS, '1700000002.501');
  // first item at ...000.123 ms must be inside (t - d, t]: t - d = 2501 - 2379 = 122 ms < 123 ms.
  assert.equal(windowMs, 1_700_000_002_501 - 1_700_000_000_123 + 1);
});

test('rangeParams keeps at most 120 steps, at least 1 s each', () => {
  assert.deepEqual(rangeParams(window), { start: '1700000000', end: '1700000003', step: '1s' });
  const hour = rangeParams({ fromUs: 0, toUs: 3600e6 });
  assert.equal(hour.step, '30s');
});

test('seriesSelector quotes and escapes values', () => {
  assert.equal(seriesSelector('up'), '{__name__="up"}');
  assert.equal(seriesSelector('m', { path: 'a"b\\c' }), '{__name__="m",path="a\\"b\\\\c"}');
  assert.equal(seriesSelector('m', { a: '1' }, { b: '2' }), '{__name__="m",a="1",b!="2"}');
});

test('countableNames keeps one series family per data point', () => {
  assert.deepEqual(
    countableNames([
      'a_total',
      'h_bucket',
      'h_count',
      'h_sum',
      'native_hist',
      'target_info',
      'obsbench_canary',
      'g',
    ]),
    ['a_total', 'h_count', 'native_hist', 'g'],
  );
});

test('promqlQueries names generated series, identical for two backends apart from extra params', () => {
  const shape = { ...DEFAULT_METRIC_SHAPE, series: 300, metricNames: 12, resources: 3 };
  const metrics = generatedMetrics(shape, 42);
  const vm = promqlQueries(metrics, window, { nocache: '1' });
  const prom = promqlQueries(metrics, window);
  assert.deepEqual(
    vm.map((q) => q.name),
    ['series_per_metric', 'rate_sum', 'topk_rate', 'series_lookup', 'histogram_p99'],
  );
  const queryOf = (path: string): string | null => new URL(path, 'http://x').searchParams.get('query');
  assert.deepEqual(
    vm.map((q) => queryOf(q.path)),
    prom.map((q) => queryOf(q.path)),
  );
  for (const q of vm) assert.equal(new URL(q.path, 'http://x').searchParams.get('nocache'), '1');
  const rate = vm.find((q) => q.name === 'rate_sum');
  assert.match(
    queryOf(rate?.path ?? '') ?? '',
    new RegExp(`^sum\\(rate\\(\\{__name__="${metrics.sums[0].name}"\\}\\[1m\\]\\)\\)$`),
  );
  const lookup = queryOf(vm.find((q) => q.name === 'series_lookup')?.path ?? '') ?? '';
  for (const [k, v] of Object.entries(metrics.gauges[0].labels))
    assert.ok(lookup.includes(`${k}="${v}"`), lookup);
});

test('promqlQueries leaves out what the shape has no metrics for', () => {
  const shape = {
    ...DEFAULT_METRIC_SHAPE,
    series: 50,
    metricNames: 5,
    resources: 1,
    kinds: { gauge: 1, sum: 0, histogram: 0, exponential_histogram: 0 },
  };
  const names = promqlQueries(generatedMetrics(shape, 1), window).map((q) => q.name);
  assert.deepEqual(names, ['series_per_metric', 'series_lookup']);
});

test('sumVector adds instant-vector values and fails loudly on an error answer', () => {
  assert.equal(
    sumVector(
      {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: {}, value: [1, '12'] },
            { metric: { a: 'b' }, value: [1, '30'] },
          ],
        },
      },
      'x',
    ),
    42,
  );
  assert.equal(sumVector({ status: 'success', data: { resultType: 'vector', result: [] } }, 'x'), 0);
  assert.throws(
    () => sumVector({ status: 'error', error: 'parse error at char 3' }, 'count of m'),
    /count of m: query failed: parse error at char 3/,
  );
  assert.deepEqual(labelValues({ status: 'success', data: ['a', 'b'] }, 'names'), ['a', 'b']);
  assert.throws(() => labelValues({ status: 'error', error: 'boom' }, 'names'), /names: failed: boom/);
});

test('canaryVisibleQuery reads the largest seq of the one canary series of the run', () => {
  assert.equal(
    canaryVisibleQuery({ fromUs: 1_700_000_000_000_123.5 }),
    'max_over_time({__name__="obsbench_canary",run="1700000000000123"}[10m])',
  );
});

test('bypassing the series cache makes every canary query text new, and still matches every series', () => {
  const a = canaryVisibleQuery({ fromUs: 1 }, true);
  const b = canaryVisibleQuery({ fromUs: 1 }, true);
  assert.notEqual(a, b);
  assert.match(a, /^max_over_time\(\{__name__="obsbench_canary",run="1",obsbench_poll!="\d+"\}\[10m\]\)$/);
  assert.deepEqual(uncachedMatcher(false), {});
});
