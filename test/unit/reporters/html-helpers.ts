// Reading a rendered HTML report back in tests (its embedded data block and its figure cells), and
// small hand-made inputs of each kind the report reads.

import assert from 'node:assert/strict';
import type { CapacityReport } from '../../../src/capacity/run-capacity.js';
import type { JudgedStep } from '../../../src/capacity/search.js';
import type { ClaimVerdict } from '../../../src/claims/evaluate.js';
import type { CapacityComparison } from '../../../src/compare/capacity-ab.js';
import type { Comparison } from '../../../src/compare/compare.js';

interface EmbeddedData {
  kind: string;
  charts: { id: string; x: { values: number[] }; series: { values: (number | null)[] }[] }[];
  source: { kind: string; data: unknown }[];
}

/** The parsed content of the page's data block. */
export function embeddedData(html: string): EmbeddedData {
  const match = /<script type="application\/json" id="obsbench-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page has its data block');
  return JSON.parse(match[1]);
}

/** data-figure -> data-value of every figure cell (optionally of one side). */
export function pageFigures(html: string, side?: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<span class="figure" data-figure="([^"]*)"(?: data-side="([^"]*)")? data-value="([^"]*)"/g;
  for (const m of html.matchAll(re)) if (side === undefined || m[2] === side) out.set(m[1], m[3]);
  return out;
}

/** A comparison of one scenario and one figure, as compare --json writes it. */
export function comparisonFixture(): Comparison {
  const side = {
    n: 5,
    median: 20,
    min: 18,
    max: 23,
    ci95: { low: 19, high: 21, confidence: 0.94 },
    cv: 0.05,
  };
  return {
    base: '/gone/base',
    cand: '/gone/cand',
    gate: 'default',
    scenarios: [
      {
        scenario: 'scenario-x',
        baseRuns: 5,
        candRuns: 5,
        caveats: ['backend versions differ'],
        figures: [
          {
            id: 'latencyMs.p99',
            label: 'latency p99',
            unit: 'ms',
            better: 'lower',
            base: side,
            cand: { ...side, median: 30, ci95: { low: 29, high: 31, confidence: 0.94 } },
            change: { value: 0.5, low: 0.4, high: 0.6 },
            pValue: 0.008,
            minChange: 0.1,
            gated: true,
            verdict: 'worse',
            reason: 'p99 50% higher',
          },
        ],
      },
    ],
    unpaired: [],
    regressions: [{ scenario: 'scenario-x', figure: 'latencyMs.p99' }],
  };
}

/** A capacity step that ran, at `ratePerS`. */
export function capacityStep(ratePerS: number, pass: boolean): JudgedStep {
  return {
    ratePerS,
    acceptedShare: pass ? 1 : 0.9,
    achievedRatePerS: pass ? ratePerS : ratePerS * 0.9,
    p99Ms: pass ? 20 : 900,
    droppedSchedules: 0,
    harnessLimited: false,
    backendCoresAvg: 0.5,
    incompleteReason: '',
    resultPath: `steps/${ratePerS}/result.json`,
    pass,
    reason: pass ? 'sustained' : 'p99 900 ms > 100 ms',
  };
}

/** A capacity.json of the given steps (in the order run). */
export function capacityFixture(curve: JudgedStep[]): CapacityReport {
  return {
    scenario: {
      name: 'vm',
      target: 'victoriametrics',
      signal: 'metrics',
      protocol: 'otlp-http',
      sourcePath: 'vm.yaml',
    },
    backendCores: [1],
    harnessCores: [0],
    sloP99Ms: 100,
    minAcceptedShare: 0.999,
    stepDurationS: 10,
    harnessCeilingItemsPerS: 400_000,
    curve,
    stoppedBy: 'converged',
    maxSustainableRatePerS: 20_000,
    itemsPerSPerCore: 20_000,
    itemsPerCoreSecondUsed: null,
    conclusion: '20000 items/s sustained',
  };
}

/** A capacity-ab.json: three searches each, B sustaining about a fifth more. */
export function capacityAbFixture(): CapacityComparison {
  const rates = (values: number[]) => ({
    n: values.length,
    median: values[1],
    min: values[0],
    max: values[2],
    ci95: { low: values[0], high: values[2], confidence: 0.75 },
    cv: 0.05,
    values,
  });
  return {
    scenario: 'vm',
    a: {
      variant: 'as written',
      searches: 3,
      sustainedRatePerS: rates([19_000, 20_000, 21_000]),
      unsustained: 0,
    },
    b: {
      variant: 'load.batchSize=2000',
      searches: 3,
      sustainedRatePerS: rates([23_000, 24_000, 25_000]),
      unsustained: 0,
    },
    ratio: { value: 1.2, low: 1.1, high: 1.3 },
    dir: '/results/20261202-120000-capacity-ab',
  };
}

/** Claim verdicts: one measured over three runs, one not measured. */
export function verdictsFixture(): ClaimVerdict[] {
  const base = {
    stated: '>= 1000000 samples/s per core',
    unit: 'samples/s per core',
    sources: 'docs',
    conditions: '1 core',
  };
  return [
    {
      ...base,
      id: 'vm-ingest-per-core',
      statement: 'VictoriaMetrics ingests 1M samples/s per core',
      measured: 850_000,
      perCore: 850_000,
      verdict: 'fail',
      reason: 'below the stated figure',
      interval: { low: 800_000, high: 900_000, confidence: 0.75, n: 3 },
    },
    {
      ...base,
      id: 'vm-other',
      statement: 'another claim',
      measured: null,
      perCore: null,
      verdict: 'inconclusive',
      reason: 'not measured',
      interval: null,
    },
  ];
}
