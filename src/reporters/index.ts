// Reporters by name: a new output format is one file implementing Reporter and one line here.

import { ObsbenchError } from '../errors.js';
import { CsvReporter } from './csv.js';
import { HtmlReporter } from './html/index.js';
import { JsonReporter } from './json.js';
import type { Reporter } from './reporter.js';

export { CsvReporter, RUNS_CSV_HEADER, runsCsv, TIMESERIES_CSV_HEADER, timeseriesCsv } from './csv.js';
export { JsonReporter } from './json.js';
export type { Reporter } from './reporter.js';

const FACTORIES = {
  json: (): Reporter => new JsonReporter(),
  csv: (): Reporter => new CsvReporter(),
  html: (): Reporter => new HtmlReporter(),
} as const;

export type ReporterName = keyof typeof FACTORIES;
export const REPORTER_NAMES = Object.keys(FACTORIES) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(FACTORIES, name);
}

export function getReporter(name: ReporterName): Reporter {
  // Typed callers cannot get here with a bad name; the check is for names read from CLI flags.
  if (!isReporterName(name)) {
    throw new ObsbenchError(
      'E_USAGE',
      `unknown reporter '${String(name)}'; use one of: ${REPORTER_NAMES.join(', ')}`,
    );
  }
  return FACTORIES[name]();
}
