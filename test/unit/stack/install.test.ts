// The install orchestration against a stub `go` (shell scripts): which builds run, what is skipped,
// what a failure leaves behind, and the errors when Go is missing or too old. No real builds.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { type InstallEvent, type InstallOptions, installStack } from '../../../src/stack/install.js';
import { requireInstalled } from '../../../src/stack/installed.js';
import { binaryPath } from '../../../src/stack/paths.js';
import { readStamp } from '../../../src/stack/stamp.js';
import { makeStubGo, removeTempDirs, type StubGo, tempDir } from './stub-go.js';

const MANIFEST = `dist:
  name: mycol
  version: 0.159.0
receivers:
  - gomod: go.opentelemetry.io/collector/receiver/otlpreceiver v0.159.0
`;

function versionsText(vmVersion = 'v1.150.0', extra = ''): string {
  return `require-go 1.26
vm     go-install  github.com/VictoriaMetrics/VictoriaMetrics  ${vmVersion}  pkg=./app/victoria-metrics  version-flag=-version
prom   download-build  github.com/prometheus/prometheus  v0.314.0  pkg=./cmd/app  x=github.com/prometheus/common/version.Version=3.14.0  replace=github.com/a/dep=github.com/a/dep@v1.2.0
col    collector-builder  go.opentelemetry.io/collector/cmd/builder  v0.159.0  manifest=stack/builder.yaml  version-flag=--version
tempo  unavailable  github.com/grafana/tempo  v3.0.3  AGPL: not built here
${extra}`;
}

interface Fixture {
  readonly root: string;
  readonly stackDir: string;
  readonly versionsPath: string;
  readonly go: StubGo;
  readonly events: InstallEvent[];
  options(env?: NodeJS.ProcessEnv): InstallOptions;
}

function fixture(stubVars: Record<string, string> = {}): Fixture {
  const root = tempDir('install');
  mkdirSync(join(root, 'stack'));
  writeFileSync(join(root, 'stack', 'builder.yaml'), MANIFEST);
  const versionsPath = join(root, 'stack', 'versions');
  writeFileSync(versionsPath, versionsText());
  const go = makeStubGo(stubVars);
  const events: InstallEvent[] = [];
  const stackDir = join(root, '.stack');
  return {
    root,
    stackDir,
    versionsPath,
    go,
    events,
    options: (env = go.env) => ({
      stackDir,
      versionsPath,
      repoRoot: root,
      env,
      onEvent: (e) => events.push(e),
    }),
  };
}

function kinds(events: readonly InstallEvent[], name: string): string[] {
  return events
    .filter((e) => 'name' in e && e.name === name && e.kind !== 'step' && e.kind !== 'output')
    .map((e) => e.kind);
}

after(removeTempDirs);

