// One scenario problem -> one line naming the file, the field path, the value and the fix. Every
// E_SCENARIO_INVALID error goes through here so all of them read the same way.

import { ObsbenchError, type ObsbenchErrorCode } from '../errors.js';

export type FieldPath = readonly PropertyKey[];

export interface Problem {
  path: FieldPath;
  /**
   * value: the field holds `input`, which is not allowed; missing: a required field is absent;
   * unknown: the field should not be there; note: anything else, `message` says it all.
   */
  kind: 'value' | 'missing' | 'unknown' | 'note';
  input?: unknown;
  message: string;
  /** Where the value came from when not from the file, e.g. "set by override durationS". */
  origin?: string;
}

const IDENTIFIER_RE = /^[A-Za-z_$][\w$-]*$/;
const MAX_VALUE_CHARS = 60;

/** `load.stages[2].duration`; keys that are not identifiers are quoted: `headers["x y"]`. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER_RE.test(segment))
      text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text === '' ? 'top level' : text;
}

/** A short, single-line rendering of a user-supplied value. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return truncate(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null) return 'null';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // circular (YAML aliases can build cycles) or otherwise unprintable
  }
  if (json !== undefined && json.length <= MAX_VALUE_CHARS) return json;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

function truncate(text: string): string {
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS - 4)}..."`;
}

/** Replaces line breaks so a message is always one line, whatever the input held. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

function problemLine(displayPath: string, problem: Problem): string {
  const where = `${displayPath}: ${formatPath(problem.path)}`;
  const origin = problem.origin === undefined ? '' : ` (${problem.origin})`;
  switch (problem.kind) {
    case 'value':
      return oneLine(`${where}: ${describeValue(problem.input)} is not allowed: ${problem.message}${origin}`);
    case 'missing':
      return oneLine(`${where}: missing: ${problem.message}${origin}`);
    case 'unknown':
      return oneLine(`${where}: unknown field${problem.message}${origin}`);
    default:
      return oneLine(`${where}: ${problem.message}${origin}`);
  }
}

/** The error for `problem`, noting how many more problems follow it (they show once it is fixed). */
export function scenarioError(
  displayPath: string,
  problem: Problem,
  moreProblems = 0,
  code: ObsbenchErrorCode = 'E_SCENARIO_INVALID',
): ObsbenchError {
  const more = moreProblems > 0 ? ` (+${moreProblems} more problem${moreProblems === 1 ? '' : 's'})` : '';
  return new ObsbenchError(code, problemLine(displayPath, problem) + more);
}

/** What messages call the file: the path as the user gave it, or a placeholder for inline text. */
export function displayPathOf(sourcePath: string): string {
  return sourcePath === '' ? '<inline scenario>' : oneLine(sourcePath);
}
