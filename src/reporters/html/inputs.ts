// What `obsbench report` reads, told apart by content: result.json files, run and suite
// directories, a comparison (compare --json, an A/B's comparison.json or its directory), a
// capacity.json (or its directory) and a verdicts.json (or validate's directory). Anything else is
// refused with one line naming the file and what was expected.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CapacityReport } from '../../capacity/run-capacity.js';
import type { ClaimVerdict } from '../../claims/evaluate.js';
import { readJson, readRunResults } from '../../compare/inputs.js';
import { ObsbenchError } from '../../errors.js';
import type { RunResult } from '../../model/run-result.js';
import type { ComparisonFile, ComparisonRuns } from './comparison-page.js';
import type { HtmlInput } from './report.js';

const EXPECTED =
  'expected a result.json, a run or suite directory, a comparison.json (obsbench compare --json, ab), a capacity.json or a verdicts.json';

/** Files a directory may hold instead of runs, in the order they are looked for. */
const DIRECTORY_FILES = ['comparison.json', 'capacity.json', 'verdicts.json'];

export function readHtmlInput(path: string): HtmlInput {
  if (!existsSync(path)) throw bad(path, 'no such file or directory');
  if (statSync(path).isDirectory()) {
    const own = DIRECTORY_FILES.map((f) => join(path, f)).find((f) => existsSync(f));
    if (own) return readHtmlInput(own);
    return { kind: 'runs', results: checkedResults(path, readRunResults(path)) };
  }
  const json = readJson(path, EXPECTED);
  if (isComparison(json))
    return {
      kind: 'comparison',
      comparison: checkedComparison(path, json),
      runs: comparisonRuns(path, json),
    };
  if (isCapacity(json)) return { kind: 'capacity', report: checkedCapacity(path, json) };
  if (isVerdicts(json)) return { kind: 'validate', verdicts: json };
  if (isResult(json)) return { kind: 'runs', results: checkedResults(path, readRunResults(path)) };
  throw bad(path, `not a report input (${EXPECTED})`);
}

/** Runs read from several inputs go on one runs section; other kinds keep their own. */
export function readHtmlInputs(paths: string[]): HtmlInput[] {
  const out: HtmlInput[] = [];
  for (const path of paths) {
    const input = readHtmlInput(path);
    const previous = out.at(-1);
    if (input.kind === 'runs' && previous?.kind === 'runs') previous.results.push(...input.results);
    else out.push(input);
  }
  return out;
}

function bad(path: string, why: string): ObsbenchError {
  return new ObsbenchError('E_COMPARE_INPUT', `${path}: ${why}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isComparison(json: unknown): json is ComparisonFile {
  return (
    isObject(json) &&
    Array.isArray(json.scenarios) &&
    typeof json.base === 'string' &&
    typeof json.cand === 'string'
  );
}

function isCapacity(json: unknown): json is CapacityReport {
  return (
    isObject(json) && Array.isArray(json.curve) && isObject(json.scenario) && 'maxSustainableRatePerS' in json
  );
}

function isVerdicts(json: unknown): json is ClaimVerdict[] {
  return (
    Array.isArray(json) &&
    json.every(
      (v) =>
        isObject(v) &&
        typeof v.id === 'string' &&
        typeof v.verdict === 'string' &&
        typeof v.statement === 'string',
    )
  );
}

function isResult(json: unknown): boolean {
  return isObject(json) && typeof json.schemaVersion === 'number' && isObject(json.scenario);
}

/** Every value at these dotted paths has the type named, or the input is refused naming the first that does not. */
function requireFields(
  path: string,
  what: string,
  value: unknown,
  fields: Record<string, 'number' | 'string' | 'object' | 'array'>,
): void {
  for (const [field, type] of Object.entries(fields)) {
    let at: unknown = value;
    for (const key of field.split('.')) at = isObject(at) ? at[key] : undefined;
    const ok = type === 'array' ? Array.isArray(at) : type === 'object' ? isObject(at) : typeof at === type;
    if (!ok)
      throw bad(
        path,
        `${what}: ${field} is missing or not a${type === 'array' || type === 'object' ? 'n' : ''} ${type}; ${EXPECTED}`,
      );
  }
}

function checkedResults(path: string, results: RunResult[]): RunResult[] {
  for (const r of results) {
    requireFields(path, `result of ${r.scenario.name}`, r, {
      'tool.version': 'string',
      'env.cores': 'number',
      'load.achievedRatePerS': 'number',
      'latencyMs.count': 'number',
      'serviceTimeMs.count': 'number',
      backend: 'object',
      'read.queries': 'object',
      completeness: 'object',
      timeseries: 'array',
      verdicts: 'array',
      harness: 'object',
      errors: 'array',
    });
  }
  return results;
}

function checkedComparison(path: string, c: ComparisonFile): ComparisonFile {
  requireFields(path, 'comparison', c, { gate: 'string', unpaired: 'array', regressions: 'array' });
  for (const [i, s] of c.scenarios.entries()) {
    requireFields(path, `scenarios[${i}]`, s, { scenario: 'string', caveats: 'array', figures: 'array' });
    for (const [j, f] of s.figures.entries()) {
      requireFields(path, `scenarios[${i}].figures[${j}]`, f, {
        id: 'string',
        'base.median': 'number',
        'base.ci95.low': 'number',
        'cand.median': 'number',
        'cand.ci95.high': 'number',
        pValue: 'number',
        verdict: 'string',
      });
    }
  }
  return c;
}

function checkedCapacity(path: string, report: CapacityReport): CapacityReport {
  requireFields(path, 'capacity', report, {
    'scenario.name': 'string',
    backendCores: 'array',
    harnessCores: 'array',
    conclusion: 'string',
  });
  for (const [i, step] of report.curve.entries()) {
    requireFields(path, `curve[${i}]`, step, {
      ratePerS: 'number',
      acceptedShare: 'number',
      p99Ms: 'number',
      reason: 'string',
    });
  }
  return report;
}

/**
 * The runs of each side, from the paths the comparison names (as given, or beside the comparison
 * file: an A/B directory moved elsewhere still holds a/ and b/); null when either cannot be read.
 */
function comparisonRuns(file: string, c: ComparisonFile): ComparisonRuns | null {
  const side = (path: string): RunResult[] | null => {
    for (const candidate of [path, join(dirname(file), basename(path))]) {
      try {
        return checkedResults(candidate, readRunResults(candidate));
      } catch {
        // Not there, or not runs: try the next place.
      }
    }
    return null;
  };
  const base = side(c.base);
  const cand = side(c.cand);
  return base && cand ? { base, cand } : null;
}
