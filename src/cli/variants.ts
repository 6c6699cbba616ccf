// The --a / --b settings of the A/B commands (ab, capacity): `field=value` in a scenario's terms, or
// backend-cores=LIST, turned into a variant once, at the edge.

import { parse } from 'yaml';
import type { AbVariant } from '../compare/ab.js';
import { ObsbenchError } from '../errors.js';
import type { FieldOverride } from '../scenario/index.js';
import { coreListOption } from './args.js';

/** `--a path=value` settings into field overrides, checked here once. */
export function variant(side: 'a' | 'b', settings: string[], scenarioPath: string | undefined): AbVariant {
  const fields: FieldOverride[] = [];
  let backendCores: number[] | null = null;
  for (const setting of settings) {
    const eq = setting.indexOf('=');
    const key = eq > 0 ? setting.slice(0, eq).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(key) && key !== 'backend-cores') {
      throw new ObsbenchError(
        'E_USAGE',
        `--${side} ${JSON.stringify(setting)}: expected field=value, e.g. load.batchSize=2000 or target.pipeline=batch`,
      );
    }
    const text = setting.slice(eq + 1);
    if (key === 'backend-cores') {
      backendCores = coreListOption(`${side} backend-cores`, text);
      continue;
    }
    fields.push({ path: key.split('.'), value: parse(text) as unknown, origin: `--${side} ${key}` });
  }
  const described = scenarioPath === undefined ? settings : [scenarioPath, ...settings];
  return { side, description: described.join(', '), fields, backendCores, scenarioPath };
}
