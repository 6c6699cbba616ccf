// The obsbench package on disk: the checkout (or installed package) this code runs from, found by
// walking up from this module to the nearest package.json named obsbench. Files that ship beside
// the code (stack/ config templates, scenarios/, bench/ in a checkout) are resolved from here.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The directory holding obsbench's package.json; the working directory if none is found. */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  // Walk up: src/ under tsx, dist/src/ once built.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && isObsbenchPackage(pkg)) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedRoot = process.cwd();
  return cachedRoot;
}

function isObsbenchPackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'obsbench';
  } catch {
    return false;
  }
}
