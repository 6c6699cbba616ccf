// Command-line parsing helpers: node's parseArgs with errors turned into one-line usage errors.

import { cpus } from 'node:os';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ObsbenchError } from '../errors.js';
import { parseCpuList } from '../run/environment.js';

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

/** A whole-number option within [min, max], or a usage error naming the flag. */
export function integerOption(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  const n = numberOption(flag, value, min, max);
  if (n !== undefined && !Number.isInteger(n)) {
    throw new ObsbenchError(
      'E_USAGE',
      `--${flag}: ${JSON.stringify(value)} is not allowed: must be a whole number from ${min} to ${max}`,
    );
  }
  return n;
}

/** A CPU quota in cores (0.5 = half of one core's time), from 0.01 up to this machine's cores. */
export function cpuLimitOption(flag: string, value: string | undefined): number | null {
  return numberOption(flag, value, 0.01, cpus().length) ?? null;
}

/** A taskset-style core list ("1", "0,2", "2-3") checked against this machine's cores. */
export function coreListOption(flag: string, value: string | undefined): number[] | null {
  if (value === undefined) return null;
  const cores = /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value) ? parseCpuList(value) : [];
  const available = cpus().length;
  if (cores.length === 0 || cores.some((c) => c >= available)) {
    throw new ObsbenchError(
      'E_USAGE',
      `--${flag}: ${JSON.stringify(value)} is not allowed: give cores as a list like 1 or 0,2 or 2-3 (this machine has cores 0-${available - 1})`,
    );
  }
  return cores;
}
