import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type BuildStamp, buildKeyOf, decideBuild, readStamp, writeStamp } from '../../../src/stack/stamp.js';
import { parseStackVersions } from '../../../src/stack/versions.js';
import { removeTempDirs, tempDir } from './stub-go.js';

const [PIN, COLLECTOR] = parseStackVersions(
  `require-go 1.26
vm go-install github.com/VictoriaMetrics/VictoriaMetrics v1.150.0 pkg=./app/victoria-metrics
col collector-builder go.opentelemetry.io/collector/cmd/builder v0.159.0 manifest=stack/collector/builder.yaml
`,
  'versions',
).backends;

function stampFor(overrides: Partial<BuildStamp> = {}): BuildStamp {
  return {
    name: 'vm',
    module: PIN.module,
    version: PIN.version,
    route: PIN.route,
    buildKey: buildKeyOf(PIN, undefined),
    goVersion: 'go1.26.8',
    binaryVersion: 'vm-v1.150.0',
    builtAt: '2026-11-24T00:00:00.000Z',
    buildDurationMs: 1000,
    ...overrides,
  };
}

after(removeTempDirs);

describe('build stamps', () => {
  const dir = tempDir('stamp');
  const binary = join(dir, 'vm');
  writeFileSync(binary, 'binary');
  const key = buildKeyOf(PIN, undefined);

  it('skips a binary whose stamp matches the pin and the Go on PATH', () => {
    const decision = decideBuild(PIN, key, binary, stampFor(), 'go1.26.8');
    assert.equal(decision.action, 'skip');
  });

  it('rebuilds, saying why, when anything that shapes the binary differs', () => {
    const why = (stamp: BuildStamp | undefined, goVersion = 'go1.26.8', path = binary): string => {
      const d = decideBuild(PIN, key, path, stamp, goVersion);
      assert.equal(d.action, 'build');
      return d.action === 'build' ? d.why : '';
    };
    assert.equal(why(stampFor(), 'go1.26.8', join(dir, 'absent')), 'not built yet');
    assert.equal(why(undefined), 'no build stamp beside the binary');
    assert.match(why(stampFor({ version: 'v1.149.0' })), /built from .*@v1\.149\.0, pinned .*@v1\.150\.0/);
    assert.match(
      why(stampFor({ route: 'download-build' })),
      /built by route download-build, pinned go-install/,
    );
    assert.equal(why(stampFor({ buildKey: 'other' })), 'build options or manifest changed');
    assert.equal(why(stampFor(), 'go1.26.9'), 'built with go1.26.8, Go on PATH is go1.26.9');
  });

  it('accepts any Go version when no Go is on PATH (nothing could rebuild it)', () => {
    assert.equal(
      decideBuild(PIN, key, binary, stampFor({ goVersion: 'go1.26.1' }), undefined).action,
      'skip',
    );
  });

  it('keys on build options and on the manifest content', () => {
    assert.notEqual(buildKeyOf(COLLECTOR, 'receivers: [a]'), buildKeyOf(COLLECTOR, 'receivers: [b]'));
    assert.equal(buildKeyOf(COLLECTOR, 'x'), buildKeyOf(COLLECTOR, 'x'));
    assert.notEqual(buildKeyOf(PIN, undefined), buildKeyOf({ ...PIN, ldflagsX: ['a.B=c'] }, undefined));
  });

  it('round-trips through a file written atomically; unreadable stamps read as absent', () => {
    const path = join(dir, 'stamps', 'vm.json');
    writeStamp(path, stampFor());
    assert.deepEqual(readStamp(path), stampFor());
    assert.deepEqual(readdirSync(join(dir, 'stamps')), ['vm.json'], 'no temp file left');
    writeFileSync(path, '{ not json');
    assert.equal(readStamp(path), undefined);
    assert.equal(readStamp(join(dir, 'none.json')), undefined);
  });
});
