// Zod issues -> Problems, most useful first: an unknown field usually explains the "missing"
// issue next to it (a typo), so unknown fields are reported before anything else.

import type { z } from 'zod';
import type { FieldPath, Problem } from './problem.js';
import { closestMatch } from './suggest.js';

export function problemsFromZod(issues: readonly z.core.$ZodIssue[], prefix: FieldPath = []): Problem[] {
  const unknown: Problem[] = [];
  const others: Problem[] = [];
  collect(issues, prefix, unknown, others);
  return unknown.concat(others);
}

function collect(
  issues: readonly z.core.$ZodIssue[],
  prefix: FieldPath,
  unknown: Problem[],
  others: Problem[],
): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // The message was worded for the first key (fields.ts); later keys show once it is fixed.
      for (const key of issue.keys)
        unknown.push({ path: [...path, key], kind: 'unknown', message: issue.message });
      continue;
    }
    if (issue.code === 'invalid_union') {
      const branch = matchingBranch(issue.errors);
      if (branch !== undefined) {
        collect(branch, path, unknown, others);
        continue;
      }
    }
    const input = (issue as { input?: unknown }).input;
    let message = issue.message;
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      // A bad record key: the key's own rule says what is wrong, not the record's.
      message = `${issue.issues[0].message}; rename the key`;
    } else if (issue.code === 'invalid_value' && typeof input === 'string') {
      const suggestion = closestMatch(input, issue.values.map(String));
      if (suggestion !== undefined) message += ` (did you mean "${suggestion}"?)`;
    }
    others.push({ path, kind: input === undefined ? 'missing' : 'value', input, message });
  }
}

/**
 * The union branch whose type matched the input (its problems are inside the value, or about
 * the value rather than its type), so `target: { kind: tempo, headers: { a: 5 } }` reports
 * target.headers.a rather than "must be a kind or a mapping". Undefined when no branch matched.
 */
function matchingBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  return branches.find(
    (branch) => branch.length > 0 && branch.every((issue) => issue.path.length > 0 || !isTypeMismatch(issue)),
  );
}

/** The value is of the wrong kind altogether (a mapping where a word was wanted, or vice versa). */
function isTypeMismatch(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return true;
  if (issue.code !== 'invalid_value') return false;
  const input = (issue as { input?: unknown }).input;
  return !issue.values.some((value) => typeof value === typeof input);
}
