// The HTML report's runs page: text from results cannot break out of the markup or the data block,
// the embedded data is the result itself, every figure carries its exact value, and each chart
// holds as many points as the result has (per second, per percentile).

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { figuresOf } from '../../../src/model/figures.js';
import { runCharts } from '../../../src/reporters/html/chart-spec.js';
import { percentileAt, percentileAxis } from '../../../src/reporters/html/distribution.js';
import { HtmlReporter } from '../../../src/reporters/html/index.js';
import { esc } from '../../../src/reporters/html/markup.js';
import { scriptJson } from '../../../src/reporters/html/page.js';
import { renderHtmlReport } from '../../../src/reporters/html/report.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';
import { makeRunResult } from './fixture.js';
import { embeddedData, pageFigures } from './html-helpers.js';

const root = await mkdtemp(join(tmpdir(), 'obsbench-html-'));
after(() => rm(root, { recursive: true, force: true }));

test('a scenario name or error holding </script> and tags stays text: escaped in HTML, \\u003c in the data', () => {
  const hostile = '</script><b>bold</b><!--';
  const r = makeRunResult({ name: hostile });
  r.errors = [{ message: '<img src=x onerror="alert(1)">', count: 2 }];
  r.status = 'partial';
  r.statusReason = 'backend died: </script><script>alert(2)</script>';
  const html = renderHtmlReport([{ kind: 'runs', results: [r] }]);
  assert.equal(html.includes('<b>bold</b>'), false);
  assert.equal(html.includes('<img src=x'), false);
  assert.equal(html.includes('<script>alert(2)'), false);
  assert.ok(html.includes(esc(hostile)), 'the name is shown, escaped');
  // Three script elements (data, uPlot, the page's own) and no other end tag.
  assert.equal(html.match(/<\/script>/g)?.length, 3);
  assert.equal(html.match(/<script[\s>]/g)?.length, 3);
  assert.deepEqual(embeddedData(html).source[0].data, [r], 'the data block parses back to the same result');
  assert.equal(scriptJson({ a: '</script>&' }), '{"a":"\\u003c/script\\u003e\\u0026"}');
});

test('the page embeds the results exactly and every figure with its exact value', () => {
  const a = makeRunResult();
  const b = makeRunResult({ name: 'second', wasBottleneck: true });
  b.read.queries = { 'instant-sum': { ...a.latencyMs, p99: 17.5, count: 40 } };
  const html = renderHtmlReport([{ kind: 'runs', results: [a, b] }]);
  const data = embeddedData(html);
  assert.equal(data.kind, 'runs');
  assert.deepEqual(data.source, [{ kind: 'runs', data: [a, b] }]);
  for (const [i, r] of [a, b].entries()) {
    const table = html.split(`data-run="i0-run-${i}"`)[1].split('</table>')[0];
    const shown = pageFigures(table);
    const figures = figuresOf(r);
    assert.equal(shown.size, figures.length);
    for (const f of figures) assert.equal(shown.get(f.id), f.value === null ? '' : String(f.value), f.id);
  }
  assert.match(html, /read\.queries\.instant-sum\.p99" data-value="17.5"/);
  assert.match(html, /The harness, not the backend, limited this run/);
  assert.match(html, /<a href="#i0-run-1">second<\/a>/, 'several runs get an overview linking each');
});

test('charts: one point per second of the timeseries, one per percentile step of the histogram', () => {
  const r = makeRunResult();
  const { charts, notes } = runCharts(r, 'r');
  assert.deepEqual(
    charts.map((c) => c.id),
    ['r-throughput', 'r-latency', 'r-distribution', 'r-backend'],
  );
  assert.deepEqual(notes, []);
  for (const c of charts.filter((c) => c.x.kind === 'seconds')) {
    assert.equal(c.x.values.length, r.timeseries.length, c.id);
    for (const s of c.series) assert.equal(s.values.length, r.timeseries.length, `${c.id} ${s.label}`);
  }
  assert.deepEqual(
    charts[0].series[1].values,
    r.timeseries.map((p) => p.acceptedPerS),
  );
  assert.deepEqual(
    charts[3].series[1].values,
    r.timeseries.map((p) => (p.backendRssBytes ?? 0) / 1e6),
  );
  const distribution = charts[2];
  assert.deepEqual(distribution.x.values, percentileAxis(r.latencyMs.count));
  const latency = LatencyHistogram.fromBase64(r.latencyMs.hdrBase64);
  const service = LatencyHistogram.fromBase64(r.serviceTimeMs.hdrBase64);
  distribution.x.values.forEach((x, i) => {
    assert.equal(distribution.series[0].values[i], latency.percentileMs(percentileAt(x)));
    assert.equal(distribution.series[1].values[i], service.percentileMs(percentileAt(x)));
  });
  // The p99 of the summary is on the curve: x = 100 is p99.
  const at99 = distribution.x.values.findIndex((x) => Math.abs(x - 100) < 1e-9);
  assert.equal(distribution.series[0].values[at99], r.latencyMs.p99);
});

test('the percentile axis runs from p0 up to one sample in count, 10 steps a decade, at least to p90', () => {
  assert.equal(percentileAxis(5_000).length, 37, '1 .. 10^3.6: 37 points');
  assert.equal(percentileAxis(1).length, 11, 'up to p90 even for one sample');
  assert.equal(percentileAxis(1e12).length, 61, 'stops at 99.9999%');
  assert.ok(Math.abs(percentileAt(1000) - 99.9) < 1e-9);
});

test('a run without backend samples or latency says so instead of drawing empty charts', () => {
  const r = makeRunResult();
  r.timeseries = r.timeseries.map(({ backendCpuCores: _c, backendRssBytes: _r, ...p }) => p);
  r.latencyMs = { ...r.latencyMs, count: 0 };
  r.serviceTimeMs = { ...r.serviceTimeMs, count: 0 };
  const { charts, notes } = runCharts(r, 'r');
  assert.deepEqual(
    charts.map((c) => c.id),
    ['r-throughput', 'r-latency'],
  );
  assert.equal(notes.length, 2);
  const html = renderHtmlReport([{ kind: 'runs', results: [r] }]);
  assert.match(html, /No backend process was sampled/);
});

test('the html reporter writes report.html', async () => {
  const [file] = await new HtmlReporter().report([makeRunResult()], { outDir: root });
  assert.equal(file, join(root, 'report.html'));
  const html = await readFile(file, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /uPlot/);
  assert.equal(/(src|href)="https?:/.test(html), false, 'nothing is loaded from the network');
});
