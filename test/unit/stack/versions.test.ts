import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { defaultVersionsPath } from '../../../src/stack/paths.js';
import { loadStackVersions, parseStackVersions, selectBackends } from '../../../src/stack/versions.js';

const GOOD = `# a comment
require-go 1.26

vm   go-install  github.com/VictoriaMetrics/VictoriaMetrics  v1.150.0  pkg=./app/victoria-metrics  x=github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version={name}-{version}  version-flag=-version  # trailing comment
prom download-build github.com/prometheus/prometheus v0.314.0 pkg=./cmd/prometheus tags=netgo,builtinassets replace=github.com/a/b=github.com/a/b@v1.2.3-0.20260101000000-abcdef123456
col  collector-builder go.opentelemetry.io/collector/cmd/builder v0.159.0 manifest=stack/collector/builder.yaml
logs go-install github.com/VictoriaMetrics/VictoriaLogs v1.51.1-0.20260624061259-dc94972a8708
tempo unavailable github.com/grafana/tempo v3.0.3 AGPL: not built here
`;

function parseError(text: string): string {
  try {
    parseStackVersions(text, 'versions');
  } catch (error) {
    assert.ok(isObsbenchError(error), `expected an ObsbenchError, got ${String(error)}`);
    assert.equal(error.code, 'E_STACK');
    return error.message;
  }
  assert.fail('expected a parse error');
}

