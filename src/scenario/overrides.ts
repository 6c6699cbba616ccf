// CLI overrides (--duration, --rate, --seed ...) applied to the raw document before validation,
// so an overridden value is checked by the same rules, and errors say it came from an override.

import { EXECUTORS, type Executor } from '../model/scenario.js';
import { DEFAULT_EXECUTOR } from './defaults.js';
import { durationToS } from './duration.js';
import { formatPath, type Problem } from './problem.js';

export interface ScenarioOverrides {
  /**
   * Measured duration, seconds. Sets load.duration for constant-arrival-rate and max-throughput;
   * scales every stage or step proportionally for the staged executors.
   */
  durationS?: number;
  /** items/s. Sets load.rate for constant-arrival-rate; scales a staged plan so its peak is this. */
  ratePerS?: number;
  seed?: number;
  warmupS?: number;
  repeat?: number;
  workers?: number;
  batchSize?: number;
  /** Sets target.endpoint (keeping the target kind). */
  endpoint?: string;
  /**
   * Any field, by its path in the scenario file (`load.batchSize`, `target.pipeline`), applied
   * last; the value as YAML would read it. Validated like the file, the error naming `origin`.
   */
  fields?: readonly FieldOverride[];
}

export interface FieldOverride {
  path: readonly string[];
  value: unknown;
  /** What set it, for error messages ("--set load.batchSize"). */
  origin: string;
}

export interface OverriddenDocument {
  document: unknown;
  /** formatPath(path) -> "set by override <name>", for error messages. */
  origins: Map<string, string>;
  /** Overrides that are unusable whatever the document says (negative duration ...). */
  problems: Problem[];
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function applyOverrides(
  document: unknown,
  overrides: ScenarioOverrides | undefined,
): OverriddenDocument {
  const origins = new Map<string, string>();
  const problems: Problem[] = [];
  if (overrides == null || !isPlainObject(document)) return { document, origins, problems };
  for (const field of ['durationS', 'ratePerS'] as const) {
    const value = overrides[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      problems.push({
        path: ['overrides', field],
        kind: 'value',
        input: value,
        message: `must be a number > 0 (${field === 'durationS' ? 'seconds' : 'items per second'})`,
      });
    }
  }
  if (problems.length > 0) return { document, origins, problems };

  const doc: PlainObject = { ...document };
  const set = (target: PlainObject, path: (string | number)[], value: unknown, name: string) => {
    target[path[path.length - 1]] = value;
    origins.set(formatPath(path), `set by override ${name}`);
  };
  if (overrides.seed !== undefined) set(doc, ['seed'], overrides.seed, 'seed');
  if (overrides.repeat !== undefined) set(doc, ['repeat'], overrides.repeat, 'repeat');
  if (overrides.endpoint !== undefined) {
    const target = isPlainObject(doc.target) ? { ...doc.target } : { kind: doc.target ?? 'sink' };
    doc.target = target;
    set(target, ['target', 'endpoint'], overrides.endpoint, 'endpoint');
  }

  const loadFields = overrides.durationS !== undefined || overrides.ratePerS !== undefined;
  const otherLoad =
    overrides.warmupS !== undefined || overrides.workers !== undefined || overrides.batchSize !== undefined;
  if ((loadFields || otherLoad) && (doc.load === undefined || isPlainObject(doc.load))) {
    const load: PlainObject = { ...((doc.load as PlainObject | undefined) ?? {}) };
    doc.load = load;
    if (overrides.warmupS !== undefined) set(load, ['load', 'warmup'], overrides.warmupS, 'warmupS');
    if (overrides.workers !== undefined) set(load, ['load', 'workers'], overrides.workers, 'workers');
    if (overrides.batchSize !== undefined) set(load, ['load', 'batchSize'], overrides.batchSize, 'batchSize');
    const executor = load.executor ?? DEFAULT_EXECUTOR;
    // An unknown executor is left for validation to report.
    if (loadFields && EXECUTORS.includes(executor as Executor)) {
      applyPlanOverrides(load, executor as Executor, overrides, origins);
    }
  }
  for (const field of overrides.fields ?? []) setField(doc, field, origins);
  return { document: doc, origins, problems };
}

/** Sets one field by path, copying the objects on the way (a string target becomes { kind }). */
function setField(doc: PlainObject, field: FieldOverride, origins: Map<string, string>): void {
  let node = doc;
  for (let i = 0; i < field.path.length - 1; i++) {
    const key = field.path[i];
    const child = node[key];
    const copy: PlainObject = isPlainObject(child)
      ? { ...child }
      : key === 'target' && typeof child === 'string'
        ? { kind: child }
        : {};
    node[key] = copy;
    node = copy;
  }
  node[field.path[field.path.length - 1]] = field.value;
  origins.set(formatPath(field.path), `set by ${field.origin}`);
}

function applyPlanOverrides(
  load: PlainObject,
  executor: Executor,
  overrides: ScenarioOverrides,
  origins: Map<string, string>,
): void {
  if (executor === 'constant-arrival-rate' || executor === 'max-throughput') {
    if (overrides.durationS !== undefined) {
      load.duration = overrides.durationS;
      origins.set('load.duration', 'set by override durationS');
    }
    if (overrides.ratePerS !== undefined) {
      load.rate = overrides.ratePerS;
      origins.set('load.rate', 'set by override ratePerS');
    }
    return;
  }
  const planField = executor === 'steps' ? 'steps' : 'stages';
  const rateField = executor === 'steps' ? 'rate' : 'target';
  const plan = load[planField];
  if (!Array.isArray(plan) || !plan.every(isPlainObject)) return;
  const parts = plan.map((part) => ({ ...part }));
  if (overrides.durationS !== undefined) {
    const durationsS = parts.map((part) => durationToS(part.duration));
    const totalS = durationsS.reduce<number>((sum, s) => sum + (s ?? Number.NaN), 0);
    if (Number.isFinite(totalS) && totalS > 0) {
      const factor = overrides.durationS / totalS;
      parts.forEach((part, i) => {
        part.duration = Math.round((durationsS[i] as number) * factor * 1e6) / 1e6;
        origins.set(`load.${planField}[${i}].duration`, 'scaled by override durationS');
      });
    }
  }
  if (overrides.ratePerS !== undefined) {
    const startRate = executor === 'ramping-arrival-rate' ? (load.startRate ?? 0) : 0;
    const rates = [startRate, ...parts.map((part) => part[rateField])];
    if (rates.every((r) => typeof r === 'number' && Number.isFinite(r))) {
      const peak = Math.max(...(rates as number[]));
      if (peak > 0) {
        const factor = overrides.ratePerS / peak;
        const scale = (r: number) => Math.round(r * factor * 1000) / 1000;
        parts.forEach((part, i) => {
          part[rateField] = scale(part[rateField] as number);
          origins.set(`load.${planField}[${i}].${rateField}`, 'scaled by override ratePerS');
        });
        if (executor === 'ramping-arrival-rate' && load.startRate !== undefined) {
          load.startRate = scale(startRate as number);
          origins.set('load.startRate', 'scaled by override ratePerS');
        }
      }
    }
  }
  load[planField] = parts;
}
