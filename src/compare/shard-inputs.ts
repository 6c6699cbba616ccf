// What obsbench merge reads: shards' result.json files, or directories searched for them (the
// results volume of a Kubernetes run holds one directory per shard). In a directory, results
// that are not a shard's (an earlier merge's output) are passed over; a file given by name is
// taken as it is, so that merge refuses it if it is not a shard's.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { checkFields, readResultFile } from './inputs.js';
import type { ShardInput } from './merge-shards.js';

/** How deep below a given directory result.json files are looked for. */
const MAX_DEPTH = 3;

const SHARD_FIELDS = {
  'shard.index': 'number',
  'shard.count': 'number',
  'shard.runId': 'string',
  'shard.measureStartEpochMs': 'number',
  'shard.expect': 'array',
} as const;

function resultFilesUnder(dir: string, depth: number, skip: string): string[] {
  if (resolve(dir) === skip) return [];
  const own = join(dir, 'result.json');
  if (existsSync(own)) return [own];
  if (depth >= MAX_DEPTH) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => resultFilesUnder(join(dir, entry.name), depth + 1, skip));
}

function readShard(file: string): ShardInput {
  const result = readResultFile(file);
  if (result.shard)
    checkFields(file, 'shard', result, SHARD_FIELDS, 'rerun the shard, or leave this file out');
  return { source: file, result };
}

/** The shard results at `paths`; a directory's results other than shards', and `outDir`, are passed over. */
export function readShardInputs(paths: readonly string[], outDir: string): ShardInput[] {
  const skip = resolve(outDir);
  const inputs: ShardInput[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new ObsbenchError('E_USAGE', `merge: ${path}: no such file or directory`);
    if (statSync(path).isFile()) {
      inputs.push(readShard(path));
      continue;
    }
    const found = resultFilesUnder(path, 0, skip)
      .map(readShard)
      .filter((input) => input.result.shard);
    if (found.length === 0)
      throw new ObsbenchError(
        'E_USAGE',
        `merge: ${path}: holds no shard's result.json; give the results of 'obsbench run --shard I/N' (files, or directories holding them)`,
      );
    inputs.push(...found);
  }
  return inputs;
}
