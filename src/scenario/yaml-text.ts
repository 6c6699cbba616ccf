// YAML text -> plain JS value, with syntax errors as one line carrying file:line:col.

import { parseDocument } from 'yaml';
import { ObsbenchError } from '../errors.js';
import { LIMITS } from './limits.js';
import { oneLine } from './problem.js';

/** Aliases may expand a small file into a huge value ("billion laughs"); scenarios need few. */
const MAX_ALIAS_COUNT = 100;

export function parseYamlText(text: string, displayPath: string): unknown {
  if (text.length > LIMITS.maxFileBytes) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${displayPath}: the file has ${text.length} characters; scenario files are limited to ${LIMITS.maxFileBytes}`,
    );
  }
  // prettyErrors off: we want the bare message and the position, not a code frame.
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const error = document.errors[0];
  if (error !== undefined) {
    const position = lineCol(text, error.pos[0]);
    // yaml's own wording here points at its API; say what to do with the file instead.
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'the file holds more than one YAML document (---); put one scenario per file and group files with a suite'
        : error.message;
    throw new ObsbenchError(
      'E_SCENARIO_YAML',
      oneLine(`${displayPath}:${position}: YAML syntax error: ${message}`),
    );
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ObsbenchError('E_SCENARIO_YAML', oneLine(`${displayPath}: YAML error: ${reason}`), { cause });
  }
}

/** 1-based line:col of a character offset. */
function lineCol(text: string, offset: number): string {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${clamped - lineStart + 1}`;
}
