// The scenario hash: identical resolved scenarios (wherever their files live) hash the same, so
// results can say whether two runs measured the same thing.

import { createHash } from 'node:crypto';
import type { Scenario } from '../model/scenario.js';

/** JSON with object keys sorted at every level and undefined fields dropped. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * First 16 hex chars of sha256 over the canonical JSON of everything but sourcePath, hash and
 * route (derived from the rest).
 */
export function scenarioHash(
  scenario: Omit<Scenario, 'hash' | 'route'> & { hash?: string; route?: unknown },
): string {
  const { sourcePath: _sourcePath, hash: _hash, route: _route, ...hashed } = scenario;
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex').slice(0, 16);
}
