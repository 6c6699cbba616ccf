// A managed backend's work dir (its config files and data dir) in the system temp folder, marked
// with the pid of the obsbench process that owns it, so that leftovers of a killed run can be told
// from the dirs of runs still going and removed (obsbench stack down).

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'obsbench-';
const OWNER_FILE = 'owner.json';

interface Owner {
  pid: number;
}

/**
 * A fresh work dir for a backend of `kind`. `owned`: it lives and dies with this process, which
 * it names as its owner; a dir kept on purpose (obsbench stack up) names none, so no clean-up of
 * leftovers ever takes it.
 */
export async function createWorkDir(kind: string, o: { owned: boolean; root?: string }): Promise<string> {
  const dir = await mkdtemp(join(o.root ?? tmpdir(), `${PREFIX}${kind}-`));
  if (o.owned) {
    const owner: Owner = { pid: process.pid };
    await writeFile(join(dir, OWNER_FILE), `${JSON.stringify(owner)}\n`);
  }
  return dir;
}

/**
 * Removes the work dirs whose owner process is gone (a run killed before it could clean up; the
 * watchdog normally removes them too). Dirs without an owner file are not obsbench's to judge and
 * stay. Returns the removed paths.
 */
export async function removeLeftoverWorkDirs(root: string = tmpdir()): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(root, name);
    const owner = await readOwner(dir);
    if (owner === null || processAlive(owner.pid)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

async function readOwner(dir: string): Promise<Owner | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) ? { pid: parsed.pid } : null;
  } catch {
    return null;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
