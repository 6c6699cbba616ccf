// The runs page: one section per run (a single run, a suite, repeats), each with its key figures,
// verdicts, charts (throughput, p99 per second, percentile distribution, backend usage), the read
// path, completeness and the conditions it ran under. Repeats of a scenario are listed first.

import { figuresOf } from '../../model/figures.js';
import type { RunResult } from '../../model/run-result.js';
import { humanCount, traceSampleSummary } from '../format.js';
import { shardLine } from '../shard-line.js';
import { type ChartSpec, runCharts } from './chart-spec.js';
import { badge, type Cell, chartBox, count, esc, figureCell, keyValues, ms, table } from './markup.js';

/** The sections for `results`; ids are prefixed with `prefix` so several inputs can share a page. */
export function runsSections(results: RunResult[], prefix = 'run'): { body: string; charts: ChartSpec[] } {
  const charts: ChartSpec[] = [];
  const sections = results.map((r, i) => {
    const id = `${prefix}-${i}`;
    const drawn = runCharts(r, id);
    charts.push(...drawn.charts);
    return runSection(r, id, drawn.charts, drawn.notes);
  });
  const overview = results.length > 1 ? overviewTable(results, prefix) : '';
  return { body: overview + sections.join('\n'), charts };
}

function overviewTable(results: RunResult[], prefix: string): string {
  const rows = results.map((r, i): Cell[] => [
    { html: `<a href="#${prefix}-${i}">${esc(r.scenario.name)}</a>` },
    badge(r.status),
    `${humanCount(r.load.targetRatePerS)} / ${humanCount(r.load.achievedRatePerS)}`,
    r.latencyMs.count > 0 ? ms(r.latencyMs.p99) : '-',
    verdictCounts(r),
  ]);
  return `<section class="card"><h2>Runs</h2>${table(['scenario', 'status', 'items/s target / achieved', 'p99', 'verdicts'], rows)}</section>`;
}

function verdictCounts(r: RunResult): string {
  const n = (state: string): number => r.verdicts.filter((v) => v.state === state).length;
  return `${n('pass')} pass, ${n('fail')} fail, ${n('inconclusive')} inconclusive`;
}

function runSection(r: RunResult, id: string, charts: ChartSpec[], notes: string[]): string {
  const s = r.scenario;
  const line = `${s.target} · ${s.signal} over ${s.protocol} (${s.encoding}, ${s.compression}) · ${s.executor}, ${humanCount(r.load.targetRatePerS)} items/s for ${r.load.durationS} s · backend ${r.backend.name} ${r.backend.version}`;
  const partial =
    r.status === 'partial'
      ? `<p class="alert">Partial run: ${esc(r.statusReason || 'it did not complete')}</p>`
      : '';
  const spread = shardLine(r);
  const bottleneck = r.harness.wasBottleneck
    ? `<p class="alert">The harness, not the backend, limited this run (its ceiling here: ${esc(count(r.harness.ceilingItemsPerS))} items/s).</p>`
    : '';
  return `<section class="card run" id="${esc(id)}">
<h2>${esc(s.name)} ${badge(r.status).html}</h2>
<p class="sub">${esc(line)}</p>
${spread === '' ? '' : `<p class="sub">${esc(spread)}</p>`}
${partial}${bottleneck}
<div class="cols">
<div><h3>Key figures</h3>${figureTable(r, id)}</div>
<div><h3>Thresholds and claims</h3>${verdictTable(r)}<h3>Completeness</h3>${completeness(r)}</div>
</div>
<div class="charts">${charts.map((c) => chartBox(c.id, c.title)).join('\n')}</div>
${notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<p class="note">The result keeps latency per second as p99 only; the run's p50, p90 and p99.9 are in the key figures and the distribution.</p>
<div class="cols">
<div><h3>Read path</h3>${readPath(r)}</div>
<div><h3>Conditions</h3>${conditions(r)}</div>
</div>
</section>`;
}

function figureTable(r: RunResult, id: string): string {
  const rows = figuresOf(r).map((f): Cell[] => [
    f.label,
    figureCell(f.id, f.value, f.unit),
    {
      html:
        f.better === 'higher'
          ? '<span title="higher is better">↑</span>'
          : '<span title="lower is better">↓</span>',
    },
  ]);
  return table(['figure', 'value', 'better'], rows, ` class="figures" data-run="${esc(id)}"`);
}

function verdictTable(r: RunResult): string {
  if (r.verdicts.length === 0)
    return '<p class="note">No thresholds were set (the scenario has no expect:).</p>';
  const rows = r.verdicts.map((v): Cell[] => [badge(v.state), v.statement, v.reason]);
  return table(['verdict', 'statement', 'reason'], rows);
}

