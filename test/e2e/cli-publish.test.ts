// obsbench publish (and run --publish) on bad input: each gives one clear line on stderr and exit
// 2, before or instead of sending anything. The round trip into real backends is in
// test/integration/publish.test.ts.

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../src/stack/free-port.js';
import { makeRunResult } from '../unit/reporters/fixture.js';
import { type CliRun, runCli, tempDir } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const goodResult = join(dir, 'good', 'result.json');
mkdirSync(join(dir, 'good'));
writeFileSync(goodResult, JSON.stringify(makeRunResult({ name: 'good-run' })));

function assertOneLine(r: CliRun, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --debug');
}

test('a missing result is named, and nothing is sent', async () => {
  const r = await runCli(
    ['publish', goodResult, join(dir, 'nope', 'result.json'), '--remote-write', 'http://127.0.0.1:1'],
    30_000,
  );
  assertOneLine(r, /^obsbench: error: .*nope\/result\.json: no such file or directory$/);
  assert.equal(r.stdout, '', 'the good run before it is not sent either');
});

test('a corrupt result.json is named', async () => {
  const file = join(dir, 'corrupt.json');
  writeFileSync(file, '{"schemaVersion": 1, "scenario": ');
  assertOneLine(
    await runCli(['publish', file, '--remote-write', 'http://127.0.0.1:1'], 30_000),
    /corrupt\.json: not valid JSON/,
  );
  const other = join(dir, 'other.json');
  writeFileSync(other, '{"hello": "world"}');
  assertOneLine(
    await runCli(['publish', other, '--remote-write', 'http://127.0.0.1:1'], 30_000),
    /other\.json: not an obsbench result/,
  );
});

test('an unreachable remote write URL: one line saying nothing was sent', async () => {
  const port = await freePort();
  const r = await runCli(['publish', goodResult, '--remote-write', `http://127.0.0.1:${port}`], 30_000);
  assertOneLine(
    r,
    new RegExp(
      `^obsbench: error: publish: good-run \\(ended 2024-05-01T12:01:10\\.000Z\\) was not taken: POST http://127\\.0\\.0\\.1:${port}/api/v1/write: connection refused \\(ECONNREFUSED\\) \\(after 2 retries\\); nothing was sent$`,
    ),
  );
});

test('flags are checked before anything is read or sent', async () => {
  assertOneLine(
    await runCli(['publish', goodResult, '--remote-write', 'http://192.0.2.10:8428'], 30_000),
    /--remote-write: 192\.0\.2\.10 is not a loopback address.*add --allow-remote/,
  );
  assertOneLine(
    await runCli(
      ['publish', goodResult, '--remote-write', 'http://127.0.0.1:1', '--label', 'scenario=x'],
      30_000,
    ),
    /--label: "scenario=x" is not allowed: scenario is set by obsbench/,
  );
  assertOneLine(
    await runCli(['publish', goodResult], 30_000),
    /publish: expected result paths and --remote-write URL/,
  );
  // run checks its publish flags before it runs anything.
  assertOneLine(
    await runCli(['run', 'scenarios/quickstart.yaml', '--publish-label', 'ci=x'], 30_000),
    /--publish-label and --publish-allow-remote need --publish URL/,
  );
  assertOneLine(
    await runCli(['run', 'scenarios/quickstart.yaml', '--publish', 'http://192.0.2.10:8428'], 30_000),
    /--publish: 192\.0\.2\.10 is not a loopback address.*add --publish-allow-remote/,
  );
});
