// JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): <testsuites> holding one
// <testsuite> per group, each <testcase> passed, failed (<failure>), errored (<error>) or skipped
// (<skipped>), with the counts and times on each suite and on the whole. Text from results (scenario
// names, reasons) is escaped here, including characters XML 1.0 cannot carry at all.

export type JUnitOutcome =
  | { readonly kind: 'pass' }
  /** A verdict that failed: `message` carries the figures, `details` the longer text. */
  | { readonly kind: 'failure'; readonly type: string; readonly message: string; readonly details?: string }
  /** The thing under test did not finish (a partial run). */
  | { readonly kind: 'error'; readonly type: string; readonly message: string }
  /** No verdict could be reached (inconclusive): `message` says why. */
  | { readonly kind: 'skipped'; readonly message: string };

export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly timeS: number;
  readonly outcome: JUnitOutcome;
}

export interface JUnitSuite {
  readonly name: string;
  readonly timeS: number;
  /** ISO 8601 start time, or null when the group has none (a comparison of stored runs). */
  readonly startedAt: string | null;
  readonly properties: ReadonlyArray<readonly [string, string]>;
  readonly cases: readonly JUnitCase[];
  /** Context that is no verdict of its own (caveats, the conclusion), as <system-out>. */
  readonly output: string;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeS: number;
}

function countsOf(suites: readonly JUnitSuite[]): Counts {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, timeS: 0 };
  for (const suite of suites) {
    counts.timeS += suite.timeS;
    for (const c of suite.cases) {
      counts.tests++;
      if (c.outcome.kind === 'failure') counts.failures++;
      else if (c.outcome.kind === 'error') counts.errors++;
      else if (c.outcome.kind === 'skipped') counts.skipped++;
    }
  }
  return counts;
}

// XML 1.0 allows tab, newline, carriage return and the characters from U+0020 on, except lone
// surrogates and U+FFFE/U+FFFF. Anything else is written as a visible \uXXXX so no text is lost.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function xmlSafe(text: string): string {
  return text.replace(NOT_XML, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Element text: & and < must be escaped, > too so that "]]>" cannot appear. */
function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; newlines and tabs as references, which parsers keep. */
function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function attributes(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  return pairs.map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`).join('');
}

function seconds(s: number): string {
  return Number.isFinite(s) && s > 0 ? s.toFixed(3) : '0';
}

function countAttributes(c: Counts): Array<readonly [string, string | number]> {
  return [
    ['tests', c.tests],
    ['failures', c.failures],
    ['errors', c.errors],
    ['skipped', c.skipped],
    ['time', seconds(c.timeS)],
  ];
}

/** The element inside a test case that is not a plain pass. */
function outcomeXml(o: Exclude<JUnitOutcome, { kind: 'pass' }>): string {
  if (o.kind === 'skipped') return `<skipped${attributes([['message', o.message]])}/>`;
  const attrs = attributes([
    ['message', o.message],
    ['type', o.type],
  ]);
  return o.kind === 'error'
    ? `<error${attrs}/>`
    : `<failure${attrs}>${escapeXmlText(o.details ?? o.message)}</failure>`;
}

function caseXml(c: JUnitCase): string[] {
  const open = `    <testcase${attributes([
    ['name', c.name],
    ['classname', c.classname],
    ['time', seconds(c.timeS)],
  ])}`;
  if (c.outcome.kind === 'pass') return [`${open}/>`];
  return [`${open}>`, `      ${outcomeXml(c.outcome)}`, '    </testcase>'];
}

function suiteXml(suite: JUnitSuite): string[] {
  const attrs: Array<readonly [string, string | number]> = [
    ['name', suite.name],
    ...countAttributes(countsOf([suite])),
  ];
  // The JUnit schema's timestamp has no zone or fraction; every time obsbench writes is UTC.
  if (suite.startedAt) attrs.push(['timestamp', suite.startedAt.slice(0, 19)]);
  const lines = [`  <testsuite${attributes(attrs)}>`];
  if (suite.properties.length > 0) {
    lines.push('    <properties>');
    for (const [name, value] of suite.properties)
      lines.push(
        `      <property${attributes([
          ['name', name],
          ['value', value],
        ])}/>`,
      );
    lines.push('    </properties>');
  }
  for (const c of suite.cases) lines.push(...caseXml(c));
  if (suite.output) lines.push(`    <system-out>${escapeXmlText(suite.output)}</system-out>`);
  lines.push('  </testsuite>');
  return lines;
}

/** The whole document: `name` on <testsuites>, the suites in order. */
export function renderJUnit(name: string, suites: readonly JUnitSuite[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes([['name', name], ...countAttributes(countsOf(suites))])}>`,
    ...suites.flatMap(suiteXml),
    '</testsuites>',
    '',
  ].join('\n');
}
