// The HTML page written beside what a command leaves on disk (an A/B's directory, capacity.json,
// verdicts.json). The command's own outputs are already written: a page that cannot be made is
// told on stderr and costs nothing else.

import { join } from 'node:path';
import { writeHtmlReport } from '../reporters/html/index.js';

export async function writeHtmlBeside(
  command: string,
  dir: string,
  inputs: string[],
): Promise<string | null> {
  try {
    const file = await writeHtmlReport(join(dir, 'report.html'), inputs);
    process.stderr.write(`${command}: report ${file}\n`);
    return file;
  } catch (error) {
    process.stderr.write(
      `${command}: no HTML report (${error instanceof Error ? error.message : String(error)}); the results above are written\n`,
    );
    return null;
  }
}
