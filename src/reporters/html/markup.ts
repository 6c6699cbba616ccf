// HTML building blocks for the report pages: escaping (every text that comes from a result goes
// through `esc`), tables, verdict badges and figure values with their machine-readable twin.

import { humanCount, humanMegabytes, humanMs } from '../format.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and quoted attribute values. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A cell: already-escaped HTML, or a plain value that will be escaped. */
export type Cell = { html: string } | string | number;

function cellHtml(cell: Cell): string {
  return typeof cell === 'object' ? cell.html : esc(cell);
}

/** A table in a horizontally scrolling box, so a wide table never widens the page on a phone. */
export function table(headers: string[], rows: Cell[][], attrs = ''): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cellHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table${attrs}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Rows of label / value pairs (conditions, completeness). */
export function keyValues(rows: [string, Cell][]): string {
  const body = rows
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${cellHtml(v)}</td></tr>`)
    .join('\n');
  return `<div class="scroll"><table class="kv"><tbody>\n${body}\n</tbody></table></div>`;
}

/** A coloured verdict word: pass / fail / inconclusive, better / worse / same. */
export function badge(verdict: string): { html: string } {
  return { html: `<span class="badge v-${esc(verdict)}">${esc(verdict)}</span>` };
}

/** A figure in its unit, short: 12.3 ms, 45.6K items/s, 512 MB. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return 'not measured';
  switch (unit) {
    case 'ms':
      return `${humanMs(value)} ms`;
    case 'bytes':
      return `${humanMegabytes(value)} MB`;
    case 'ratio':
      return String(Number(value.toPrecision(4)));
    default:
      return `${humanCount(value)} ${unit}`;
  }
}

/**
 * A figure's value cell carrying the exact number for scripts and tests: data-figure is the figure
 * id, data-value the value as JSON writes it ('' when not measured); `side` tells A from B.
 */
export function figureCell(id: string, value: number | null, unit: string, side?: string): { html: string } {
  const sideAttr = side === undefined ? '' : ` data-side="${esc(side)}"`;
  const raw = value === null ? '' : String(value);
  return {
    html: `<span class="figure" data-figure="${esc(id)}"${sideAttr} data-value="${esc(raw)}">${esc(formatValue(value, unit))}</span>`,
  };
}

/** The element a chart is drawn into, with its title and notes. */
export function chartBox(id: string, title: string): string {
  return `<figure class="chart-box"><figcaption>${esc(title)}</figcaption><div class="chart" id="${esc(id)}"></div></figure>`;
}

/** Milliseconds or "-" for absent. */
export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : `${humanMs(value)} ms`;
}

/** A count or "-" for absent. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : humanCount(value);
}
