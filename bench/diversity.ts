// `obsbench bench --only diversity`: are templated requests (load.templatePoolItems: on by default
// for OTLP protobuf traces, opt-in for logs, which this part shows why) as diverse as fresh ones? In process (diversity-in-process.ts):
// distinct attribute values and log bodies per window, unique IDs, distinct request bodies and
// monotonic log times, fresh against templates. On managed VictoriaLogs and VictoriaMetrics
// (diversity-backends.ts): bytes on disk per item and the compression ratio.

import { type BackendDiversity, runBackendDiversity } from './diversity-backends.js';
import {
  DEFAULT_IN_PROCESS,
  type DiversityRow,
  type InProcessDiversity,
  itemsLabel,
  runInProcessDiversity,
} from './diversity-in-process.js';

export interface DiversityReport {
  /** Distinct items the pool holds per worker (load.templatePoolItems rounded up to whole batches). */
  poolItemsPerWorker: number;
  inProcess: InProcessDiversity;
  backends: BackendDiversity;
}

export async function runDiversityBench(): Promise<DiversityReport> {
  const o = DEFAULT_IN_PROCESS;
  const inProcess = runInProcessDiversity(o);
  const backends = await runBackendDiversity();
  return {
    poolItemsPerWorker: Math.max(2, Math.ceil(o.poolItems / o.batchSize)) * o.batchSize,
    inProcess,
    backends,
  };
}

const fmt = (x: number | null): string => (x === null ? '?' : String(x));
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

/** The summary lines of `obsbench bench` for this part. */
export function diversityText(r: DiversityReport): string[] {
  const o = r.inProcess.options;
  const lines = [
    `diversity: templates (pool ${r.poolItemsPerWorker} items per worker) against fresh generation, default shapes, ` +
      `batch ${o.batchSize}, one worker, ${itemsLabel(o.totalItems)} items at a simulated ${itemsLabel(o.ratePerS)}/s ` +
      `(in process, ${r.inProcess.elapsedS} s):`,
  ];
  for (const row of r.inProcess.rows) lines.push(`  ${inProcessLine(row)}`);
  lines.push(...poolBound(r));
  const b = r.backends;
  lines.push(
    `diversity on managed backends (constant-arrival-rate ${itemsLabel(b.ratePerS)}/s for ${b.durationS} s, ` +
      `batch ${b.batchSize}, one worker; the run's figures after the backend flushed):`,
  );
  for (const run of b.runs) {
    lines.push(
      `  ${run.backend} ${run.label}: ${run.itemsAccepted} accepted, ${run.itemsFailed} failed, ${run.rawBytesPerItem} B/item raw` +
        `${run.probeNote ? ` (${run.probeNote})` : ''}`,
    );
  }
  for (const row of b.rows) {
    lines.push(
      `  ${row.backend} ${row.protocol} ${row.figure}: A ${fmt(row.aValue)}  B ${fmt(row.bValue)}  ` +
        `B/A ${fmt(row.ratio)} (${row.rule}: ${verdict(row.met)})`,
    );
  }
  if (b.rows.some((row) => row.backend === 'victorialogs' && !row.met)) {
    lines.push(
      '  What differs in the templated records VictoriaLogs stored: past the pool, bodies, attribute values ' +
        'and log trace IDs repeat (times, in the record and in the line, are new). This is why templates are ' +
        'opt-in for logs: by default every log record is generated fresh, as before, so the default data ' +
        'VictoriaLogs stores is what it was.',
    );
  }
  return lines;
}

function inProcessLine(row: DiversityRow): string {
  return (
    `${row.signal.padEnd(7)}${row.figure}: fresh ${fmt(row.fresh)}  templates ${fmt(row.templates)}  ` +
    `ratio ${fmt(row.ratio)} (${row.rule}: ${verdict(row.met)})`
  );
}

/** What the pool size bounds, in the figures just measured. */
function poolBound(r: DiversityReport): string[] {
  const o = r.inProcess.options;
  const wide = r.inProcess.rows.filter(
    (row) => row.window === itemsLabel(o.totalItems) && row.rule.startsWith('within'),
  );
  const missed = wide
    .filter((row) => !row.met)
    .map((row) => `${row.signal} ${row.figure} x${fmt(row.ratio)}`);
  return [
    `  The pool bounds diversity: any window of up to ${r.poolItemsPerWorker} items per worker is as diverse as ` +
      'fresh generation (the pool is consecutive generator output; IDs and times are new in every request), ' +
      "but over longer windows distinct attribute values and log bodies stop growing at the pool's" +
      (missed.length > 0 ? ` (${missed.join('; ')})` : '') +
      '. Set load.templatePoolItems: 0 where every item must be new over a longer window.',
  ];
}
