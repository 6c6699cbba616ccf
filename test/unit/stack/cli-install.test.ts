// `obsbench stack install` end to end in a child process, with a stub go on PATH building the
// repo's own stack/versions: what it prints to stderr, its exit codes, and that a rerun skips.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../../src/package-root.js';
import { makeStubGo, removeTempDirs, tempDir } from './stub-go.js';

// Under tsx this file is test/unit/stack/*.ts; built, it is dist/test/unit/stack/*.js.
const built = import.meta.url.endsWith('.js');
const main = fileURLToPath(new URL(`../../../src/cli/main.${built ? 'js' : 'ts'}`, import.meta.url));

function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): { code: number | null; stdout: string; stderr: string } {
  const nodeArgs = built ? [main, ...args] : ['--import', 'tsx', main, ...args];
  const r = spawnSync(process.execPath, nodeArgs, {
    cwd: packageRoot(),
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(removeTempDirs);

describe('obsbench stack install (CLI)', () => {
  it('builds every pinned backend, lists tempo and loki as unavailable, then skips all on a rerun', () => {
    const go = makeStubGo();
    const stackDir = tempDir('cli-stack');
    const env = { ...go.env, OBSBENCH_STACK_DIR: stackDir };
    const first = cli(['stack', 'install'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^stack install: cache .*; go1\.26\.8 at /m);
    assert.match(
      first.stderr,
      /^victoria-metrics \(1\/9\): building github\.com\/VictoriaMetrics\/VictoriaMetrics@v1\.150\.0 \(go-install; not built yet\); elapsed \d+ s$/m,
    );
    assert.match(
      first.stderr,
      /^victoria-metrics \(1\/9\): built in \d+\.\d s -> .*\/bin\/victoria-metrics \(fake victoria-metrics v1\.150\.0\); elapsed \d+ s$/m,
    );
    assert.match(first.stderr, /^prometheus \(4\/9\): built in /m);
    assert.match(first.stderr, /^otelcol \(5\/9\): built in /m);
    assert.match(first.stderr, /^tempo \(8\/9\): unavailable: .*AGPL/m);
    assert.match(first.stderr, /^loki \(9\/9\): unavailable: .*AGPL/m);
    assert.ok(
      !first.stderr.includes('\r') && !first.stderr.includes('\u001b'),
      'plain lines when stderr is not a TTY',
    );
    assert.match(first.stderr, /^stack install: 7 built, 0 skipped, 2 unavailable, 0 failed in /m);
    assert.equal(first.stdout, '', 'progress goes to stderr only');
    assert.ok(existsSync(join(stackDir, 'bin', 'otelcol')));

    const second = cli(['stack', 'install', '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stderr,
      /^vmagent \(2\/9\): already built at v1\.150\.0 with go1\.26\.8 \(fake vmagent v1\.150\.0\), skipped$/m,
    );
    assert.match(second.stderr, /^stack install: 0 built, 7 skipped, 2 unavailable, 0 failed in /m);
    const report = JSON.parse(second.stdout) as { ok: boolean; backends: Array<{ status: string }> };
    assert.equal(report.ok, true);
    assert.equal(report.backends.length, 9);
  });

  it('exits 2 with one line naming what is missing when go is not on PATH', () => {
    const stackDir = tempDir('cli-stack');
    const empty = tempDir('nogo');
    const r = cli(['stack', 'install', 'prometheus'], {
      PATH: empty,
      HOME: empty,
      OBSBENCH_STACK_DIR: stackDir,
    });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /obsbench: error: cannot build prometheus: no `go` command on PATH\. .*Go >= 1\.26 toolchain on PATH/,
    );
  });

  it('rejects unknown backends and subcommands as usage errors', () => {
    const go = makeStubGo();
    assert.match(
      cli(['stack', 'install', 'mimir'], go.env).stderr,
      /unknown backend "mimir": expected one of victoria-metrics/,
    );
    assert.equal(cli(['stack', 'frobnicate'], go.env).code, 2);
  });
});
