// The end-of-run summary table for stdout: one fixed-width row per run, then the failed and
// inconclusive verdicts with their reasons and notes that change how to read the numbers.

import type { RunResult } from '../model/run-result.js';
import { humanCount, humanMegabytes, humanMs, traceSampleSummary } from './format.js';
import { shardLine } from './shard-line.js';

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(r: RunResult): string;
}

const SCENARIO_MAX_WIDTH = 40;

const COLUMNS: readonly Column[] = [
  { header: 'scenario', align: 'left', cell: (r) => cut(r.scenario.name, SCENARIO_MAX_WIDTH) },
  { header: 'target', align: 'left', cell: (r) => r.scenario.target },
  {
    header: 'rate/s tgt/ach',
    align: 'right',
    cell: (r) => `${humanCount(r.load.targetRatePerS)}/${humanCount(r.load.achievedRatePerS)}`,
  },
  { header: 'accepted', align: 'right', cell: (r) => humanCount(r.load.itemsAccepted) },
  { header: 'refused', align: 'right', cell: (r) => humanCount(r.load.itemsRefused) },
  { header: 'failed', align: 'right', cell: (r) => humanCount(r.load.itemsFailed) },
  { header: 'dropped', align: 'right', cell: (r) => humanCount(r.load.droppedSchedules) },
  { header: 'p50 ms', align: 'right', cell: (r) => latencyCell(r.latencyMs.count, r.latencyMs.p50) },
  { header: 'p99 ms', align: 'right', cell: (r) => latencyCell(r.latencyMs.count, r.latencyMs.p99) },
  { header: 'p999 ms', align: 'right', cell: (r) => latencyCell(r.latencyMs.count, r.latencyMs.p999) },
  {
    header: 'p99 svc ms',
    align: 'right',
    cell: (r) => latencyCell(r.serviceTimeMs.count, r.serviceTimeMs.p99),
  },
  { header: 'wire MB', align: 'right', cell: (r) => humanMegabytes(r.load.wireBytes) },
  { header: 'raw MB', align: 'right', cell: (r) => humanMegabytes(r.load.rawBytes) },
  { header: 'verdicts ok/fail', align: 'left', cell: verdictCell },
];

const LATENCY_NOTE =
  'latency: from the intended send time (coordinated omission corrected); svc: service time from the actual send; MB = 10^6 bytes';

export function formatSummaryTable(results: RunResult[]): string {
  const rows = results.map((r) => COLUMNS.map((column) => column.cell(r)));
  const widths = COLUMNS.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => row[i].length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (COLUMNS[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();

  const out: string[] = [line(COLUMNS.map((column) => column.header))];
  out.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) out.push(line(row));
  out.push('', LATENCY_NOTE);

  const backendLines = results
    .flatMap((r) => [backendLine(r), downstreamLine(r), traceSampleLine(r)])
    .filter((line) => line !== '');
  if (backendLines.length > 0) out.push('', ...backendLines);

  const notes: string[] = [];
  for (const r of results) {
    const name = r.scenario.name;
    if (r.status === 'partial')
      notes.push(`PARTIAL       ${name}: ${r.statusReason || 'run did not complete'}`);
    const spread = shardLine(r);
    if (spread !== '') notes.push(`NOTE          ${name}: ${spread}`);
    for (const verdict of r.verdicts) {
      if (verdict.state === 'fail')
        notes.push(`FAIL          ${name}: ${verdict.statement} -- ${verdict.reason}`);
      else if (verdict.state === 'inconclusive') {
        notes.push(`INCONCLUSIVE  ${name}: ${verdict.statement} -- ${verdict.reason}`);
      }
    }
    if (r.harness.wasBottleneck) {
      const ceiling =
        r.harness.ceilingItemsPerS === null ? 'unknown' : `${humanCount(r.harness.ceilingItemsPerS)} items/s`;
      notes.push(
        `NOTE          ${name}: the harness was the bottleneck (its ceiling on this machine: ${ceiling}); ` +
          'the target rate was missed because of obsbench, not the backend',
      );
    }
  }
  if (notes.length > 0) out.push('', ...notes);
  return `${out.join('\n')}\n`;
}

function latencyCell(count: number, valueMs: number): string {
  return count === 0 ? '-' : humanMs(valueMs);
}

function verdictCell(r: RunResult): string {
  let passed = 0;
  let failed = 0;
  let inconclusive = 0;
  for (const verdict of r.verdicts) {
    if (verdict.state === 'pass') passed++;
    else if (verdict.state === 'fail') failed++;
    else inconclusive++;
  }
  if (r.verdicts.length === 0) return '-';
  return inconclusive > 0 ? `${passed}/${failed} +${inconclusive} inconclusive` : `${passed}/${failed}`;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}~`;
}

/** What the probes measured of a managed backend, one line; '' when nothing was measured. */
function backendLine(r: RunResult): string {
  const b = r.backend;
  const parts: string[] = [];
  if (b.coresAvg !== null) parts.push(`${b.coresAvg.toFixed(2)} cores`);
  if (b.rssAvgBytes !== null && b.rssMaxBytes !== null) {
    parts.push(`RSS ${humanMegabytes(b.rssAvgBytes)} MB avg / ${humanMegabytes(b.rssMaxBytes)} MB peak`);
  }
  if (b.cpuSecondsPerMillionItems !== null)
    parts.push(`${b.cpuSecondsPerMillionItems.toFixed(2)} CPU s per 1M items`);
  if (b.diskBytes !== null) {
    const perItem = b.bytesPerItem === null ? '' : `, ${b.bytesPerItem.toFixed(2)} B/item`;
    const ratio = b.compressionRatio === null ? '' : `, ${b.compressionRatio.toFixed(1)}:1 vs raw OTLP`;
    parts.push(`disk ${humanMegabytes(b.diskBytes)} MB${perItem}${ratio}`);
  }
  const own = Object.entries(b.ownStorageFigures)
    .map(([key, value]) => `${key} ${Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join(', ');
  if (own) parts.push(`own: ${own}`);
  if (r.read.freshnessMs !== null) parts.push(`freshness ${humanMs(r.read.freshnessMs)} ms`);
  if (parts.length === 0) return '';
  return `BACKEND       ${r.scenario.name}: ${b.name} ${b.version}: ${parts.join('; ')}`;
}

/** The run's trace sample as the trace store returned it, one line; '' when none was checked. */
function traceSampleLine(r: RunResult): string {
  const s = r.completeness.traceSample;
  if (!s) return '';
  const after = r.completeness.afterRestart ? ' (after restarting it on its data dir)' : '';
  return `TRACES        ${r.scenario.name}: ${traceSampleSummary(s)}${after}`;
}

/** What reached the backend behind a Collector pipeline or vmagent, and the latency added on the way. */
function downstreamLine(r: RunResult): string {
  const d = r.downstream;
  if (!d) return '';
  const arrived =
    d.itemsAccepted === null ? 'not counted' : `${humanCount(d.itemsAccepted)} ${d.unit} arrived`;
  const l = d.latencyMs;
  const latency =
    l && l.count > 0
      ? `; end-to-end through the pipeline p50 ${humanMs(l.p50)} ms, p99 ${humanMs(l.p99)} ms, max ${humanMs(l.max)} ms`
      : '';
  return `DOWNSTREAM    ${r.scenario.name}: ${d.name} ${d.version}: ${arrived}${latency}`;
}
