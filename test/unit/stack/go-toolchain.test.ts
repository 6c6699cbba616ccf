import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  findOnPath,
  goSatisfies,
  goToolchainError,
  keyErrorLine,
  parseGoVersion,
  probeGo,
} from '../../../src/stack/go-toolchain.js';
import { removeTempDirs, tempDir } from './stub-go.js';

after(removeTempDirs);

describe('go toolchain', () => {
  it('compares go versions against MAJOR.MINOR', () => {
    assert.deepEqual(parseGoVersion('go1.26.8'), [1, 26, 8]);
    assert.deepEqual(parseGoVersion('go1.27rc1'), [1, 27, 0]);
    assert.equal(parseGoVersion('devel go1.28-abc'), undefined);
    assert.equal(goSatisfies('go1.26.0', { major: 1, minor: 26 }), true);
    assert.equal(goSatisfies('go1.27.3', { major: 1, minor: 26 }), true);
    assert.equal(goSatisfies('go1.25.9', { major: 1, minor: 26 }), false);
    assert.equal(goSatisfies('go1.19', { major: 1, minor: 26 }), false);
  });

  it('says what is missing and how to get it when there is no go', () => {
    const message = goToolchainError(undefined, { major: 1, minor: 26 }, [
      'victoria-metrics',
      'prometheus',
    ]).message;
    assert.match(message, /^cannot build victoria-metrics, prometheus: no `go` command on PATH\./);
    assert.match(message, /needs a Go >= 1\.26 toolchain on PATH/);
    assert.match(message, /Debian's golang are older/);
    assert.equal(message.includes('\n'), false, 'one line');
  });

  it('names the go found and its version when it is too old', () => {
    const error = goToolchainError({ goPath: '/usr/bin/go', version: 'go1.22.4' }, { major: 1, minor: 26 }, [
      'otelcol',
    ]);
    assert.equal(error.code, 'E_STACK');
    assert.match(error.message, /cannot build otelcol: \/usr\/bin\/go is go1\.22\.4, older than Go >= 1\.26/);
  });

  it('finds go on PATH only as an executable file, and probes its version', async () => {
    const dir = tempDir('gopath');
    const notExec = join(dir, 'a');
    const exec = join(dir, 'b');
    mkdirSync(notExec);
    mkdirSync(exec);
    writeFileSync(join(notExec, 'go'), '#!/bin/sh\necho go0.1\n');
    writeFileSync(join(exec, 'go'), '#!/bin/sh\necho go1.26.3\n');
    chmodSync(join(exec, 'go'), 0o755);
    const env = { PATH: `${join(dir, 'missing')}:${notExec}:${exec}` };
    assert.equal(findOnPath('go', env), join(exec, 'go'));
    assert.deepEqual(await probeGo(env), { goPath: join(exec, 'go'), version: 'go1.26.3' });
    assert.equal(await probeGo({ PATH: join(dir, 'missing') }), undefined);
  });

  it('picks the line of go output that says why a build failed', () => {
    assert.equal(
      keyErrorLine([
        'go: downloading github.com/a/b v1.0.0',
        'go: github.com/x/y@v9.9.9: reading https://proxy/github.com/x/y/@v/v9.9.9.info: 404 Not Found',
        '',
      ]),
      'go: github.com/x/y@v9.9.9: reading https://proxy/github.com/x/y/@v/v9.9.9.info: 404 Not Found',
    );
    assert.equal(
      keyErrorLine([
        '# github.com/x/y/cmd',
        './main.go:12:3: undefined: foo',
        './main.go:13:3: undefined: bar',
      ]),
      './main.go:12:3: undefined: foo',
    );
    assert.equal(
      keyErrorLine([
        'INFO Compiling',
        'Error: failed to compile the OpenTelemetry Collector distribution: exit status 1',
        'Usage:',
      ]),
      'Error: failed to compile the OpenTelemetry Collector distribution: exit status 1',
    );
    assert.equal(keyErrorLine(['go: downloading a v1', 'something odd']), 'something odd');
    assert.equal(keyErrorLine([]), 'no output');
    assert.equal(keyErrorLine([`go: ${'x'.repeat(1000)}`]).length, 400);
  });
});
