// An A/B on this machine: the same scenario in two variants, run interleaved (A B B A A B ...) so
// that whatever drifts on the machine over the session hits both sides alike, then compared.
// Each variant's runs land in <dir>/a and <dir>/b, the comparison beside them.

import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import type { Scenario } from '../model/scenario.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import { checkBackendPlacement } from '../run/backend-placement.js';
import { type RunOptions, runScenario } from '../run/run-scenario.js';
import { type FieldOverride, loadScenarios } from '../scenario/index.js';
import { type Comparison, compareInputs } from './compare.js';
import type { Gate } from './gate.js';
import { readCompareInput } from './inputs.js';

export interface AbVariant {
  /** "a" or "b", also the directory of its runs. */
  side: 'a' | 'b';
  /** How it differs from the scenario as written, for the report ("" when it does not). */
  description: string;
  fields: readonly FieldOverride[];
  /** Cores a managed backend is pinned to in this variant, or null. */
  backendCores: number[] | null;
  /** A managed backend's CPU quota in cores in this variant, or null. */
  backendCpuLimitCores: number | null;
  /** Another file of the same scenario (main's version of it, say) instead of the shared one. */
  scenarioPath?: string;
}

export interface AbOptions {
  scenarioPath: string;
  a: AbVariant;
  b: AbVariant;
  /** Runs per variant. */
  repeat: number;
  gate: Gate;
  outDir: string;
  ceilingS: number;
  signal?: AbortSignal;
  onRun?: (variant: AbVariant, index: number, total: number) => void;
  onProgress?: RunOptions['onProgress'];
}

export interface AbOutcome {
  dir: string;
  comparison: Comparison;
  /** Runs that finished per side (fewer than asked when interrupted). */
  runs: { a: number; b: number };
}

/** A B, then B A, and so on: each side goes first as often as the other. */
export function interleavedOrder(repeat: number): ('a' | 'b')[] {
  const order: ('a' | 'b')[] = [];
  for (let i = 0; i < repeat; i++)
    order.push(...(i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)));
  return order;
}

export async function runAb(o: AbOptions): Promise<AbOutcome> {
  const scenarios = {
    a: await variantScenario(o.a.scenarioPath ?? o.scenarioPath, o.a),
    b: await variantScenario(o.b.scenarioPath ?? o.scenarioPath, o.b),
  };
  if (scenarios.a.name !== scenarios.b.name) {
    throw new ObsbenchError(
      'E_USAGE',
      `ab: A runs scenario ${scenarios.a.name} and B ${scenarios.b.name}; an A/B compares two variants of one scenario (give both files the same name)`,
    );
  }
  for (const side of ['a', 'b'] as const) {
    const v = o[side];
    await checkBackendPlacement(
      [scenarios[side]],
      { cores: v.backendCores, cpuLimitCores: v.backendCpuLimitCores },
      { cores: `--${side} backend-cores`, cpuLimit: `--${side} backend-cpu-limit` },
    );
  }
  const dir = await createResultDir(new Date(), `${scenarios.a.name}-ab`, o.outDir);
  const order = interleavedOrder(o.repeat);
  const runs = { a: 0, b: 0 };
  for (const [index, side] of order.entries()) {
    if (o.signal?.aborted) break;
    const variant = side === 'a' ? o.a : o.b;
    o.onRun?.(variant, index, order.length);
    const run = await runScenario(scenarios[side], {
      outDir: join(dir, side),
      ceilingS: o.ceilingS,
      backendCores: variant.backendCores,
      backendCpuLimitCores: variant.backendCpuLimitCores,
      signal: o.signal,
      onProgress: o.onProgress,
    });
    if (run.result.status === 'complete') runs[side]++;
  }
  if (runs.a === 0 || runs.b === 0) {
    throw new ObsbenchError(
      'E_USAGE',
      `ab: no comparison: ${runs.a} complete run(s) of A and ${runs.b} of B (results in ${dir})`,
    );
  }
  const comparison = compareInputs(
    readCompareInput(join(dir, 'a')),
    readCompareInput(join(dir, 'b')),
    o.gate,
    {
      expectOtherScenario: true,
    },
  );
  await writeResultAtomic(
    dir,
    'comparison.json',
    `${JSON.stringify({ a: o.a, b: o.b, ...comparison }, null, 2)}\n`,
  );
  return { dir, comparison, runs };
}

async function variantScenario(path: string, variant: AbVariant): Promise<Scenario> {
  const scenarios = await loadScenarios(path, { fields: variant.fields });
  if (scenarios.length !== 1) {
    throw new ObsbenchError(
      'E_USAGE',
      `ab: ${path} holds ${scenarios.length} scenarios; an A/B takes one scenario file`,
    );
  }
  return scenarios[0];
}
