// Does template replay change what a backend stores? Each case is two `obsbench run`s of one
// scenario against a managed backend (started by the run on free loopback ports, flushed, its
// data dir measured, then stopped and removed), differing in one setting; the figures are the
// run's own bytes on disk per item and compression ratio (raw OTLP bytes / bytes on disk) after
// the flush, and their ratio B / A, met within ±5%.
//   VictoriaLogs, OTLP/HTTP logs: templatePoolItems 0 (every record fresh, the logs default) against
//   the traces' default pool size.
//   VictoriaMetrics, remote write: nothing in the data differs between today's encoding and the
//   label cache (the bytes are identical), so the same scenario and seed twice: the ratio is the
//   run-to-run noise of the on-disk figure, the yardstick for the VictoriaLogs ratio.

import type { RunResult } from '../src/model/run-result.js';
import { DEFAULT_LOAD } from '../src/scenario/defaults.js';
import { requireInstalled } from '../src/stack/installed.js';
import { runScenarioProcess } from './child-run.js';
import { DIVERSITY_TOLERANCE, ratioOf, withinTolerance } from './diversity-rule.js';

/** The load of every backend run: modest, and past several passes of the default pool. */
const RATE_PER_S = 50_000;
const DURATION_S = 20;
const WARMUP_S = 2;
const BATCH_SIZE = 1000;
/** A run's load, the backend's start, flush and disk settling, with room to spare. */
const RUN_TIMEOUT_S = 180;

export interface BackendRunFigures {
  backend: string;
  label: string;
  itemsAccepted: number;
  itemsFailed: number;
  achievedRatePerS: number;
  /** Bytes the data dir grew by, per item accepted in every phase. */
  bytesPerItem: number | null;
  /** Raw OTLP protobuf bytes accepted / bytes the data dir grew by. */
  compressionRatio: number | null;
  rawBytesPerItem: number;
  /** The backend's own storage figures from its /metrics (RunResult backend.ownStorageFigures). */
  ownStorage: Record<string, number>;
  probeNote: string;
}

export interface BackendDiversityRow {
  backend: 'victorialogs' | 'victoriametrics';
  protocol: string;
  /** The run's figures from the data dir, or the backend's own (its /metrics, named after 'own '). */
  figure: string;
  a: string;
  aValue: number | null;
  b: string;
  bValue: number | null;
  /** b / a. */
  ratio: number | null;
  rule: string;
  met: boolean;
}

export interface BackendDiversity {
  ratePerS: number;
  durationS: number;
  batchSize: number;
  runs: BackendRunFigures[];
  rows: BackendDiversityRow[];
}

interface BackendCase {
  backend: 'victorialogs' | 'victoriametrics';
  binary: string;
  protocol: string;
  /** Scenario lines besides name, target, protocol and load. */
  body: string;
  /** The backend's own storage figure compared beside the data dir's (a key of ownStorageFigures). */
  ownFigure: string;
  a: { label: string; load: string };
  b: { label: string; load: string };
}

export const BACKEND_CASES: readonly BackendCase[] = [
  {
    backend: 'victorialogs',
    binary: 'victoria-logs',
    protocol: 'otlp-http',
    body: 'signal: logs\ncompression: gzip\n',
    // Uncompressed / compressed bytes of its stored blocks: the column data without indexes and blooms.
    ownFigure: 'compressionRatio',
    a: { label: 'templatePoolItems 0 (every record fresh)', load: 'templatePoolItems: 0' },
    b: {
      label: `templatePoolItems ${DEFAULT_LOAD.templatePoolItems} (the traces' default pool)`,
      load: `templatePoolItems: ${DEFAULT_LOAD.templatePoolItems}`,
    },
  },
  {
    backend: 'victoriametrics',
    binary: 'victoria-metrics',
    protocol: 'prometheus-remote-write',
    // The shape of scenarios/victoriametrics-metrics-prometheus-remote-write.yaml.
    body: 'signal: metrics\ncompression: snappy\nshape: { series: 20000, metricNames: 100, kinds: { gauge: 0.5, sum: 0.5 } }\n',
    ownFigure: 'storageBytesPerSample',
    a: { label: 'run 1 (seed 1)', load: '' },
    b: { label: 'run 2 (same scenario and seed)', load: '' },
  },
];

