// `npm run quickstart`: the main job. With a Go toolchain it builds the backends it needs
// (skipped once built) and runs scenarios/quickstart-stack.yaml against them; without one it
// says so and runs scenarios/quickstart.yaml into the built-in sink instead.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { probeGo } from '../src/stack/go-toolchain.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const BACKENDS = ['otelcol', 'victoria-metrics', 'victoria-logs'];

function obsbench(args: string[]): number {
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

const extra = process.argv.slice(2);
const go = await probeGo(process.env);
let code: number;
if (go === undefined) {
  process.stderr.write(
    'obsbench quickstart: no Go toolchain on PATH, so the real backends cannot be built here; ' +
      'running the quickstart into the built-in sink instead (install Go >= 1.26 for the real one)\n',
  );
  code = obsbench(['run', 'scenarios/quickstart.yaml', ...extra]);
} else {
  code = obsbench(['stack', 'install', ...BACKENDS]);
  if (code === 0) code = obsbench(['run', 'scenarios/quickstart-stack.yaml', ...extra]);
}
process.exitCode = code;