function completeness(r: RunResult): string {
  const c = r.completeness;
  const l = r.load;
  return keyValues([
    [
      'sent / accepted',
      `${humanCount(l.itemsSent)} / ${humanCount(l.itemsAccepted)} (from ${l.acceptedSource})`,
    ],
    [
      'refused / failed / lost',
      `${humanCount(l.itemsRefused)} / ${humanCount(l.itemsFailed)} / ${humanCount(l.itemsLost)}`,
    ],
    ['dropped schedules', `${humanCount(l.droppedSchedules)} (${humanCount(l.droppedItems)} items)`],
    ['verified / expected', `${humanCount(c.verified)} / ${humanCount(c.expected)} (${c.method})`],
    ['missing', count(c.missing)],
    ['duplicated', count(c.duplicated)],
    ...(c.traceSample ? [['trace sample by ID', traceSampleSummary(c.traceSample)] as [string, Cell]] : []),
    ...(c.afterRestart
      ? [['checked', 'after the backend died, on it restarted on the same data dir'] as [string, Cell]]
      : []),
    ...(l.acceptedSourceNote ? [['accepted source', l.acceptedSourceNote] as [string, Cell]] : []),
  ]);
}

function readPath(r: RunResult): string {
  const names = Object.keys(r.read.queries).sort();
  const f = r.read.freshness;
  const note = r.read.note ? `<p class="note">${esc(r.read.note)}</p>` : '';
  if (names.length === 0 && !f && r.read.freshnessMs === null) {
    return `<p class="note">Neither read queries nor freshness were measured in this run.</p>${note}`;
  }
  const queries =
    names.length === 0
      ? '<p class="note">No read queries were run.</p>'
      : table(
          ['query', 'count', 'p50', 'p99', 'max'],
          names.map((name) => {
            const q = r.read.queries[name];
            return [name, count(q.count), ms(q.p50), ms(q.p99), ms(q.max)];
          }),
          ' class="nums"',
        );
  const freshness = f
    ? keyValues([
        ['freshness p50 / p99 / max', `${ms(f.p50Ms)} / ${ms(f.p99Ms)} / ${ms(f.maxMs)}`],
        ['canaries / timeouts', `${f.samples} / ${f.timeouts}`],
        ['first canary (new series) visible', ms(f.seriesVisibleMs)],
      ])
    : keyValues([['freshness (median)', ms(r.read.freshnessMs)]]);
  return queries + freshness + note;
}

function conditions(r: RunResult): string {
  const e = r.env;
  const cores = (list: number[] | null): string => (list === null ? 'not pinned' : list.join(','));
  const h = r.harness;
  const rows: [string, Cell][] = [
    ['obsbench', `${r.tool.version} (${r.tool.gitSha || 'no git sha'})`],
    ['status', r.status === 'complete' ? 'complete' : `partial: ${r.statusReason}`],
    ['started / ended', `${r.startedAt} / ${r.endedAt}`],
    ['backend', `${r.backend.name} ${r.backend.version}`],
    ['machine', `${e.cpuModel} × ${e.cores}, ${e.platform}, node ${e.node}`],
    ['harness cores', cores(e.harnessCores)],
    ['backend cores', cores(e.backendCores)],
    ['backend CPU limit', e.backendCpuLimitCores ? `${e.backendCpuLimitCores} cores` : 'none'],
    [
      'harness ceiling',
      h.ceilingItemsPerS === null
        ? h.ceilingMethod || 'not measured'
        : `${humanCount(h.ceilingItemsPerS)} items/s (${h.ceilingMethod})`,
    ],
    ['harness was the bottleneck', h.wasBottleneck ? 'yes' : 'no'],
    ['schedule lag p99', ms(h.scheduleLagP99Ms)],
    [
      'harness CPU',
      h.cpuCoresAvg == null ? 'not measured' : `${h.cpuCoresAvg.toFixed(2)} cores (measured phase)`,
    ],
    ['scenario', `${r.scenario.sourcePath} (hash ${r.scenario.hash}, seed ${r.scenario.seed})`],
    ['batch / workers', `${r.scenario.batchSize} items / ${r.scenario.workers} workers`],
  ];
  if (r.backend.probeNote) rows.push(['backend note', r.backend.probeNote]);
  if (r.downstream) {
    const d = r.downstream;
    rows.push([
      'downstream',
      `${d.name} ${d.version}: ${count(d.itemsAccepted)} ${d.unit} accepted${d.note ? ` (${d.note})` : ''}`,
    ]);
  }
  for (const error of r.errors) rows.push(['error', `${error.count} × ${error.message}`]);
  return keyValues(rows);
}
