// The labels of a published run's series: the built-in ones, read from the result and the same
// every night for a given scenario, backend release, obsbench commit, machine and backend CPU
// setup (a quota or pinned cores: a run given less CPU is its own series, not a step in the line
// of the runs without); plus the user's own `--label name=value`, checked once here against
// Prometheus' label rules. Nothing in them is taken at publish time, so publishing a run twice
// writes the very same series.

import { machineOf } from '../../compare/baseline.js';
import { ObsbenchError } from '../../errors.js';
import type { RunResult } from '../../model/run-result.js';

/** Labels obsbench sets on every series, in the order docs/trends.md lists them. */
export const BUILT_IN_LABELS = [
  'scenario',
  'target',
  'backend_version',
  'signal',
  'protocol',
  'git_sha',
  'machine',
  'backend_cpu_limit',
  'backend_cores',
] as const;

/** Set on read-query series only: the query's name. */
export const QUERY_LABEL = 'query';

/**
 * Set on a shard's series ("2/4") and on a merge's ("merged/4") only, so that neither lands in
 * the line of whole runs of the scenario, and a single run's series stay as they always were.
 */
const SHARD_LABEL = 'shard';

/** User labels per publish: each one multiplies nothing, but every one is a column to keep stable. */
export const MAX_USER_LABELS = 10;
const MAX_LABEL_VALUE_CHARS = 200;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED = new Set<string>([...BUILT_IN_LABELS, QUERY_LABEL, SHARD_LABEL]);

/** Stands in for a missing or empty value: Prometheus drops a label whose value is empty. */
const UNKNOWN = 'unknown';
/** A CPU setting the run did not have (no quota, no pinning); also for older results without the field. */
const NONE = 'none';

export type Labels = Record<string, string>;

/**
 * The built-in labels of a run. `machine` is the CPU model and core count of the result's env
 * (as compare names machines), not the host name: a result published later, from another host,
 * keeps the machine it ran on. `backend_cpu_limit` is the backend's CPU quota in cores ("0.5") and
 * `backend_cores` the cores it was pinned to ("2,3"), each `none` when not set (older results lack
 * the quota: they ran without one). Any other field the result lacks (an older or hand-edited
 * file: undefined, null or empty, or a whole missing block) gives `unknown` rather than failing
 * the publish.
 */
export function runLabels(result: RunResult): Labels {
  const { scenario, backend, tool, env } = result as Partial<RunResult>;
  return {
    scenario: labelValue(scenario?.name),
    target: labelValue(scenario?.target),
    backend_version: labelValue(backend?.version),
    signal: labelValue(scenario?.signal),
    protocol: labelValue(scenario?.protocol),
    git_sha: labelValue(tool?.gitSha),
    machine:
      isMissing(env?.cpuModel) || isMissing(env?.cores)
        ? `${labelValue(env?.cpuModel)} x ${labelValue(env?.cores)}`
        : machineOf(result),
    backend_cpu_limit: isMissing(env?.backendCpuLimitCores) ? NONE : String(env?.backendCpuLimitCores),
    backend_cores: pinnedCores(env?.backendCores),
    ...shardLabel(result),
  };
}

function shardLabel(result: RunResult): Labels {
  if (result.shard) return { [SHARD_LABEL]: `${result.shard.index}/${result.shard.count}` };
  if (result.merged) return { [SHARD_LABEL]: `merged/${result.merged.shardCount}` };
  return {};
}

/** Pinned cores comma-separated, as the result lists them; none for null, absent or empty. */
function pinnedCores(cores: unknown): string {
  return Array.isArray(cores) && cores.length > 0 ? cores.join(',') : NONE;
}

function isMissing(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

function labelValue(value: unknown): string {
  return isMissing(value) ? UNKNOWN : String(value);
}

/**
 * Parses `--label name=value` flags (given as `flag`). Names follow Prometheus' rules, may not
 * start with `__` or take a built-in name, appear once each, at most MAX_USER_LABELS of them;
 * values are non-empty and at most MAX_LABEL_VALUE_CHARS long.
 */
export function parseUserLabels(flag: string, specs: readonly string[]): Labels {
  if (specs.length > MAX_USER_LABELS) {
    throw labelError(
      flag,
      `${specs.length} labels`,
      `give at most ${MAX_USER_LABELS}: each is a series label kept forever`,
    );
  }
  const labels: Labels = {};
  for (const spec of specs) {
    const equals = spec.indexOf('=');
    if (equals < 0) throw labelError(flag, JSON.stringify(spec), 'write it as name=value');
    const name = spec.slice(0, equals);
    const value = spec.slice(equals + 1);
    if (!LABEL_NAME_RE.test(name) || name.startsWith('__')) {
      throw labelError(
        flag,
        JSON.stringify(spec),
        'a label name is letters, digits and _, not starting with a digit or with __',
      );
    }
    if (RESERVED.has(name)) {
      throw labelError(
        flag,
        JSON.stringify(spec),
        `${name} is set by obsbench (${[...RESERVED].join(', ')}); choose another name`,
      );
    }
    if (Object.hasOwn(labels, name)) {
      throw labelError(flag, JSON.stringify(spec), `${name} is given twice; give each label once`);
    }
    if (value === '' || value.length > MAX_LABEL_VALUE_CHARS) {
      throw labelError(
        flag,
        JSON.stringify(spec),
        `the value must have 1 to ${MAX_LABEL_VALUE_CHARS} characters`,
      );
    }
    labels[name] = value;
  }
  return labels;
}

function labelError(flag: string, given: string, fix: string): ObsbenchError {
  return new ObsbenchError('E_USAGE', `--${flag}: ${given} is not allowed: ${fix}`);
}
