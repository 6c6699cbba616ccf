// What compare reads: result.json files, run directories, suite directories holding run
// directories, summary.json files (their repeats keep every run's value) or baselines. Each input becomes,
// per scenario, the values of every figure over its runs and what the runs ran on, so that a
// pair measured under different conditions is shown with a caveat instead of matched silently.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { type FigureSpec, figuresOf } from '../model/figures.js';
import type { RunResult } from '../model/run-result.js';
import { type Baseline, backendVersionOf, machineOf } from './baseline.js';
import { groupByScenario, type RepeatsSummary } from './repeats.js';

/** One side's runs of one scenario. */
export interface ScenarioRuns {
  scenario: string;
  runs: number;
  /** Per figure id: its spec and the value of every run that measured it. */
  figures: Map<string, { spec: FigureSpec; values: number[] }>;
  /** What the runs ran: scenario hashes, backend versions, machines (cpu model x cores). */
  hashes: Set<string>;
  backendVersions: Set<string>;
  machines: Set<string>;
}

export interface CompareInput {
  path: string;
  byScenario: Map<string, ScenarioRuns>;
}

export function readCompareInput(path: string): CompareInput {
  if (!existsSync(path)) {
    throw new ObsbenchError('E_COMPARE_INPUT', `${path}: no such file or directory`);
  }
  const stat = statSync(path);
  if (stat.isFile()) {
    const json = readJson(path);
    if (isBaseline(json)) return { path, byScenario: fromBaseline(path, json) };
    if (isSummaryFile(json)) return { path, byScenario: fromSummary(path, json) };
    return { path, byScenario: fromResults([asResult(path, json)]) };
  }
  return { path, byScenario: fromResults(readRunResults(path)) };
}

/** The results of a result.json, a run directory or a suite directory of run directories. */
export function readRunResults(path: string): RunResult[] {
  if (!existsSync(path)) {
    throw new ObsbenchError('E_COMPARE_INPUT', `${path}: no such file or directory`);
  }
  if (statSync(path).isFile()) return [asResult(path, readJson(path))];
  const files = resultFiles(path);
  if (files.length === 0) {
    throw new ObsbenchError(
      'E_COMPARE_INPUT',
      `${path}: holds no result.json (give a run directory, a suite directory, a result.json or a summary.json)`,
    );
  }
  return files.map((file) => asResult(file, readJson(file)));
}

/** result.json of the directory itself, else of each directory directly below it. */
function resultFiles(dir: string): string[] {
  const own = join(dir, 'result.json');
  if (existsSync(own)) return [own];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name, 'result.json'))
    .filter((file) => existsSync(file))
    .sort();
}

/**
 * The parsed JSON of `file`; a file that does not parse is refused naming it, the parser's reason
 * and `fix` (what to do, or what was expected).
 */
export function readJson(file: string, fix = 'rerun the scenario or remove it'): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ObsbenchError('E_COMPARE_INPUT', `${file}: not valid JSON (${why}); ${fix}`);
  }
}

function asResult(file: string, json: unknown): RunResult {
  const r = json as Partial<RunResult> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.schemaVersion !== 'number' ||
    typeof r.scenario?.name !== 'string' ||
    typeof r.load !== 'object' ||
    typeof r.latencyMs !== 'object'
  ) {
    throw new ObsbenchError(
      'E_COMPARE_INPUT',
      `${file}: not an obsbench result (${basename(file)} lacks schemaVersion, scenario.name, load or latencyMs)`,
    );
  }
  return r as RunResult;
}

function isSummaryFile(json: unknown): json is { repeats: RepeatsSummary[]; runs: unknown[] } {
  const j = json as { summaryVersion?: unknown; repeats?: unknown } | null;
  return (
    j !== null && typeof j === 'object' && typeof j.summaryVersion === 'number' && Array.isArray(j.repeats)
  );
}

function isBaseline(json: unknown): json is Baseline {
  const j = json as { baselineVersion?: unknown; repeats?: unknown } | null;
  return (
    j !== null && typeof j === 'object' && typeof j.baselineVersion === 'number' && Array.isArray(j.repeats)
  );
}

/** A baseline reads as its summary, plus what its runs ran on. */
function fromBaseline(path: string, baseline: Baseline): Map<string, ScenarioRuns> {
  const out = fromSummary(path, { repeats: baseline.repeats, runs: [] });
  for (const [scenario, side] of out) {
    const ran = baseline.scenarios?.[scenario];
    if (!ran) continue;
    side.backendVersions = new Set(ran.backendVersions);
    side.machines = new Set(ran.machines);
  }
  return out;
}

function fromResults(results: RunResult[]): Map<string, ScenarioRuns> {
  const out = new Map<string, ScenarioRuns>();
  for (const [scenario, runs] of groupByScenario(results)) {
    const side: ScenarioRuns = {
      scenario,
      runs: runs.length,
      figures: new Map(),
      hashes: new Set(runs.map((r) => r.scenario.hash)),
      backendVersions: new Set(runs.map(backendVersionOf)),
      machines: new Set(runs.map(machineOf)),
    };
    for (const run of runs) {
      for (const { value, ...spec } of figuresOf(run)) {
        if (value === null) continue;
        const entry = side.figures.get(spec.id);
        if (entry) entry.values.push(value);
        else side.figures.set(spec.id, { spec, values: [value] });
      }
    }
    out.set(scenario, side);
  }
  return out;
}

function fromSummary(
  path: string,
  summary: { repeats: RepeatsSummary[]; runs: unknown[] },
): Map<string, ScenarioRuns> {
  const out = new Map<string, ScenarioRuns>();
  for (const repeats of summary.repeats) {
    const figures = new Map<string, { spec: FigureSpec; values: number[] }>();
    for (const [id, f] of Object.entries(repeats.figures ?? {})) {
      if (!Array.isArray(f.values)) {
        throw new ObsbenchError(
          'E_COMPARE_INPUT',
          `${path}: repeats of ${repeats.scenario}: ${id} has no values`,
        );
      }
      figures.set(id, { spec: { id, unit: f.unit, better: f.better, label: f.label }, values: f.values });
    }
    out.set(repeats.scenario, {
      scenario: repeats.scenario,
      runs: repeats.runs,
      figures,
      hashes: new Set([repeats.scenarioHash]),
      // A summary keeps no backend version or machine per run.
      backendVersions: new Set(),
      machines: new Set(),
    });
  }
  if (out.size === 0) throw new ObsbenchError('E_COMPARE_INPUT', `${path}: a summary with no runs`);
  return out;
}
