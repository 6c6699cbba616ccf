// Zod builders for scenario fields. Each field carries one help text, used both as the error
// message for every way the field can be wrong and (with its default) as its JSON Schema description.

import { z } from 'zod';
import { DURATION_HELP, DURATION_PATTERN, durationToS, formatDurationS } from './duration.js';
import { closestMatch } from './suggest.js';

function describe(meaning: string, defaultText?: string): { description: string } {
  const sentence = meaning.charAt(0).toUpperCase() + meaning.slice(1);
  return {
    description: defaultText === undefined ? `${sentence}.` : `${sentence}. Default: ${defaultText}.`,
  };
}

/** `defaultValue` is shown in the schema's description: a number, or a text when it depends on other fields. */
export function intField(min: number, max: number, meaning: string, defaultValue?: number | string) {
  const help = `must be an integer from ${min} to ${max} (${meaning})`;
  return z
    .number({ error: help })
    .int({ error: help })
    .min(min, { error: help })
    .max(max, { error: help })
    .meta(describe(meaning, defaultValue === undefined ? undefined : String(defaultValue)));
}

/** A finite number: > min when `exclusive`, else >= min; and <= max. */
export function numberField(
  bound: { min: number; exclusive?: boolean; max: number },
  meaning: string,
  defaultValue?: number,
) {
  const lower = bound.exclusive ? `> ${bound.min}` : `>= ${bound.min}`;
  const help = `must be a number ${lower} and <= ${bound.max} (${meaning})`;
  const base = z.number({ error: help });
  const lowered = bound.exclusive
    ? base.gt(bound.min, { error: help })
    : base.min(bound.min, { error: help });
  return lowered
    .max(bound.max, { error: help })
    .meta(describe(meaning, defaultValue === undefined ? undefined : String(defaultValue)));
}

/** A share of items, 0..1. */
export function shareField(meaning: string, defaultValue?: number) {
  const help = `must be a number from 0 to 1 (${meaning})`;
  return z
    .number({ error: help })
    .min(0, { error: help })
    .max(1, { error: help })
    .meta(describe(meaning, defaultValue === undefined ? undefined : String(defaultValue)));
}

/** `defaultValue`: the default, or a text saying how it is decided. */
export function booleanField(meaning: string, defaultValue: boolean | string) {
  return z
    .boolean({ error: `must be true or false (${meaning})` })
    .meta(describe(meaning, String(defaultValue)));
}

export function enumField<const T extends readonly [string, ...string[]]>(
  values: T,
  meaning: string,
  defaultText?: string,
) {
  return z
    .enum(values, { error: `must be one of ${values.join(', ')} (${meaning})` })
    .meta(describe(meaning, defaultText));
}

export function stringField(pattern: RegExp, maxLength: number, help: string, meaning: string) {
  const message = `${help} (${meaning})`;
  return z
    .string({ error: message })
    .max(maxLength, { error: `${message}; at most ${maxLength} characters` })
    .regex(pattern, { error: message })
    .meta(describe(meaning));
}

/** A duration, read as seconds: a number of seconds or text like "1h30m" (see duration.ts). */
export function durationField(
  bound: { allowZero: boolean; maxS: number },
  meaning: string,
  defaultS?: number,
) {
  const help = `must be ${DURATION_HELP}, ${bound.allowZero ? '>= 0' : '> 0'} and at most ${formatDurationS(bound.maxS)} (${meaning})`;
  return z
    .union(
      [
        z.number({ error: help }),
        z.string({ error: help }).regex(new RegExp(DURATION_PATTERN), { error: help }),
      ],
      {
        error: help,
      },
    )
    .transform((value, ctx) => {
      const seconds = durationToS(value);
      if (seconds === undefined || seconds > bound.maxS || (bound.allowZero ? seconds < 0 : seconds <= 0)) {
        ctx.issues.push({ code: 'custom', message: help, input: value });
        return z.NEVER;
      }
      return seconds;
    })
    .meta(describe(meaning, defaultS === undefined ? undefined : formatDurationS(defaultS)));
}

/** Text after "unknown field": a did-you-mean, a hint where the field belongs, or the allowed list. */
function unknownFieldMessage(
  key: string,
  allowedKeys: readonly string[],
  elsewhere?: Readonly<Record<string, string>>,
): string {
  const suggestion = closestMatch(key, allowedKeys);
  if (suggestion !== undefined) return ` (did you mean "${suggestion}"?)`;
  const home = elsewhere !== undefined && Object.hasOwn(elsewhere, key) ? elsewhere[key] : undefined;
  if (home !== undefined) return ` here (it belongs under ${home}: ${home}.${key})`;
  return `; allowed fields: ${allowedKeys.join(', ')}`;
}

/**
 * A strict object: unknown fields are errors with a did-you-mean. `elsewhere` maps keys that
 * belong to a nested mapping (rate -> load) so a misplaced field gets a useful hint.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  meaning: string,
  elsewhere?: Readonly<Record<string, string>>,
) {
  const keys = Object.keys(shape);
  const typeHelp = `must be a mapping (${meaning}) with fields: ${keys.join(', ')}`;
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? unknownFieldMessage(String(issue.keys[0]), keys, elsewhere)
          : typeHelp,
    })
    .meta(describe(meaning));
}
