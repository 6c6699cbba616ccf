// The reports run writes after its runs: the result files always, the HTML page when it can be
// made. A page that throws is one line on stderr and the run goes on (table, JUnit, publish);
// a result file that cannot be written still stops the command.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeSuiteReports } from '../../../src/cli/run-suite.js';
import { getReporter, type Reporter } from '../../../src/reporters/index.js';
import { makeRunResult } from '../reporters/fixture.js';

const root = mkdtempSync(join(tmpdir(), 'run-suite-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

function throwing(name: string): Reporter {
  return {
    name,
    report: async () => {
      throw new Error(`${name} renderer broke: Cannot read properties of undefined`);
    },
  };
}

/** What `fn` wrote to stderr while it ran. */
async function stderrOf<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const original = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await fn(), stderr };
  } finally {
    process.stderr.write = original;
  }
}

test('an HTML page that throws is told on stderr; the result files are written and returned', async () => {
  const dir = join(root, 'html-throws');
  const { value: files, stderr } = await stderrOf(() =>
    writeSuiteReports([makeRunResult()], dir, [getReporter('json'), throwing('html'), getReporter('csv')]),
  );
  assert.ok(files.length >= 2, files.join(', '));
  for (const file of files) assert.ok(existsSync(file), file);
  assert.ok(files.some((f) => f.endsWith('summary.json')));
  assert.ok(
    files.some((f) => f.endsWith('.csv')),
    'the reporter after the page still ran',
  );
  assert.equal(
    stderr,
    'run: no HTML report (html renderer broke: Cannot read properties of undefined); the results are written\n',
  );
});

test('every reporter by default, report.html among them; a result reporter that throws still stops', async () => {
  const dir = join(root, 'defaults');
  const { value: files, stderr } = await stderrOf(() => writeSuiteReports([makeRunResult()], dir));
  assert.ok(files.includes(join(dir, 'report.html')), files.join(', '));
  assert.equal(stderr, '');
  await assert.rejects(
    writeSuiteReports([makeRunResult()], join(root, 'json-throws'), [throwing('json')]),
    /json renderer broke/,
  );
});
