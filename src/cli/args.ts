// Command-line parsing helpers: node's parseArgs with errors turned into one-line usage errors.

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ObsbenchError } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs(command: string, argv: string[], options: OptionSpec) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ObsbenchError('E_USAGE', `${command}: ${message} (see obsbench ${command} --help)`);
  }
}

/** A number option: finite, within [min, max], or a usage error naming the flag. */
export function numberOption(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new ObsbenchError(
      'E_USAGE',
      `--${flag}: ${JSON.stringify(value)} is not allowed: must be a number from ${min} to ${max}`,
    );
  }
  return n;
}
