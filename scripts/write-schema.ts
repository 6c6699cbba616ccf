// Writes scenarios/schema.json from the zod schema (run after changing src/scenario/schema.ts;
// a unit test fails while the committed file is stale). Usage: npx tsx scripts/write-schema.ts

import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from '../src/scenario/index.js';

/** The repository root: the nearest directory above this script holding package.json (works from dist/ too). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above scripts/write-schema');
    dir = parent;
  }
  return dir;
}

const target = join(repositoryRoot(), SCENARIO_SCHEMA_FILE);
writeFileSync(target, scenarioJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
