// A report file the user names with a flag (--junit FILE, --markdown FILE): checked before anything
// runs, so a bad path costs no runs, and written atomically so a CI job never reads half of it.

import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { writeResultAtomic } from '../result/write.js';

/** The flag's path, or a usage error when it names a directory. */
export function reportFileOption(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let isDirectory = false;
  try {
    isDirectory = statSync(value).isDirectory();
  } catch {
    // Not there yet: it is written (its directory made) when the command ends.
  }
  if (value === '' || isDirectory) {
    throw new ObsbenchError(
      'E_USAGE',
      `--${flag}: ${JSON.stringify(value)} is not a file path; give the file to write, e.g. --${flag} results/${flag}.xml`,
    );
  }
  return value;
}

export function writeReportFile(path: string, text: string): Promise<string> {
  return writeResultAtomic(dirname(path), basename(path), text);
}
