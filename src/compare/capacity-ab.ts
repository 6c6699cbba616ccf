// Capacity of two variants compared: the capacity search repeated for A and B, interleaved, and
// the highest sustained rate of each reported with its spread and the ratio B / A with an interval.
// A search's answer moves from run to run like any figure, so one search of each decides nothing.

import { join } from 'node:path';
import { type CapacityOptions, runCapacity } from '../capacity/run-capacity.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import { checkCpuLimit } from '../stack/cpu-limit.js';
import { medianRatioInterval } from '../stats/bootstrap.js';
import { type AbVariant, interleavedOrder } from './ab.js';
import { type FigureSummary, summaryOf } from './repeats.js';

export interface CapacityAbOptions
  extends Omit<CapacityOptions, 'fields' | 'backendCpuLimitCores' | 'outDir'> {
  a: AbVariant;
  b: AbVariant;
  repeat: number;
  outDir: string;
  onSearch?: (variant: AbVariant, index: number, total: number) => void;
}

type RateSummary = Omit<FigureSummary, 'id' | 'unit' | 'better' | 'label'>;

export interface CapacityComparison {
  scenario: string;
  a: { variant: string; searches: number; sustainedRatePerS: RateSummary | null; unsustained: number };
  b: { variant: string; searches: number; sustainedRatePerS: RateSummary | null; unsustained: number };
  /** Median sustained rate of B over A's, with a 95% bootstrap interval; null without both. */
  ratio: { value: number; low: number; high: number } | null;
  dir: string;
}

export async function runCapacityAb(o: CapacityAbOptions): Promise<CapacityComparison> {
  // A side whose CPU limit cannot be set here fails now, not after the other side's searches.
  for (const v of [o.a, o.b])
    if (v.backendCpuLimitCores !== null) await checkCpuLimit(v.backendCpuLimitCores);
  const dir = await createResultDir(new Date(), 'capacity-ab', o.outDir);
  const found = { a: [] as (number | null)[], b: [] as (number | null)[] };
  let scenario = '';
  const order = interleavedOrder(o.repeat);
  for (const [index, side] of order.entries()) {
    if (o.signal?.aborted) break;
    const variant = side === 'a' ? o.a : o.b;
    o.onSearch?.(variant, index, order.length);
    const { report } = await runCapacity({
      ...o,
      fields: variant.fields,
      backendCpuLimitCores: variant.backendCpuLimitCores,
      outDir: join(dir, side),
    });
    scenario = report.scenario.name;
    found[side].push(report.maxSustainableRatePerS);
  }
  const side = (variant: AbVariant, rates: (number | null)[]) => {
    const measured = rates.filter((r): r is number => r !== null);
    return {
      variant: variant.description || 'as written',
      searches: rates.length,
      sustainedRatePerS: measured.length > 0 ? summaryOf(measured) : null,
      unsustained: rates.length - measured.length,
    };
  };
  const a = side(o.a, found.a);
  const b = side(o.b, found.b);
  const interval =
    a.sustainedRatePerS && b.sustainedRatePerS
      ? medianRatioInterval(a.sustainedRatePerS.values, b.sustainedRatePerS.values, { seed: 1 })
      : null;
  const comparison: CapacityComparison = {
    scenario,
    a,
    b,
    ratio: interval && { value: interval.ratio, low: interval.low, high: interval.high },
    dir,
  };
  await writeResultAtomic(dir, 'capacity-ab.json', `${JSON.stringify(comparison, null, 2)}\n`);
  return comparison;
}