/** The scenario of one run: a managed backend at a fixed rate, one worker. */
export function backendScenarioYaml(c: BackendCase, side: 'a' | 'b'): string {
  const extra = c[side].load;
  return (
    `name: diversity-${c.backend}-${side}\n` +
    `target: { kind: ${c.backend}, managed: true }\n` +
    `protocol: ${c.protocol}\n` +
    c.body +
    'seed: 1\n' +
    'load:\n' +
    '  executor: constant-arrival-rate\n' +
    `  rate: ${RATE_PER_S}\n` +
    `  duration: ${DURATION_S}s\n` +
    `  warmup: ${WARMUP_S}s\n` +
    `  batchSize: ${BATCH_SIZE}\n` +
    '  workers: 1\n' +
    (extra === '' ? '' : `  ${extra}\n`)
  );
}

function figuresOf(backend: string, label: string, r: RunResult): BackendRunFigures {
  const accepted = r.load.itemsAccepted;
  return {
    backend,
    label,
    itemsAccepted: accepted,
    itemsFailed: r.load.itemsFailed,
    achievedRatePerS: Math.round(r.load.achievedRatePerS),
    bytesPerItem: round3(r.backend.bytesPerItem),
    compressionRatio: round3(r.backend.compressionRatio),
    rawBytesPerItem: accepted > 0 ? Math.round(r.load.rawBytes / accepted) : 0,
    ownStorage: r.backend.ownStorageFigures,
    probeNote: r.backend.probeNote,
  };
}

function round3(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}

/** The rows of a case, B against A: bytes on disk per item, compression ratio, the backend's own figure. */
export function backendRows(
  c: Pick<BackendCase, 'backend' | 'protocol' | 'ownFigure'>,
  a: BackendRunFigures,
  b: BackendRunFigures,
): BackendDiversityRow[] {
  const row = (figure: string, aValue: number | null, bValue: number | null): BackendDiversityRow => {
    const ratio = ratioOf(aValue, bValue);
    return {
      backend: c.backend,
      protocol: c.protocol,
      figure,
      a: a.label,
      aValue,
      b: b.label,
      bValue,
      ratio,
      rule: `within ±${DIVERSITY_TOLERANCE * 100}% of A`,
      met: withinTolerance(ratio),
    };
  };
  return [
    row('bytes on disk per item', a.bytesPerItem, b.bytesPerItem),
    row('compression ratio (raw / disk)', a.compressionRatio, b.compressionRatio),
    row(`own ${c.ownFigure}`, ownOf(a, c.ownFigure), ownOf(b, c.ownFigure)),
  ];
}

function ownOf(run: BackendRunFigures, name: string): number | null {
  const value = run.ownStorage[name];
  return value === undefined ? null : round3(value);
}

export async function runBackendDiversity(): Promise<BackendDiversity> {
  // Fails with the command that installs them: no silent skip.
  for (const c of BACKEND_CASES) requireInstalled(c.binary);
  const runs: BackendRunFigures[] = [];
  const rows: BackendDiversityRow[] = [];
  for (const c of BACKEND_CASES) {
    const run = async (side: 'a' | 'b'): Promise<BackendRunFigures> =>
      figuresOf(
        c.backend,
        c[side].label,
        await runScenarioProcess(backendScenarioYaml(c, side), null, RUN_TIMEOUT_S),
      );
    const a = await run('a');
    const b = await run('b');
    runs.push(a, b);
    rows.push(...backendRows(c, a, b));
  }
  return { ratePerS: RATE_PER_S, durationS: DURATION_S, batchSize: BATCH_SIZE, runs, rows };
}
