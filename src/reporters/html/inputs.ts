// What `obsbench report` reads, told apart by content: result.json files, run and suite
// directories, a comparison (compare --json, an A/B's comparison.json or its directory), a
// capacity.json (or its directory), a capacity-ab.json (capacity --a/--b, or its directory) and a
// verdicts.json (or validate's directory). Each is checked field by field with the validator
// compare uses (src/compare/inputs.ts), numbers as numbers, so a hand-edited file can neither
// crash the page nor put markup into it; anything else is refused with one line naming the file
// and what was expected.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CapacityReport } from '../../capacity/run-capacity.js';
import type { ClaimVerdict } from '../../claims/evaluate.js';
import { checkVerdicts } from '../../claims/verdicts-file.js';
import type { CapacityComparison } from '../../compare/capacity-ab.js';
import { checkFields, type FieldTypes, isObject, readJson, readRunResults } from '../../compare/inputs.js';
import { ObsbenchError } from '../../errors.js';
import type { RunResult } from '../../model/run-result.js';
import type { ComparisonFile, ComparisonRuns } from './comparison-page.js';
import type { HtmlInput } from './report.js';

const EXPECTED =
  'expected a result.json, a run or suite directory, a comparison.json (obsbench compare --json, ab), a capacity.json, a capacity-ab.json (capacity --a/--b) or a verdicts.json';

/** Files a directory may hold instead of runs, in the order they are looked for. */
const DIRECTORY_FILES = ['comparison.json', 'capacity.json', 'capacity-ab.json', 'verdicts.json'];

export function readHtmlInput(path: string): HtmlInput {
  if (!existsSync(path)) throw new ObsbenchError('E_COMPARE_INPUT', `${path}: no such file or directory`);
  if (statSync(path).isDirectory()) {
    const own = DIRECTORY_FILES.map((f) => join(path, f)).find((f) => existsSync(f));
    if (own) return readHtmlInput(own);
    return { kind: 'runs', results: readRunResults(path) };
  }
  const json = readJson(path, EXPECTED);
  if (isComparison(json))
    return {
      kind: 'comparison',
      comparison: checkedComparison(path, json),
      runs: comparisonRuns(path, json),
    };
  if (isCapacity(json)) return { kind: 'capacity', report: checkedCapacity(path, json) };
  if (isCapacityAb(json)) return { kind: 'capacity-ab', comparison: checkedCapacityAb(path, json) };
  if (isVerdicts(json)) return { kind: 'validate', verdicts: checkVerdicts(path, json) };
  if (isResult(json)) return { kind: 'runs', results: readRunResults(path) };
  throw new ObsbenchError('E_COMPARE_INPUT', `${path}: not a report input (${EXPECTED})`);
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

function isCapacityAb(json: unknown): json is CapacityComparison {
  return isObject(json) && isObject(json.a) && isObject(json.b) && 'ratio' in json && 'scenario' in json;
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

/** checkFields for one input file, with what to do about a bad one. */
function checker(path: string, fix: string): (what: string, value: unknown, fields: FieldTypes) => void {
  return (what, value, fields) => checkFields(path, what, value, fields, fix);
}

const SIDE_FIELDS: FieldTypes = {
  median: 'number',
  'ci95.low': 'number',
  'ci95.high': 'number',
};

function checkedComparison(path: string, c: ComparisonFile): ComparisonFile {
  const check = checker(path, 'write it again with obsbench compare --json (or ab), or fix the file');
  check('', c, {
    gate: 'string',
    unpaired: 'array',
    regressions: 'array',
    a: 'object?',
    'a.description': 'string?',
    b: 'object?',
    'b.description': 'string?',
  });
  for (const [i, r] of c.regressions.entries())
    check(`regressions[${i}]`, r, { scenario: 'string', figure: 'string' });
  for (const [i, s] of c.scenarios.entries()) {
    check(`scenarios[${i}]`, s, {
      scenario: 'string',
      baseRuns: 'number',
      candRuns: 'number',
      caveats: 'array',
      figures: 'array',
    });
    for (const [j, f] of s.figures.entries()) {
      const at = `scenarios[${i}].figures[${j}]`;
      check(at, f, {
        id: 'string',
        label: 'string',
        unit: 'string',
        base: 'object',
        cand: 'object',
        change: 'object|null',
        pValue: 'number',
        gated: 'boolean',
        verdict: 'string',
        reason: 'string',
      });
      check(`${at}.base`, f.base, SIDE_FIELDS);
      check(`${at}.cand`, f.cand, SIDE_FIELDS);
      if (f.change) check(`${at}.change`, f.change, { value: 'number', low: 'number', high: 'number' });
    }
  }
  return c;
}

function checkedCapacity(path: string, report: CapacityReport): CapacityReport {
  const check = checker(path, 'run obsbench capacity again, or fix the file');
  check('', report, {
    'scenario.name': 'string',
    'scenario.target': 'string',
    'scenario.signal': 'string',
    'scenario.protocol': 'string',
    'scenario.sourcePath': 'string',
    backendCores: 'array',
    harnessCores: 'array',
    sloP99Ms: 'number',
    minAcceptedShare: 'number',
    stepDurationS: 'number',
    harnessCeilingItemsPerS: 'number|null',
    maxSustainableRatePerS: 'number|null',
    itemsPerSPerCore: 'number|null',
    itemsPerCoreSecondUsed: 'number|null',
    stoppedBy: 'string',
    conclusion: 'string',
  });
  for (const [i, step] of report.curve.entries()) {
    check(`curve[${i}]`, step, {
      ratePerS: 'number',
      acceptedShare: 'number',
      achievedRatePerS: 'number',
      p99Ms: 'number',
      droppedSchedules: 'number',
      backendCoresAvg: 'number|null',
      pass: 'boolean',
      reason: 'string',
      resultPath: 'string',
    });
  }
  return report;
}

function checkedCapacityAb(path: string, c: CapacityComparison): CapacityComparison {
  const check = checker(path, 'run obsbench capacity --a/--b again, or fix the file');
  check('', c, { scenario: 'string', ratio: 'object|null', dir: 'string' });
  if (c.ratio) check('ratio', c.ratio, { value: 'number', low: 'number', high: 'number' });
  for (const side of ['a', 'b'] as const) {
    check(side, c[side], {
      variant: 'string',
      searches: 'number',
      unsustained: 'number',
      sustainedRatePerS: 'object|null',
    });
    const rate = c[side].sustainedRatePerS;
    if (rate) {
      check(`${side}.sustainedRatePerS`, rate, {
        ...SIDE_FIELDS,
        n: 'number',
        min: 'number',
        max: 'number',
        values: 'array',
      });
      check(
        `${side}.sustainedRatePerS`,
        rate,
        Object.fromEntries(rate.values.map((_, i) => [`values.${i}`, 'number'])),
      );
    }
  }
  return c;
}

/**
 * The runs of each side, from the paths the comparison names (as given, or beside the comparison
 * file: an A/B directory moved elsewhere still holds a/ and b/); null when either cannot be read.
 */
function comparisonRuns(file: string, c: ComparisonFile): ComparisonRuns | null {
  const side = (path: string): RunResult[] | null => {
    for (const candidate of [path, join(dirname(file), basename(path))]) {
      try {
        return readRunResults(candidate);
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