describe('installStack with a stub go', () => {
  it('builds each route into bin/, stamps it, and lists unavailable backends with the reason', async () => {
    const f = fixture();
    const report = await installStack([], f.options());
    assert.equal(report.ok, true);
    assert.equal(report.goVersion, 'go1.26.8');
    assert.deepEqual(
      report.backends.map((b) => [b.name, b.status]),
      [
        ['vm', 'built'],
        ['prom', 'built'],
        ['col', 'built'],
        ['tempo', 'unavailable'],
      ],
    );
    assert.equal(report.backends[3].message, 'AGPL: not built here');
    for (const name of ['vm', 'prom', 'col']) {
      assert.ok(existsSync(binaryPath(name, f.stackDir)), `${name} binary`);
      assert.deepEqual(kinds(f.events, name), ['building', 'built']);
      const stamp = readStamp(join(f.stackDir, 'stamps', `${name}.json`));
      assert.equal(stamp?.goVersion, 'go1.26.8');
    }
    assert.deepEqual(kinds(f.events, 'tempo'), ['unavailable']);
    assert.equal(existsSync(binaryPath('tempo', f.stackDir)), false);
    // The version flag's output is kept in the report and the stamp.
    assert.equal(report.backends[0].binaryVersion, 'fake victoria-metrics v1.150.0');
    assert.equal(report.backends[2].binaryVersion, 'fake collector mycol');
    assert.ok((report.backends[0].durationMs ?? -1) >= 0);

    const log = f.go.log();
    assert.deepEqual(
      log.filter((l) => l.startsWith('install ')),
      [
        'install github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics@v1.150.0',
        'install go.opentelemetry.io/collector/cmd/builder@v0.159.0',
      ],
    );
    // download-build: built in a writable copy of the module with vendor/ removed, -mod=mod, ldflags.
    const build = log.find((l) => l.startsWith('build '));
    assert.match(build ?? '', /vendor=no gomod=6\d\d /);
    assert.match(build ?? '', /-mod=mod/);
    assert.match(build ?? '', /-ldflags=-X github\.com\/prometheus\/common\/version\.Version=3\.14\.0/);
    // replace= edits the copy's go.mod before the build.
    const edit = log.findIndex((l) => l.startsWith('mod-edit '));
    assert.equal(log[edit], 'mod-edit -replace=github.com/a/dep=github.com/a/dep@v1.2.0 in src');
    assert.ok(edit < log.findIndex((l) => l.startsWith('build ')));
    // The builder got a copy of the manifest whose output path is inside the stack's tmp dir.
    assert.match(log.find((l) => l.startsWith('builder ')) ?? '', /\.stack\/tmp\/col\.\d+\/builder\.yaml$/);
    assert.deepEqual(readdirSync(join(f.stackDir, 'tmp')), [], 'work dirs removed');
    assert.equal(requireInstalled('vm', f.stackDir, f.versionsPath).binaryPath, binaryPath('vm', f.stackDir));
  });

  it('skips everything on a second run without running a build', async () => {
    const f = fixture();
    await installStack([], f.options());
    const before = f.go.log().length;
    f.events.length = 0;
    const report = await installStack([], f.options());
    assert.deepEqual(
      report.backends.map((b) => b.status),
      ['skipped', 'skipped', 'skipped', 'unavailable'],
    );
    assert.equal(f.go.log().length, before, 'no go command besides env');
    const skipped = f.events.find((e) => e.kind === 'skipped' && e.name === 'vm');
    assert.deepEqual(skipped, {
      kind: 'skipped',
      name: 'vm',
      version: 'v1.150.0',
      goVersion: 'go1.26.8',
      binaryVersion: 'fake victoria-metrics v1.150.0',
    });
  });

  it('rebuilds only what a changed pin, manifest or Go version affects', async () => {
    const f = fixture();
    await installStack([], f.options());
    writeFileSync(f.versionsPath, versionsText('v1.151.0'));
    let report = await installStack([], f.options());
    assert.deepEqual(
      report.backends.map((b) => b.status),
      ['built', 'skipped', 'skipped', 'unavailable'],
    );
    const building = f.events.filter((e) => e.kind === 'building').at(-1);
    assert.match(
      building?.kind === 'building' ? building.why : '',
      /pinned github\.com\/VictoriaMetrics\/VictoriaMetrics@v1\.151\.0/,
    );

    writeFileSync(join(f.root, 'stack', 'builder.yaml'), MANIFEST.replace('0.159.0', '0.159.1'));
    report = await installStack([], f.options());
    assert.deepEqual(
      report.backends.map((b) => b.status),
      ['skipped', 'skipped', 'built', 'unavailable'],
    );
    // The builder tool itself is installed once per version and reused.
    assert.equal(f.go.log().filter((l) => l.includes('cmd/builder@')).length, 1);

    report = await installStack(['vm'], f.options({ ...f.go.env, STUB_GO_VERSION: 'go1.26.9' }));
    assert.deepEqual(
      report.backends.map((b) => [b.name, b.status]),
      [['vm', 'built']],
    );
  });

  it("records a failed build with go's key line, leaves no binary, and builds the others", async () => {
    const f = fixture();
    writeFileSync(f.versionsPath, versionsText('v1.150.0', 'bad go-install example.com/notserved v1.0.0\n'));
    const report = await installStack(['bad', 'vm'], f.options());
    assert.equal(report.ok, false);
    const bad = report.backends.find((b) => b.name === 'bad');
    assert.equal(bad?.status, 'failed');
    assert.match(
      bad?.message ?? '',
      /^go install failed \(exit 1\): go: example\.com\/notserved@v1\.0\.0: reading .*404 Not Found$/,
    );
    assert.equal(existsSync(binaryPath('bad', f.stackDir)), false);
    assert.equal(existsSync(join(f.stackDir, 'stamps', 'bad.json')), false);
    assert.equal(report.backends.find((b) => b.name === 'vm')?.status, 'built');
    assert.deepEqual(readdirSync(join(f.stackDir, 'tmp')), []);
  });

  it('keeps the previous binary when a rebuild fails half way (the partial output is never moved in)', async () => {
    const f = fixture();
    await installStack(['prom'], f.options());
    const old = readFileSync(binaryPath('prom', f.stackDir), 'utf8');
    writeFileSync(f.versionsPath, versionsText().replace('v0.314.0', 'v0.315.0'));
    const report = await installStack(['prom'], f.options({ ...f.go.env, STUB_GO_BUILD_FAIL: '1' }));
    assert.equal(report.backends[0].status, 'failed');
    assert.match(report.backends[0].message ?? '', /\.\/main\.go:3:2: undefined: broken/);
    assert.equal(readFileSync(binaryPath('prom', f.stackDir), 'utf8'), old);
    assert.notEqual(old.trim(), 'partial');
  });

  it('fails before building anything, in one line, when no go is on PATH', async () => {
    const f = fixture();
    const emptyPath = tempDir('nogo');
    await assert.rejects(installStack([], f.options({ PATH: emptyPath })), (e: unknown) => {
      assert.ok(isObsbenchError(e));
      assert.equal(e.code, 'E_STACK');
      assert.match(
        e.message,
        /^cannot build vm, prom, col: no `go` command on PATH\. .*needs a Go >= 1\.26 toolchain on PATH/,
      );
      return true;
    });
    assert.equal(existsSync(join(f.stackDir, 'bin')), false, 'nothing created');
  });

  it('rejects a Go older than require-go, naming it', async () => {
    const f = fixture({ STUB_GO_VERSION: 'go1.24.2' });
    await assert.rejects(
      installStack(['vm'], f.options()),
      /cannot build vm: .*\/go is go1\.24\.2, older than Go >= 1\.26/,
    );
    assert.equal(f.go.log().length, 0);
  });

  it('needs no Go for backends already built or unavailable', async () => {
    const f = fixture();
    await installStack(['vm'], f.options());
    const emptyPath = tempDir('nogo');
    const report = await installStack(['vm', 'tempo'], f.options({ PATH: emptyPath }));
    assert.deepEqual(
      report.backends.map((b) => b.status),
      ['skipped', 'unavailable'],
    );
    assert.equal(report.goVersion, undefined);
    assert.equal(report.ok, true);
  });

  it('rejects unknown names before probing Go, and requireInstalled explains how to install', async () => {
    const f = fixture();
    await assert.rejects(
      installStack(['mimir'], f.options()),
      /unknown backend "mimir": expected one of vm, prom, col, tempo/,
    );
    assert.throws(
      () => requireInstalled('vm', f.stackDir, f.versionsPath),
      /vm is not installed in .*\(not built\): run `obsbench stack install vm`/,
    );
    assert.throws(
      () => requireInstalled('tempo', f.stackDir, f.versionsPath),
      /tempo is unavailable: AGPL: not built here/,
    );
  });
});
