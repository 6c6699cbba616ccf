// Bytes a backend keeps on disk: the sum over every file under its data dir. `bytes` is what the
// files hold (their sizes): compression ratios use it, because backends preallocate segment files
// (Prometheus' WAL and head chunks) and small runs would otherwise measure filesystem block
// rounding. `allocatedBytes` (blocks in use, as du reports) sits beside it.

import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DiskUsage {
  bytes: number;
  allocatedBytes: number;
  files: number;
}

export async function diskUsage(dir: string): Promise<DiskUsage> {
  const usage: DiskUsage = { bytes: 0, allocatedBytes: 0, files: 0 };
  await walk(dir, usage);
  return usage;
}

async function walk(dir: string, usage: DiskUsage): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // removed while walking (a merge replaced a part)
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(path, usage);
      continue;
    }
    if (!entry.isFile()) continue; // symlinks point inside the dir or at nothing of ours
    try {
      const stat = await lstat(path);
      usage.bytes += stat.size;
      usage.allocatedBytes += stat.blocks * 512;
      usage.files++;
    } catch {
      // removed between listing and stat
    }
  }
}
