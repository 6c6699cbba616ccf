// The gate: which figures decide a comparison's exit code, and the smallest change in each that
// matters. Read from a YAML file (validated once, each error naming the field and the fix) or the
// defaults: throughput, CPU per item, peak RSS and p99 latency.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ObsbenchError } from '../errors.js';
import { figureIds, figureSpec } from '../model/figures.js';

export interface Gate {
  /** Figure id -> the smallest relative change that matters (0.05 = 5%). */
  figures: Record<string, number>;
  /** Runs each side needs before a figure can be judged better or worse. */
  minRuns: number;
  source: string;
}

export const DEFAULT_GATE: Gate = {
  figures: {
    'load.achievedRatePerS': 0.05,
    'backend.cpuSecondsPerMillionItems': 0.05,
    'backend.rssMaxBytes': 0.1,
    'latencyMs.p99': 0.1,
  },
  minRuns: 3,
  source: 'default gate',
};

/** The smallest change that matters for figures no gate names. */
export const DEFAULT_MIN_CHANGE = 0.05;

export function readGateFile(path: string): Gate {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ObsbenchError('E_COMPARE_INPUT', `--gate: cannot read ${path}`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ObsbenchError('E_COMPARE_INPUT', `${path}: not valid YAML (${why})`);
  }
  return parseGate(doc, path);
}

export function parseGate(doc: unknown, source: string): Gate {
  const fail = (field: string, message: string): never => {
    throw new ObsbenchError('E_COMPARE_INPUT', `${source}: ${field}: ${message}`);
  };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail('(top level)', 'must be a mapping with figures: { <figure>: { worse: 5% } }');
  }
  const { figures, minRuns, ...rest } = doc as Record<string, unknown>;
  for (const key of Object.keys(rest)) fail(key, 'unknown field; allowed: figures, minRuns');
  if (figures === null || typeof figures !== 'object' || Array.isArray(figures)) {
    return fail('figures', 'required: a mapping like { latencyMs.p99: { worse: 10% } }');
  }
  const out: Record<string, number> = {};
  for (const [id, rule] of Object.entries(figures as Record<string, unknown>)) {
    if (!figureSpec(id)) {
      fail(`figures.${id}`, `unknown figure; one of ${figureIds().join(', ')} or read.queries.<name>.p99`);
    }
    const worse = (rule as { worse?: unknown } | null)?.worse;
    const keys = rule !== null && typeof rule === 'object' ? Object.keys(rule) : [];
    if (keys.length !== 1 || keys[0] !== 'worse')
      fail(`figures.${id}`, 'must be { worse: <percent> }, e.g. { worse: 5% }');
    out[id] = percent(worse, `figures.${id}.worse`, fail);
  }
  if (Object.keys(out).length === 0) fail('figures', 'names no figure; a gate needs at least one');
  let runs = DEFAULT_GATE.minRuns;
  if (minRuns !== undefined) {
    if (typeof minRuns !== 'number' || !Number.isInteger(minRuns) || minRuns < 2 || minRuns > 1000) {
      fail('minRuns', `${JSON.stringify(minRuns)} is not allowed: an integer from 2 to 1000`);
    }
    runs = minRuns as number;
  }
  return { figures: out, minRuns: runs, source };
}

function percent(value: unknown, field: string, fail: (field: string, message: string) => never): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  const fraction = match ? Number(match[1]) / 100 : Number.NaN;
  if (!(fraction > 0 && fraction < 10)) {
    return fail(field, `${JSON.stringify(value)} is not allowed: a percentage above 0, like 5%`);
  }
  return fraction;
}
