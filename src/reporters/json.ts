// summary.json: the key figures of every run, for dashboards and scripts that do not want the full
// result.json of each run (the run orchestrator writes those), and each scenario's repeated runs
// summarised per decision figure (median with its interval, spread), which compare reads too.

import { type RepeatsSummary, summarizeRepeats } from '../compare/repeats.js';
import type { LatencySummary, RunResult, Verdict } from '../model/run-result.js';
import { writeResultAtomic } from '../result/write.js';
import type { ReportContext, Reporter } from './reporter.js';

const SUMMARY_FILE = 'summary.json';
/** 2: an object with runs and repeats (1 was the bare array of runs). */
const SUMMARY_VERSION = 2;

interface SummaryFile {
  summaryVersion: number;
  runs: RunKeyFigures[];
  repeats: RepeatsSummary[];
}

interface RunKeyFigures {
  scenario: string;
  scenarioHash: string;
  signal: string;
  target: string;
  protocol: string;
  seed: number;
  status: RunResult['status'];
  statusReason: string;
  startedAt: string;
  load: {
    targetRatePerS: number;
    achievedRatePerS: number;
    /** itemsAccepted / durationS, or null for a run without a measured phase. */
    acceptedRatePerS: number | null;
    itemsSent: number;
    itemsAccepted: number;
    acceptedSource: RunResult['load']['acceptedSource'];
    itemsRefused: number;
    itemsFailed: number;
    itemsLost: number;
    droppedSchedules: number;
    requests: number;
    requestsFailed: number;
    retries: number;
    rawBytes: number;
    wireBytes: number;
    durationS: number;
  };
  latencyMs: Omit<LatencySummary, 'hdrBase64'>;
  serviceTimeMs: Omit<LatencySummary, 'hdrBase64'>;
  backend: RunResult['backend'];
  harness: RunResult['harness'];
  verdicts: { passed: number; failed: number; inconclusive: number; list: Verdict[] };
}

function keyFigures(r: RunResult): RunKeyFigures {
  const { load } = r;
  return {
    scenario: r.scenario.name,
    scenarioHash: r.scenario.hash,
    signal: r.scenario.signal,
    target: r.scenario.target,
    protocol: r.scenario.protocol,
    seed: r.scenario.seed,
    status: r.status,
    statusReason: r.statusReason,
    startedAt: r.startedAt,
    load: {
      targetRatePerS: load.targetRatePerS,
      achievedRatePerS: load.achievedRatePerS,
      acceptedRatePerS: load.durationS > 0 ? load.itemsAccepted / load.durationS : null,
      itemsSent: load.itemsSent,
      itemsAccepted: load.itemsAccepted,
      acceptedSource: load.acceptedSource,
      itemsRefused: load.itemsRefused,
      itemsFailed: load.itemsFailed,
      itemsLost: load.itemsLost,
      droppedSchedules: load.droppedSchedules,
      requests: load.requests,
      requestsFailed: load.requestsFailed,
      retries: load.retries,
      rawBytes: load.rawBytes,
      wireBytes: load.wireBytes,
      durationS: load.durationS,
    },
    latencyMs: withoutHistogram(r.latencyMs),
    serviceTimeMs: withoutHistogram(r.serviceTimeMs),
    backend: { ...r.backend },
    harness: { ...r.harness },
    verdicts: {
      passed: r.verdicts.filter((v) => v.state === 'pass').length,
      failed: r.verdicts.filter((v) => v.state === 'fail').length,
      inconclusive: r.verdicts.filter((v) => v.state === 'inconclusive').length,
      list: r.verdicts,
    },
  };
}

function withoutHistogram(summary: LatencySummary): Omit<LatencySummary, 'hdrBase64'> {
  const { hdrBase64: _histogram, ...figures } = summary;
  return figures;
}

export class JsonReporter implements Reporter {
  readonly name = 'json';

  async report(results: RunResult[], ctx: ReportContext): Promise<string[]> {
    const summary: SummaryFile = {
      summaryVersion: SUMMARY_VERSION,
      runs: results.map(keyFigures),
      repeats: summarizeRepeats(results),
    };
    const body = `${JSON.stringify(summary, null, 2)}\n`;
    return [await writeResultAtomic(ctx.outDir, SUMMARY_FILE, body)];
  }
}
