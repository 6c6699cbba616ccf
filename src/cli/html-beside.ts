// The HTML page written beside what a command leaves on disk (a run's or suite's result directory,
// an A/B's directory, capacity.json, verdicts.json). The command's own outputs are already written:
// a page that cannot be made is told on stderr and costs nothing else.

import { join } from 'node:path';
import { writeHtmlReport } from '../reporters/html/index.js';

/**
 * `write`'s answer, or null when it throws: then one line on stderr says that `command` made no
 * HTML report, why, and that the results are written.
 */
export async function htmlOrWarning<T>(command: string, write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    process.stderr.write(
      `${command}: no HTML report (${error instanceof Error ? error.message : String(error)}); the results are written\n`,
    );
    return null;
  }
}

export async function writeHtmlBeside(
  command: string,
  dir: string,
  inputs: string[],
): Promise<string | null> {
  const file = await htmlOrWarning(command, () => writeHtmlReport(join(dir, 'report.html'), inputs));
  if (file !== null) process.stderr.write(`${command}: report ${file}\n`);
  return file;
}
