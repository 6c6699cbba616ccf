// A real browser for the HTML report: Debian's chromium driven by playwright-core, and what a
// page did once loaded (errors, network requests, the charts it drew, its figures, its width).

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Chromium with nothing that reaches out: no background networking, no first-run. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML report is checked in Debian's chromium; apt-get install chromium (.ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, colorScheme: 'light' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  colorScheme: 'dark',
};

export interface PageVisit {
  errors: string[];
  /** Every URL the page asked for, the file itself included. */
  requests: string[];
  charts: { id: string; points: number }[];
  /** [data-figure, data-side, data-value] of every figure cell. */
  figures: [string, string | undefined, string][];
  /** Canvases uPlot drew, with their widths. */
  canvasWidths: number[];
  scrollWidth: number;
  innerWidth: number;
}

/** Opens `file` in a fresh context, optionally screenshots it (the whole page, or its top `clipHeight` px), and reports what it did. */
export async function visit(
  browser: Browser,
  file: string,
  options: BrowserContextOptions,
  screenshot?: { path: string; clipHeight?: number },
): Promise<PageVisit> {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as {
        obsbenchCharts?: { id: string; points: number }[];
        innerWidth: number;
        document: {
          documentElement: { scrollWidth: number };
          querySelectorAll(s: string): { dataset: Record<string, string>; width: number }[];
        };
      };
      return {
        charts: w.obsbenchCharts ?? [],
        figures: [...w.document.querySelectorAll('[data-figure]')].map(
          (e) => [e.dataset.figure, e.dataset.side, e.dataset.value] as [string, string | undefined, string],
        ),
        canvasWidths: [...w.document.querySelectorAll('.chart canvas')].map((c) => c.width),
        scrollWidth: w.document.documentElement.scrollWidth,
        innerWidth: w.innerWidth,
      };
    });
    if (screenshot) {
      const clip = screenshot.clipHeight
        ? { x: 0, y: 0, width: options.viewport?.width ?? 1280, height: screenshot.clipHeight }
        : undefined;
      await page.screenshot({ path: screenshot.path, fullPage: true, clip });
    }
    return { errors, requests, ...state };
  } finally {
    await context.close();
  }
}
