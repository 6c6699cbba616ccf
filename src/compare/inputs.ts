// What compare reads: result.json files, run directories, suite directories holding run
// directories, summary.json files (their repeats keep every run's value) or baselines. Each input becomes,
// per scenario, the values of every figure over its runs and what the runs ran on, so that a
// pair measured under different conditions is shown with a caveat instead of matched silently.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { type FigureSpec, figuresOf } from '../model/figures.js';
import { LOAD_SUMMED_FIELDS, type RunResult } from '../model/run-result.js';
import { type Baseline, backendPlacementOf, backendVersionOf, machineOf } from './baseline.js';
import { groupByScenario, type RepeatsSummary } from './repeats.js';

/** One side's runs of one scenario. */
export interface ScenarioRuns {
  scenario: string;
  runs: number;
  /** Per figure id: its spec and the value of every run that measured it. */
  figures: Map<string, { spec: FigureSpec; values: number[] }>;
  /** What the runs ran: scenario hashes, backend versions, machines (cpu model x cores), backend placements. */
  hashes: Set<string>;
  backendVersions: Set<string>;
  machines: Set<string>;
  placements: Set<string>;
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

/**
 * What a field of an input document must hold: a JSON type, `a|b` for either, and a trailing `?`
 * for a field that may be absent (one older results lack, or one only some documents have).
 */
type FieldType =
  | 'number'
  | 'string'
  | 'boolean'
  | 'boolean|null'
  | 'object'
  | 'array'
  | 'number|null'
  | 'object|null'
  | 'array|null'
  | 'number?'
  | 'number|null?'
  | 'object?'
  | 'array?'
  | 'string?';

export type FieldTypes = Readonly<Record<string, FieldType>>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Checks that each dotted path of `fields` in `value` (`a.b`, `list.0`) holds its type, so that a
 * hand-edited, damaged or older document is refused in one line (E_COMPARE_INPUT) naming the file,
 * where in it (`what`, '' for the top), the field, what it holds instead and `fix`, rather than
 * failing later with a TypeError or putting a string where a page expects a number.
 */
export function checkFields(
  file: string,
  what: string,
  value: unknown,
  fields: FieldTypes,
  fix: string,
): void {
  for (const [field, type] of Object.entries(fields)) {
    let at: unknown = value;
    for (const key of field.split('.')) {
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
    }
    if (at === undefined && type.endsWith('?')) continue;
    const allowed = type.replace('?', '').split('|');
    if (allowed.includes(jsonType(at))) continue;
    const expected = allowed.map((t) => (t === 'null' ? 'null' : `${/^[ao]/.test(t) ? 'an' : 'a'} ${t}`));
    const held = at === undefined ? 'is missing' : `is ${JSON.stringify(at).slice(0, 40)}`;
    throw new ObsbenchError(
      'E_COMPARE_INPUT',
      `${file}: ${what ? `${what}: ` : ''}${field} ${held}, expected ${expected.join(' or ')}; ${fix}`,
    );
  }
}

/** `type` for each of `keys` under `prefix`. */
function typed(prefix: string, keys: string[], type: FieldType): Record<string, FieldType> {
  return Object.fromEntries(keys.map((k) => [`${prefix}${k}`, type]));
}

const LATENCY_KEYS = ['count', 'p50', 'p90', 'p99', 'p999', 'max', 'mean'];

/** The fields of a result that compare, baselines, the HTML report and publish read. */
const RESULT_FIELDS: FieldTypes = {
  ...typed('tool.', ['version', 'gitSha'], 'string'),
  ...typed('', ['status', 'statusReason', 'startedAt', 'endedAt'], 'string'),
  ...typed(
    'scenario.',
    ['name', 'hash', 'signal', 'target', 'protocol', 'encoding', 'compression', 'executor', 'sourcePath'],
    'string',
  ),
  ...typed('scenario.', ['seed', 'batchSize', 'workers'], 'number'),
  ...typed('env.', ['node', 'platform', 'cpuModel'], 'string'),
  'env.cores': 'number',
  ...typed('env.', ['harnessCores', 'backendCores'], 'array|null'),
  'env.backendCpuLimitCores': 'number|null?',
  ...typed('load.', [...LOAD_SUMMED_FIELDS, 'achievedRatePerS', 'durationS', 'warmupS'], 'number'),
  'load.acceptedSource': 'string',
  ...typed('latencyMs.', LATENCY_KEYS, 'number'),
  'latencyMs.hdrBase64': 'string',
  ...typed('serviceTimeMs.', LATENCY_KEYS, 'number'),
  'serviceTimeMs.hdrBase64': 'string',
  ...typed('backend.', ['name', 'version', 'probeNote'], 'string'),
  ...typed(
    'backend.',
    [
      'cpuSeconds',
      'coresAvg',
      'rssAvgBytes',
      'rssMaxBytes',
      'diskBytes',
      'diskBytesAtStart',
      'diskAllocatedBytes',
      'bytesPerItem',
      'compressionRatio',
      'cpuSecondsPerMillionItems',
    ],
    'number|null',
  ),
  'backend.ownStorageFigures': 'object',
  downstream: 'object?',
  'read.queries': 'object',
  'read.freshnessMs': 'number|null',
  'read.freshness': 'object?',
  ...typed('completeness.', ['verified', 'expected'], 'number'),
  'completeness.ratio': 'number|null',
  ...typed('completeness.', ['missing', 'duplicated'], 'number?'),
  ...typed('', ['timeseries', 'verdicts', 'errors'], 'array'),
  'harness.ceilingItemsPerS': 'number|null',
  'harness.wasBottleneck': 'boolean',
  'harness.scheduleLagP99Ms': 'number',
  'harness.cpuCoresAvg': 'number|null?',
};

/** The parts of a result that are lists or maps, each element checked the same way. */
const POINT_FIELDS: FieldTypes = {
  ...typed('', ['tS', 'sentPerS', 'acceptedPerS', 'failedPerS', 'latencyP99Ms'], 'number'),
  ...typed('', ['backendCpuCores', 'backendRssBytes', 'backendAcceptedPerS'], 'number?'),
};
const QUERY_FIELDS: FieldTypes = typed('', LATENCY_KEYS, 'number');
const FRESHNESS_FIELDS: FieldTypes = {
  ...typed('', ['p50Ms', 'p99Ms', 'maxMs', 'seriesVisibleMs'], 'number|null'),
  ...typed('', ['samples', 'timeouts'], 'number'),
};
const DOWNSTREAM_FIELDS: FieldTypes = {
  ...typed('', ['name', 'version', 'unit', 'note'], 'string'),
  itemsAccepted: 'number|null',
  latencyMs: 'object|null',
  'latencyMs.count': 'number?',
  'latencyMs.p99': 'number?',
};
const VERDICT_FIELDS: FieldTypes = {
  ...typed('', ['id', 'statement', 'state', 'reason'], 'string'),
  measured: 'number|null',
};
const ERROR_FIELDS: FieldTypes = { message: 'string', count: 'number' };

const RESULT_FIX = 'rerun the scenario or fix the file';

/**
 * A result document checked field by field (every field a reader uses, with its type), so that
 * compare, baselines, the HTML report and publish refuse a hand-made or damaged result.json in one
 * line naming the field, instead of a TypeError, a NaN or a string drawn into a page.
 */
/** One result.json, checked field by field as compare reads it. */
export function readResultFile(file: string): RunResult {
  return asResult(file, readJson(file));
}

function asResult(file: string, json: unknown): RunResult {
  if (!isObject(json) || typeof json.schemaVersion !== 'number' || !isObject(json.scenario)) {
    throw new ObsbenchError(
      'E_COMPARE_INPUT',
      `${file}: not an obsbench result (${basename(file)} has no schemaVersion or scenario); give a result.json, a run directory or a suite directory`,
    );
  }
  const check = (what: string, value: unknown, fields: FieldTypes): void =>
    checkFields(file, what, value, fields, RESULT_FIX);
  check('', json, RESULT_FIELDS);
  const r = json as unknown as RunResult;
  for (const [i, point] of r.timeseries.entries()) check(`timeseries[${i}]`, point, POINT_FIELDS);
  for (const [name, query] of Object.entries(r.read.queries))
    check(`read.queries.${name}`, query, QUERY_FIELDS);
  if (r.read.freshness) check('read.freshness', r.read.freshness, FRESHNESS_FIELDS);
  if (r.downstream) check('downstream', r.downstream, DOWNSTREAM_FIELDS);
  for (const [i, v] of r.verdicts.entries()) check(`verdicts[${i}]`, v, VERDICT_FIELDS);
  for (const [i, e] of r.errors.entries()) check(`errors[${i}]`, e, ERROR_FIELDS);
  return r;
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
    side.placements = new Set(ran.placements ?? []);
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
      placements: new Set(runs.map(backendPlacementOf)),
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
      placements: new Set(),
    });
  }
  if (out.size === 0) throw new ObsbenchError('E_COMPARE_INPUT', `${path}: a summary with no runs`);
  return out;
}
