// A report file's path is checked when the flag is parsed: a directory, or a path whose nearest
// existing ancestor is a regular file, is refused before anything runs; directories still missing
// under a writable one are fine (they are made when the file is written).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nearestExistingAncestor, reportFileOption, writeReportFile } from '../../../src/cli/report-file.js';
import { isObsbenchError } from '../../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'report-file-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isObsbenchError(error), String(error));
    assert.equal(error.code, 'E_USAGE');
    assert.match(error.message, pattern);
    return true;
  };
}

test('nearestExistingAncestor: the path itself when it exists, else the first existing directory or file above', () => {
  const file = join(root, 'walk-file.txt');
  writeFileSync(file, 'x');
  mkdirSync(join(root, 'walk', 'a'), { recursive: true });
  assert.deepEqual(nearestExistingAncestor(join(root, 'walk', 'a')), {
    path: join(root, 'walk', 'a'),
    isDirectory: true,
  });
  assert.deepEqual(nearestExistingAncestor(join(root, 'walk', 'a', 'b', 'c', 'd.xml')), {
    path: join(root, 'walk', 'a'),
    isDirectory: true,
  });
  assert.deepEqual(nearestExistingAncestor(join(file, 'sub', 'x.xml')), { path: file, isDirectory: false });
  assert.deepEqual(nearestExistingAncestor('/'), { path: '/', isDirectory: true });
});

test('reportFileOption: a new file in missing directories under a writable one is accepted as given', () => {
  const path = join(root, 'new', 'deeper', 'run.xml');
  assert.equal(reportFileOption('junit', path), path);
  assert.equal(reportFileOption('junit', undefined), undefined);
  const existing = join(root, 'existing.xml');
  writeFileSync(existing, 'old');
  assert.equal(reportFileOption('junit', existing), existing, 'an existing file is replaced');
});

test('reportFileOption: a directory, an empty path, or a parent that is a file are usage errors naming the flag', () => {
  assert.throws(() => reportFileOption('junit', root), usageError(/^--junit: ".*" is not a file path; give/));
  assert.throws(() => reportFileOption('markdown', ''), usageError(/^--markdown: "" is not a file path/));
  const file = join(root, 'plain-file');
  writeFileSync(file, 'x');
  assert.throws(
    () => reportFileOption('junit', join(file, 'run.xml')),
    usageError(new RegExp(`cannot be made: ${file} is a file, not a directory; give a file in a directory`)),
  );
  assert.throws(
    () => reportFileOption('junit', join(file, 'more', 'run.xml')),
    usageError(/is a file, not a directory/),
    'a file further up is found too',
  );
});

test('writeReportFile: makes the missing directories and writes the text', async () => {
  const path = join(root, 'made', 'here', 'out.xml');
  assert.equal(await writeReportFile(path, '<x/>'), path);
  assert.equal(readFileSync(path, 'utf8'), '<x/>');
});
