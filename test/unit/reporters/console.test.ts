import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProgressLine } from '../../../src/reporters/console-progress.js';
import { formatSummaryTable } from '../../../src/reporters/console-table.js';
import { humanMs } from '../../../src/reporters/format.js';
import { renderHtmlReport } from '../../../src/reporters/html/report.js';
import { makeRunResult } from './fixture.js';

const snapshot = {
  scenario: 'tempo-otlp-grpc-10k',
  elapsedS: 12.7,
  totalS: 60,
  phase: 'run' as const,
  sentPerS: 12_345,
  acceptedPerS: 12_100,
  p99Ms: 4.123,
  errors: 2,
  dropped: 0,
  inFlight: 17,
};

test('progress line: compact, one line, the figures humanised', () => {
  const line = formatProgressLine(snapshot);
  assert.equal(line.includes('\n'), false);
  assert.match(
    line,
    /^run {5}tempo-otlp-grpc-10k +12\/60s {2}sent 12\.3K\/s {2}acc 12\.1K\/s {2}p99 {2}4\.12ms {2}err 2 {2}drop 0 {2}inflight 17$/,
  );
  assert.ok(line.length < 120, `${line.length} chars`);
  assert.match(
    formatProgressLine({ ...snapshot, phase: 'warmup', elapsedS: 3 }),
    /^warmup {2}tempo-otlp-grpc-10k +3\/60s/,
  );
});

test('progress line keeps its width as figures change, and cuts long names visibly', () => {
  const a = formatProgressLine(snapshot);
  const b = formatProgressLine({
    ...snapshot,
    elapsedS: 5,
    sentPerS: 7,
    acceptedPerS: 1_500_000,
    p99Ms: 123.4,
  });
  assert.equal(a.length, b.length);
  const long = formatProgressLine({ ...snapshot, scenario: 'a-very-long-scenario-name-that-goes-on' });
  assert.match(long, / a-very-long-scenari~ /);
  assert.equal(long.length, a.length);
});

test('summary table: headers with units and the expected figures in aligned columns', () => {
  const r = makeRunResult();
  const text = formatSummaryTable([r, makeRunResult({ name: 'tempo-slow', wasBottleneck: true })]);
  const lines = text.split('\n');
  const header = lines[0];
  for (const heading of [
    'scenario',
    'target',
    'rate/s tgt/ach',
    'p50 ms',
    'p99 ms',
    'p999 ms',
    'p99 svc ms',
    'wire MB',
    'raw MB',
  ]) {
    assert.ok(header.includes(heading), heading);
  }
  const row = lines[2];
  assert.ok(row.startsWith('tempo-otlp-grpc-10k'));
  for (const figure of ['tempo', '10K/9.95K', '594K', '1.5K', '61.5', '250', '1/1 +1 inconclusive']) {
    assert.ok(row.includes(figure), `${figure} in ${row}`);
  }
  const p99 = humanMs(r.latencyMs.p99);
  const p99Svc = humanMs(r.serviceTimeMs.p99);
  // Right-aligned numbers end where their header ends.
  const endOf = (haystack: string, needle: string, from = 0) =>
    haystack.indexOf(needle, from) + needle.length;
  assert.equal(endOf(row, ' 594K'), endOf(header, 'accepted'));
  assert.equal(endOf(row, ` ${p99} `) - 1, endOf(header, 'p99 ms'));
  assert.equal(endOf(row, ` ${p99Svc} `, endOf(header, 'p999 ms')) - 1, endOf(header, 'p99 svc ms'));
  assert.equal(lines[1].replace(/[- ]/g, ''), '');

  assert.match(text, /latency: from the intended send time/);
  assert.match(text, /FAIL +tempo-otlp-grpc-10k: errorRate < 0\.001 -- errorRate = 0\.0025, not < 0\.001/);
  assert.match(text, /INCONCLUSIVE +tempo-otlp-grpc-10k: compressionRatio >= 10/);
  assert.match(
    text,
    /NOTE +tempo-slow: the harness was the bottleneck \(its ceiling on this machine: 9\.95K items\/s\)/,
  );
  assert.doesNotMatch(text, /NOTE +tempo-otlp-grpc-10k/);
});

test('summary table marks partial runs and unmeasured latency', () => {
  const r = makeRunResult();
  r.status = 'partial';
  r.statusReason = 'target exited with code 2 at 31 s';
  r.latencyMs = { ...r.latencyMs, count: 0 };
  r.verdicts = [];
  const text = formatSummaryTable([r]);
  assert.match(text, /PARTIAL +tempo-otlp-grpc-10k: target exited with code 2 at 31 s/);
  const row = text.split('\n')[2];
  assert.match(row, / - +- +- +\S+ /); // p50 / p99 / p999 blank, service time present
  assert.ok(row.trimEnd().endsWith('-'));
});

test('the summary gives a managed backend line with cores, RSS, disk per item and the ratio', () => {
  const r = makeRunResult();
  r.backend.ownStorageFigures = { storageBytesPerSample: 0.8123 };
  const text = formatSummaryTable([r]);
  assert.match(
    text,
    /BACKEND +tempo-otlp-grpc-10k: tempo 2\.6\.1: 1\.60 cores; RSS 540 MB avg \/ 571 MB peak; 161\.60 CPU s per 1M items; disk 25 MB, 42\.09 B\/item, 10\.0:1 vs raw OTLP; own: storageBytesPerSample 0\.81; freshness 850 ms/,
  );
  assert.match(
    text,
    /DOWNSTREAM +tempo-otlp-grpc-10k: sink built-in: 594K spans arrived; end-to-end through the pipeline p50 12 ms, p99 42 ms, max 80 ms/,
  );
  r.backend = {
    ...r.backend,
    coresAvg: null,
    rssAvgBytes: null,
    rssMaxBytes: null,
    cpuSecondsPerMillionItems: null,
    diskBytes: null,
    ownStorageFigures: {},
  };
  r.read.freshnessMs = null;
  assert.doesNotMatch(formatSummaryTable([r]), /BACKEND/);
});

test('a trace store run: the TRACES line gives the sample fetched back by ID, and whether it was after a restart', () => {
  const r = makeRunResult();
  assert.doesNotMatch(formatSummaryTable([r]), /TRACES/, 'no line without a trace sample');
  r.completeness.traceSample = {
    sampled: 612,
    complete: 609,
    partial: 1,
    missing: 2,
    extra: 0,
    unanswered: 0,
    ratio: 609 / 612,
    mismatches: [{ traceId: 'ab'.repeat(16), spansSent: 8, spansFound: null }],
    method: 'seeded sample',
  };
  assert.match(
    formatSummaryTable([r]),
    /TRACES +tempo-otlp-grpc-10k: 612 sampled traces fetched by ID: 609 complete, 1 partial, 2 missing; e\.g\. (ab){16}: 8 spans sent, not found\n/,
  );
  r.completeness.afterRestart = true;
  assert.match(
    formatSummaryTable([r]),
    /2 missing; e\.g\. [0-9a-f]{32}: 8 spans sent, not found \(after restarting it on its data dir\)/,
  );
  // The HTML run card's completeness table says the same.
  const html = renderHtmlReport([{ kind: 'runs', results: [r] }]);
  assert.match(
    html,
    /trace sample by ID<\/th><td>612 sampled traces fetched by ID: 609 complete, 1 partial, 2 missing/,
  );
  assert.match(html, /after the backend died, on it restarted on the same data dir/);
});
