// What one signal's k6 extension contributes to an exported script: the extension to build, its
// import, the code after `options`, and what it can express only approximately or not at all.

import type { Scenario } from '../model/scenario.js';

interface K6Extension {
  /** Repository name, for the header. */
  name: string;
  /** Go module path@version, for `xk6 build --with`. */
  module: string;
  /** The import line, e.g. `import tracing from 'k6/x/tracing';`. */
  importLine: string;
}

export interface K6SignalInput {
  scenario: Scenario;
  /** JavaScript expression of the backend's base address (ENDPOINT). */
  endpoint: string;
}

export interface K6SignalScript {
  extension: K6Extension;
  /** Items a batch holds: spans, samples, log lines. */
  unit: string;
  /** The extension sends through k6's HTTP client, so http_req_duration and http_req_failed exist. */
  httpMetrics: boolean;
  /** Imports besides the extension's, e.g. `import exec from 'k6/execution';`. */
  imports: string[];
  /** `const` lines before options. */
  constants: string[];
  /** Code after options: clients, generators, the default function, teardown. */
  body: string;
  /** Header lines: where the script follows the scenario only approximately. */
  approximations: string[];
  /** Header lines: what it does not reproduce at all. */
  notExported: string[];
}

/** A number with thousands separators, for header prose. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 4 });
}
