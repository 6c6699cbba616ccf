// A report file the user names with a flag (--junit FILE, --markdown FILE): checked before anything
// runs, so a bad path costs no runs, and written atomically so a CI job never reads half of it.

import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { writeResultAtomic } from '../result/write.js';

/**
 * The closest path at or above `path` that exists, and whether it is a directory: where the
 * directories still missing would be made (the filesystem root exists, so the walk ends).
 */
export function nearestExistingAncestor(path: string): { path: string; isDirectory: boolean } {
  let current = resolve(path);
  for (;;) {
    try {
      return { path: current, isDirectory: statSync(current).isDirectory() };
    } catch {
      const parent = dirname(current);
      if (parent === current) return { path: current, isDirectory: false };
      current = parent;
    }
  }
}

function notAFile(flag: string, value: string, why: string): ObsbenchError {
  return new ObsbenchError(
    'E_USAGE',
    `--${flag}: ${JSON.stringify(value)} ${why}; give a file in a directory you can write, e.g. --${flag} results/${flag}.xml`,
  );
}

/**
 * The flag's path, or a usage error when it cannot be written: it names a directory, or the
 * nearest existing directory above it is a file or is not writable (the missing ones are made).
 */
export function reportFileOption(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw notAFile(flag, value, 'is not a file path');
  let isDirectory = false;
  try {
    isDirectory = statSync(value).isDirectory();
  } catch {
    // Not there yet: it is written (its directory made) when the command ends.
  }
  if (isDirectory) throw notAFile(flag, value, 'is not a file path');
  const above = nearestExistingAncestor(dirname(resolve(value)));
  if (!above.isDirectory)
    throw notAFile(flag, value, `cannot be made: ${above.path} is a file, not a directory`);
  try {
    accessSync(above.path, constants.W_OK | constants.X_OK);
  } catch {
    throw notAFile(flag, value, `cannot be written: the directory ${above.path} is not writable`);
  }
  return value;
}

export function writeReportFile(path: string, text: string): Promise<string> {
  return writeResultAtomic(dirname(path), basename(path), text);
}
