// The page shell: one self-contained HTML file with uPlot, the page's CSS and script and the data
// inlined, so it opens from disk, from a CI artefact or an e-mail with no network at all.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import type { ChartSpec } from './chart-spec.js';
import { esc } from './markup.js';

/** A page's content: its sections' HTML, the charts to draw, and the documents it was made from. */
export interface PageContent {
  kind: string;
  title: string;
  subtitle: string;
  body: string;
  charts: ChartSpec[];
  /** The inputs as read (results, comparison, ...), embedded so the page carries its own data. */
  source: unknown;
}

interface Assets {
  uplotJs: string;
  uplotCss: string;
  css: string;
  script: string;
}

let cachedAssets: Assets | undefined;

/** uPlot from its installed package; the page's own CSS and script from beside this module's source. */
function assets(): Assets {
  if (cachedAssets) return cachedAssets;
  const require = createRequire(import.meta.url);
  const own = join(packageRoot(), 'src', 'reporters', 'html');
  cachedAssets = {
    uplotJs: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    css: readFileSync(join(own, 'page.css'), 'utf8'),
    script: readFileSync(join(own, 'client.js'), 'utf8'),
  };
  return cachedAssets;
}

/**
 * JSON that is safe inside a <script> element: `<`, `>` and `&` become \u escapes, so no text in a
 * result (a scenario name holding "</script>") can end the element or open a comment.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderPage(page: PageContent): string {
  const a = assets();
  const data = scriptJson({ kind: page.kind, charts: page.charts, source: page.source });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(page.title)}</title>
<style>${a.uplotCss}</style>
<style>${a.css}</style>
</head>
<body>
<header class="page-head"><h1>${esc(page.title)}</h1><p class="sub">${esc(page.subtitle)}</p></header>
<main>
${page.body}
</main>
<footer>obsbench report: self-contained, no network; the data it was drawn from is embedded in the page (#obsbench-data).</footer>
<script type="application/json" id="obsbench-data">${data}</script>
<script>${a.uplotJs}</script>
<script>${a.script}</script>
</body>
</html>
`;
}
