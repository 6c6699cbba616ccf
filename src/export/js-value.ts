// JavaScript source text for plain values (numbers, strings, arrays, objects, and code written as
// is), laid out the way the repository's formatter (Biome: 2-space indent, 110 columns, single
// quotes, trailing commas) lays them out, so a generated script is already formatted: an object
// or array stays on one line when it fits, else one entry a line; an array of two or more
// objects of two or more entries always takes one entry a line; an object marked `expanded`
// always does (the formatter keeps an object whose first key is on its own line as it is).

const LINE_WIDTH = 110;
const INDENT = '  ';

/** Code written into the script as is: an identifier, a call, a template literal. */
export class JsCode {
  constructor(readonly text: string) {}
}

/** An object always written one entry a line. */
class JsExpanded {
  constructor(readonly entries: JsObject) {}
}

/** `callee(argument)`, the one argument hugged: `new X({` ... `})`. */
class JsCall {
  constructor(
    readonly callee: string,
    readonly argument: JsValue,
  ) {}
}

export type JsValue =
  | string
  | number
  | boolean
  | JsCode
  | JsExpanded
  | JsCall
  | readonly JsValue[]
  | JsObject;
/** Entries whose value is undefined are left out. */
export interface JsObject {
  readonly [key: string]: JsValue | undefined;
}

export const jsCode = (text: string): JsCode => new JsCode(text);
export const expanded = (entries: JsObject): JsExpanded => new JsExpanded(entries);
export const jsCall = (callee: string, argument: JsValue): JsCall => new JsCall(callee, argument);

/** A string literal: single quotes unless the text holds more of them than double quotes. */
export function jsString(text: string): string {
  const singles = text.split("'").length - 1;
  const doubles = text.split('"').length - 1;
  const quote = singles > doubles ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

const IDENTIFIER_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function jsKey(key: string): string {
  return IDENTIFIER_RE.test(key) ? key : jsString(key);
}

function jsNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`js-value: ${n} has no JavaScript literal`);
  return String(n).replace('e+', 'e');
}

function isPlainObject(value: JsValue): value is JsObject {
  return (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof JsCode) &&
    !(value instanceof JsCall)
  );
}

function entriesOf(value: JsObject | JsExpanded): [string, JsValue][] {
  const record = value instanceof JsExpanded ? value.entries : value;
  return Object.entries(record).filter((entry): entry is [string, JsValue] => entry[1] !== undefined);
}

/** Two or more elements, each an object of two or more entries (or an array of two or more). */
function arrayAlwaysBreaks(items: readonly JsValue[]): boolean {
  return (
    items.length > 1 &&
    items.every((item) =>
      Array.isArray(item) ? item.length > 1 : isPlainObject(item) && entriesOf(item).length > 1,
    )
  );
}

/** The value on one line, or null when it must take several. */
function inline(value: JsValue): string | null {
  if (typeof value === 'string') return jsString(value);
  if (typeof value === 'number') return jsNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof JsCode) return value.text.includes('\n') ? null : value.text;
  if (value instanceof JsExpanded) return null;
  if (value instanceof JsCall) {
    const argument = inline(value.argument);
    return argument === null ? null : `${value.callee}(${argument})`;
  }
  if (Array.isArray(value)) {
    const items: readonly JsValue[] = value;
    if (arrayAlwaysBreaks(items)) return null;
    const parts = items.map(inline);
    return parts.includes(null) ? null : `[${parts.join(', ')}]`;
  }
  const entries = entriesOf(value as JsObject);
  if (entries.length === 0) return '{}';
  const parts = entries.map(([key, item]) => {
    const text = inline(item);
    return text === null ? null : `${jsKey(key)}: ${text}`;
  });
  return parts.includes(null) ? null : `{ ${parts.join(', ')} }`;
}

/**
 * The value as it stands at `depth` levels of indentation, after `prefixLength` characters of its
 * first line (`const x = `, `key: `) and before `suffix` (`;`, `,`, `);`) on its last.
 */
function layout(value: JsValue, depth: number, prefixLength: number, suffixLength: number): string {
  const oneLine = inline(value);
  if (oneLine !== null && depth * INDENT.length + prefixLength + oneLine.length + suffixLength <= LINE_WIDTH)
    return oneLine;
  if (value instanceof JsCall) {
    const open = `${value.callee}(`;
    return `${open}${layout(value.argument, depth, prefixLength + open.length, suffixLength + 1)})`;
  }
  const inner = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    const items: readonly JsValue[] = value;
    if (items.length === 0) return '[]';
    const lines = items.map((item) => `${inner}${layout(item, depth + 1, 0, 1)},`);
    return `[\n${lines.join('\n')}\n${close}]`;
  }
  if (value instanceof JsExpanded || isPlainObject(value)) {
    const entries = entriesOf(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, item]) => {
      const name = `${jsKey(key)}: `;
      return `${inner}${name}${layout(item, depth + 1, name.length, 1)},`;
    });
    return `{\n${lines.join('\n')}\n${close}}`;
  }
  // A string, number or code that does not fit stays as it is: there is nothing to break.
  return oneLine ?? (value as JsCode).text;
}

/** `prefix` + the value + `suffix` as top-level lines (no indentation). */
export function jsStatement(prefix: string, value: JsValue, suffix: string): string {
  return `${prefix}${layout(value, 0, prefix.length, suffix.length)}${suffix}`;
}
