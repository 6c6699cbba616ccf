// The one Reporter contract: a reporter renders RunResults into files under an output directory.
// Console output is separate (console-progress.ts, console-table.ts): the CLI prints, reporters write.

import type { RunResult } from '../model/run-result.js';

export interface ReportContext {
  /** Directory the files go to (created if missing). */
  outDir: string;
}

export interface Reporter {
  readonly name: string;
  /** Writes this reporter's files for `results` and returns their paths. */
  report(results: RunResult[], ctx: ReportContext): Promise<string[]>;
}