describe('parseStackVersions', () => {
  it('reads pins, options, the Go requirement and unavailable reasons', () => {
    const v = parseStackVersions(GOOD, 'versions');
    assert.deepEqual(v.requireGo, { major: 1, minor: 26 });
    assert.deepEqual(
      v.backends.map((b) => [b.name, b.route, b.line]),
      [
        ['vm', 'go-install', 4],
        ['prom', 'download-build', 5],
        ['col', 'collector-builder', 6],
        ['logs', 'go-install', 7],
        ['tempo', 'unavailable', 8],
      ],
    );
    const [vm, prom, col, logs, tempo] = v.backends;
    assert.equal(vm.pkg, './app/victoria-metrics');
    assert.deepEqual(vm.ldflagsX, [
      'github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=vm-v1.150.0',
    ]);
    assert.equal(vm.versionFlag, '-version');
    assert.deepEqual(prom.tags, ['netgo', 'builtinassets']);
    assert.deepEqual(prom.replaces, ['github.com/a/b=github.com/a/b@v1.2.3-0.20260101000000-abcdef123456']);
    assert.deepEqual(vm.replaces, []);
    assert.equal(col.manifest, 'stack/collector/builder.yaml');
    assert.equal(logs.pkg, '.');
    assert.equal(logs.version, 'v1.51.1-0.20260624061259-dc94972a8708');
    assert.equal(tempo.reason, 'AGPL: not built here');
  });

  it('names the line and the field of each mistake', () => {
    const header = 'require-go 1.26\n';
    const cases: Array<[string, RegExp]> = [
      [`${header}vm go-install github.com/a/b`, /versions:2: expected NAME ROUTE MODULE VERSION/],
      [`${header}VM go-install github.com/a/b v1.0.0`, /versions:2: name "VM"/],
      [
        `${header}vm docker github.com/a/b v1.0.0`,
        /versions:2: route "docker" of vm: expected one of go-install/,
      ],
      [`${header}vm go-install notamodule v1.0.0`, /versions:2: module "notamodule" of vm/],
      [`${header}vm go-install github.com/a/b 1.0.0`, /versions:2: version "1.0.0" of vm/],
      [
        `${header}vm go-install github.com/a/b v1.0.0 manifest=x.yaml`,
        /versions:2: vm: option "manifest" is not allowed for route go-install/,
      ],
      [`${header}vm go-install github.com/a/b v1.0.0 pkg`, /versions:2: vm: option "pkg" is not KEY=VALUE/],
      [
        `${header}vm go-install github.com/a/b v1.0.0 pkg=cmd/x`,
        /pkg=cmd\/x: expected a module-relative directory/,
      ],
      [`${header}vm go-install github.com/a/b v1.0.0 pkg=./a pkg=./b`, /option pkg given twice/],
      [`${header}vm download-build github.com/a/b v1.0.0`, /vm: download-build needs pkg=/],
      [
        `${header}c collector-builder go.opentelemetry.io/collector/cmd/builder v0.159.0`,
        /c: collector-builder needs manifest=/,
      ],
      [
        `${header}c collector-builder go.opentelemetry.io/x/y v0.1.0 manifest=../outside.yaml`,
        /manifest=..\/outside.yaml: expected a path inside the repo/,
      ],
      [`${header}t unavailable github.com/grafana/tempo v3.0.3`, /versions:2: t is unavailable: say why/],
      [
        `${header}vm go-install github.com/a/b v1.0.0\nvm go-install github.com/a/b v1.0.1`,
        /versions:3: name "vm": pinned twice/,
      ],
      [
        `${header}vm go-install github.com/a/b v1.0.0 x=novariable`,
        /x=novariable: expected IMPORT\/PATH.Variable=VALUE/,
      ],
      [
        'require-go 1\nvm go-install github.com/a/b v1.0.0',
        /versions:1: require-go: expected one MAJOR.MINOR/,
      ],
      ['vm go-install github.com/a/b v1.0.0', /versions: missing the line "require-go MAJOR.MINOR"/],
      [header, /versions: pins no backend/],
    ];
    for (const [text, expected] of cases) assert.match(parseError(text), expected, text);
  });

  it('selects backends by name, in file order, and rejects unknown names with the known ones', () => {
    const v = parseStackVersions(GOOD, 'versions');
    assert.deepEqual(
      selectBackends(v, []).map((b) => b.name),
      ['vm', 'prom', 'col', 'logs', 'tempo'],
    );
    assert.deepEqual(
      selectBackends(v, ['tempo', 'vm']).map((b) => b.name),
      ['vm', 'tempo'],
    );
    assert.throws(
      () => selectBackends(v, ['vm', 'mimir']),
      (e: unknown) =>
        isObsbenchError(e) &&
        e.code === 'E_USAGE' &&
        /unknown backend "mimir": expected one of vm, prom/.test(e.message),
    );
  });

  it('NAME@VERSION is the same build at another release, cached under its own name', () => {
    const v = parseStackVersions(GOOD, 'versions');
    const [other] = selectBackends(v, ['vm@v1.148.9']);
    assert.equal(other.name, 'vm@v1.148.9');
    assert.equal(other.version, 'v1.148.9');
    assert.equal(other.module, 'github.com/VictoriaMetrics/VictoriaMetrics');
    assert.deepEqual(other.ldflagsX, [
      'github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=vm-v1.148.9',
    ]);
    assert.equal(selectBackends(v, ['vm@v1.150.0'])[0].name, 'vm', 'the pinned release is the pinned build');
    assert.throws(() => selectBackends(v, ['col@v0.150.0']), /collector-builder, whose versions are fixed/);
    assert.throws(() => selectBackends(v, ['vm@latest']), /must look like v1\.148\.9/);
    assert.throws(() => selectBackends(v, ['mimir@v1.0.0']), /unknown backend "mimir"/);
  });

  it('accepts the repo stack/versions: every mission backend pinned, AGPL ones unavailable with a reason', () => {
    const v = loadStackVersions(defaultVersionsPath());
    const byName = new Map(v.backends.map((b) => [b.name, b]));
    for (const name of [
      'victoria-metrics',
      'vmagent',
      'victoria-logs',
      'prometheus',
      'otelcol',
      'telemetrygen',
    ]) {
      assert.notEqual(byName.get(name)?.route, undefined, `${name} is pinned`);
      assert.notEqual(byName.get(name)?.route, 'unavailable', `${name} is buildable`);
    }
    for (const name of ['tempo', 'loki']) {
      assert.equal(byName.get(name)?.route, 'unavailable');
      assert.match(byName.get(name)?.reason ?? '', /AGPL/);
    }
    // go install refuses a go.mod with replace/exclude directives, which Prometheus has.
    assert.equal(byName.get('prometheus')?.route, 'download-build');
  });

  it('reports a missing versions file with its path', () => {
    assert.throws(
      () => loadStackVersions('/nonexistent/stack/versions'),
      /\/nonexistent\/stack\/versions: cannot read the stack versions file \(no such file\)/,
    );
  });
});
