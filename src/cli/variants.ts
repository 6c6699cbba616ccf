// The --a / --b settings of the A/B commands (ab, capacity): `field=value` in a scenario's terms,
// backend-cores=LIST, backend-cpu-limit=CORES or NAME@VERSION, turned into a variant once, at the edge.

import { parse } from 'yaml';
import type { AbVariant } from '../compare/ab.js';
import { ObsbenchError } from '../errors.js';
import type { FieldOverride } from '../scenario/index.js';
import { coreListOption, cpuLimitOption } from './args.js';

/** Settings about the managed backend's process rather than the scenario. */
const BACKEND_SETTINGS = ['backend-cores', 'backend-cpu-limit'];

/** `--a path=value` settings into field overrides, checked here once. */
export function variant(side: 'a' | 'b', settings: string[], scenarioPath: string | undefined): AbVariant {
  const fields: FieldOverride[] = [];
  let backendCores: number[] | null = null;
  let backendCpuLimitCores: number | null = null;
  for (const setting of settings) {
    // NAME@VERSION: the managed backend at that release (built by obsbench stack install NAME@VERSION).
    const release = /^([a-z][a-z0-9-]*)@(v[0-9][0-9A-Za-z.+-]*)$/.exec(setting);
    if (release) {
      fields.push({ path: ['target', 'version'], value: release[2], origin: `--${side} ${setting}` });
      continue;
    }
    const eq = setting.indexOf('=');
    const key = eq > 0 ? setting.slice(0, eq).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(key) && !BACKEND_SETTINGS.includes(key)) {
      throw new ObsbenchError(
        'E_USAGE',
        `--${side} ${JSON.stringify(setting)}: expected field=value (load.batchSize=2000, target.pipeline=batch), backend-cores=LIST, backend-cpu-limit=CORES or NAME@VERSION (victoria-metrics@v1.148.9)`,
      );
    }
    const text = setting.slice(eq + 1);
    if (key === 'backend-cores') {
      backendCores = coreListOption(`${side} backend-cores`, text);
      continue;
    }
    if (key === 'backend-cpu-limit') {
      backendCpuLimitCores = cpuLimitOption(`${side} backend-cpu-limit`, text);
      continue;
    }
    fields.push({ path: key.split('.'), value: parse(text) as unknown, origin: `--${side} ${key}` });
  }
  const described = scenarioPath === undefined ? settings : [scenarioPath, ...settings];
  return {
    side,
    description: described.join(', '),
    fields,
    backendCores,
    backendCpuLimitCores,
    scenarioPath,
  };
}
