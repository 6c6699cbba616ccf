// runs.csv (one row per run, flattened key figures) and timeseries.csv (one row per run-second),
// for spreadsheets and plotting. `run` (1-based position in the report) joins the two files when
// a scenario was repeated. Empty cell = not measured.

import { stringify } from 'csv-stringify/sync';
import type { RunResult } from '../model/run-result.js';
import { writeResultAtomic } from '../result/write.js';
import type { ReportContext, Reporter } from './reporter.js';

const RUNS_FILE = 'runs.csv';
const TIMESERIES_FILE = 'timeseries.csv';

type Cell = string | number | boolean | null;

// Column name -> value; one list so header and rows cannot drift apart.
const RUN_COLUMNS: readonly [string, (r: RunResult) => Cell][] = [
  ['scenario', (r) => r.scenario.name],
  ['signal', (r) => r.scenario.signal],
  ['target', (r) => r.scenario.target],
  ['protocol', (r) => r.scenario.protocol],
  ['seed', (r) => r.scenario.seed],
  ['status', (r) => r.status],
  ['startedAt', (r) => r.startedAt],
  ['durationS', (r) => r.load.durationS],
  ['targetRatePerS', (r) => r.load.targetRatePerS],
  ['achievedRatePerS', (r) => r.load.achievedRatePerS],
  ['itemsSent', (r) => r.load.itemsSent],
  ['itemsAccepted', (r) => r.load.itemsAccepted],
  ['acceptedSource', (r) => r.load.acceptedSource],
  ['itemsRefused', (r) => r.load.itemsRefused],
  ['itemsFailed', (r) => r.load.itemsFailed],
  ['itemsLost', (r) => r.load.itemsLost],
  ['droppedSchedules', (r) => r.load.droppedSchedules],
  ['requests', (r) => r.load.requests],
  ['requestsFailed', (r) => r.load.requestsFailed],
  ['retries', (r) => r.load.retries],
  ['rawBytes', (r) => r.load.rawBytes],
  ['wireBytes', (r) => r.load.wireBytes],
  ['latencyP50Ms', (r) => latency(r.latencyMs.count, r.latencyMs.p50)],
  ['latencyP90Ms', (r) => latency(r.latencyMs.count, r.latencyMs.p90)],
  ['latencyP99Ms', (r) => latency(r.latencyMs.count, r.latencyMs.p99)],
  ['latencyP999Ms', (r) => latency(r.latencyMs.count, r.latencyMs.p999)],
  ['latencyMaxMs', (r) => latency(r.latencyMs.count, r.latencyMs.max)],
  ['serviceTimeP50Ms', (r) => latency(r.serviceTimeMs.count, r.serviceTimeMs.p50)],
  ['serviceTimeP99Ms', (r) => latency(r.serviceTimeMs.count, r.serviceTimeMs.p99)],
  ['backendName', (r) => r.backend.name],
  ['backendVersion', (r) => r.backend.version],
  ['backendCpuSeconds', (r) => r.backend.cpuSeconds],
  ['backendCoresAvg', (r) => r.backend.coresAvg],
  ['backendRssAvgBytes', (r) => r.backend.rssAvgBytes],
  ['backendRssMaxBytes', (r) => r.backend.rssMaxBytes],
  ['backendDiskBytes', (r) => r.backend.diskBytes],
  ['bytesPerItem', (r) => r.backend.bytesPerItem],
  ['compressionRatio', (r) => r.backend.compressionRatio],
  ['cpuSecondsPerMillionItems', (r) => r.backend.cpuSecondsPerMillionItems],
  ['harnessCeilingItemsPerS', (r) => r.harness.ceilingItemsPerS],
  ['harnessWasBottleneck', (r) => r.harness.wasBottleneck],
  ['verdictsPassed', (r) => countVerdicts(r, 'pass')],
  ['verdictsFailed', (r) => countVerdicts(r, 'fail')],
  ['verdictsInconclusive', (r) => countVerdicts(r, 'inconclusive')],
];

export const RUNS_CSV_HEADER: readonly string[] = ['run', ...RUN_COLUMNS.map(([name]) => name)];
export const TIMESERIES_CSV_HEADER: readonly string[] = [
  'run',
  'scenario',
  'tS',
  'sentPerS',
  'acceptedPerS',
  'failedPerS',
  'latencyP99Ms',
  'backendCpuCores',
  'backendRssBytes',
];

function latency(count: number, valueMs: number): number | null {
  return count === 0 ? null : valueMs;
}

function countVerdicts(r: RunResult, state: RunResult['verdicts'][number]['state']): number {
  let count = 0;
  for (const verdict of r.verdicts) if (verdict.state === state) count++;
  return count;
}

// csv-stringify writes null as an empty cell and booleans as '1' / ''; spell booleans out.
const CSV_OPTIONS = { cast: { boolean: (value: boolean) => String(value) } } as const;

export function runsCsv(results: readonly RunResult[]): string {
  const rows: Cell[][] = [RUNS_CSV_HEADER as string[]];
  results.forEach((r, i) => {
    rows.push([i + 1, ...RUN_COLUMNS.map(([, value]) => value(r))]);
  });
  return stringify(rows, CSV_OPTIONS);
}

export function timeseriesCsv(results: readonly RunResult[]): string {
  const rows: Cell[][] = [TIMESERIES_CSV_HEADER as string[]];
  results.forEach((r, i) => {
    for (const p of r.timeseries) {
      rows.push([
        i + 1,
        r.scenario.name,
        p.tS,
        p.sentPerS,
        p.acceptedPerS,
        p.failedPerS,
        p.latencyP99Ms,
        p.backendCpuCores ?? null,
        p.backendRssBytes ?? null,
      ]);
    }
  });
  return stringify(rows, CSV_OPTIONS);
}

export class CsvReporter implements Reporter {
  readonly name = 'csv';

  async report(results: RunResult[], ctx: ReportContext): Promise<string[]> {
    return [
      await writeResultAtomic(ctx.outDir, RUNS_FILE, runsCsv(results)),
      await writeResultAtomic(ctx.outDir, TIMESERIES_FILE, timeseriesCsv(results)),
    ];
  }
}
