// Reading a rendered HTML report back in tests: its embedded data block and its figure cells.

import assert from 'node:assert/strict';

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
