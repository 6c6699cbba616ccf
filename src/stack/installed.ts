// What the supervisor asks of the install: the binary of a backend, or an error saying how to get it.

import { existsSync } from 'node:fs';
import { ObsbenchError } from '../errors.js';
import { binaryPath, defaultStackDir, defaultVersionsPath, stampPath } from './paths.js';
import { type BuildStamp, readStamp } from './stamp.js';
import { loadStackVersions, selectBackends } from './versions.js';

export interface InstalledBackend {
  readonly name: string;
  readonly binaryPath: string;
  readonly stamp: BuildStamp;
}

/**
 * The installed binary of `name` and its build stamp; an ObsbenchError when the name is not pinned,
 * is unavailable (with the reason), or is not built at its pinned version yet (with the command).
 */
export function requireInstalled(
  name: string,
  stackDir: string = defaultStackDir(),
  versionsPath: string = defaultVersionsPath(),
  /** Another release than the pinned one (built by `obsbench stack install NAME@VERSION`). */
  version?: string,
): InstalledBackend {
  const [pin] = selectBackends(loadStackVersions(versionsPath), [
    version === undefined ? name : `${name}@${version}`,
  ]);
  if (pin.route === 'unavailable')
    throw new ObsbenchError('E_STACK', `${pin.name} is unavailable: ${pin.reason}`);
  const binary = binaryPath(pin.name, stackDir);
  const stamp = readStamp(stampPath(pin.name, stackDir));
  if (
    !existsSync(binary) ||
    stamp === undefined ||
    stamp.version !== pin.version ||
    stamp.module !== pin.module
  ) {
    const have = stamp === undefined ? 'not built' : `built at ${stamp.version}, pinned ${pin.version}`;
    throw new ObsbenchError(
      'E_STACK',
      `${pin.name} is not installed in ${stackDir} (${have}): run \`obsbench stack install ${pin.name}\``,
    );
  }
  return { name: pin.name, binaryPath: binary, stamp };
}
