// The html reporter: report.html beside summary.json for every run or suite, and the one function
// the commands call to write a page from any report inputs (runs, a comparison, a capacity search,
// claim verdicts) given by path.

import { basename, dirname } from 'node:path';
import type { RunResult } from '../../model/run-result.js';
import { writeResultAtomic } from '../../result/write.js';
import type { ReportContext, Reporter } from '../reporter.js';
import { readHtmlInputs } from './inputs.js';
import { renderHtmlReport } from './report.js';

const REPORT_FILE = 'report.html';

export class HtmlReporter implements Reporter {
  readonly name = 'html';

  async report(results: RunResult[], ctx: ReportContext): Promise<string[]> {
    const html = renderHtmlReport([{ kind: 'runs', results }]);
    return [await writeResultAtomic(ctx.outDir, REPORT_FILE, html)];
  }
}

/**
 * Writes `file` from the report inputs at `paths` (result.json files, run or suite directories, a
 * comparison.json or an A/B directory, a capacity.json, a verdicts.json or validate directory),
 * e.g. writeHtmlReport(join(abDir, 'report.html'), [abDir]). Returns the path written; bad input
 * throws an ObsbenchError naming the file and what was expected.
 */
export async function writeHtmlReport(file: string, paths: string[]): Promise<string> {
  const html = renderHtmlReport(readHtmlInputs(paths));
  return writeResultAtomic(dirname(file), basename(file), html);
}
