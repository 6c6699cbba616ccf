// Reading a rendered HTML report back in tests (its embedded data block and its figure cells), and
// small hand-made inputs of each kind the report reads.

import assert from 'node:assert/strict';
import type { ClaimVerdict } from '../../../src/claims/evaluate.js';

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
