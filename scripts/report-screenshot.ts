// Regenerates docs/report.png, the README's picture of the HTML report: a short run of a managed
// VictoriaMetrics (so the backend and read-path parts have data), its report.html opened in
// Debian's chromium at laptop width in light mode, the top of the page captured.
//
//   npm run build && node dist/scripts/report-screenshot.js [RUN_DIR]
//
// With RUN_DIR (a directory holding report.html) it only takes the picture.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/package-root.js';
import { LAPTOP, launchChromium, visit } from '../test/e2e/browser.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const OUT = join(packageRoot(), 'docs', 'report.png');
/** The figures, the verdicts and the first two rows of charts. */
const CLIP_HEIGHT_PX = 1500;

function runOnce(out: string): string {
  const scenario = join(packageRoot(), 'scenarios', 'victoriametrics-metrics-otlp-http.yaml');
  const args = ['run', scenario, '--duration', '20s', '--rate', '20000', '--out', out];
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`obsbench ${args.join(' ')} exited ${r.status}`);
  const dirs = readdirSync(out)
    .map((name) => join(out, name))
    .filter((p) => statSync(p).isDirectory());
  if (dirs.length !== 1) throw new Error(`${out}: expected one run directory, found ${dirs.length}`);
  return dirs[0];
}

const given = process.argv[2];
const scratch = given ? null : mkdtempSync(join(tmpdir(), 'obsbench-screenshot-'));
try {
  const runDir = given ?? runOnce(scratch as string);
  const browser = await launchChromium();
  try {
    const v = await visit(browser, join(runDir, 'report.html'), LAPTOP, {
      path: OUT,
      clipHeight: CLIP_HEIGHT_PX,
    });
    if (v.errors.length > 0) throw new Error(`the page reported errors: ${v.errors.join('; ')}`);
    process.stdout.write(`${OUT}: ${v.charts.length} charts, ${statSync(OUT).size} bytes\n`);
  } finally {
    await browser.close();
  }
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
