// Where a backend binary built by `obsbench stack install` lives; OBSBENCH_BIN_<NAME> overrides.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ObsbenchError } from '../errors.js';

export function stackDir(): string {
  return resolve(process.env.OBSBENCH_STACK_DIR ?? '.stack');
}

export function locateBackendBinary(name: string): string {
  const override = process.env[`OBSBENCH_BIN_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  const path = override ?? join(stackDir(), 'bin', name);
  if (!existsSync(path)) {
    throw new ObsbenchError(
      'E_TARGET',
      `target.managed: ${name} is not installed at ${path}: run 'obsbench stack install ${name}' (needs Go >= 1.26) or set OBSBENCH_BIN_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`,
    );
  }
  return path;
}
