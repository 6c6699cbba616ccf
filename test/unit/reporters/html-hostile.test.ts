// Hand-edited report inputs cannot put markup into a page meant to be mailed: text in any field of a
// comparison, a capacity search, a capacity A/B or claim verdicts is shown escaped, and a string
// where a number belongs is refused by the reader naming the field (and, rendered anyway, still
// escaped). The runs page's own test is in html-page.test.ts.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isObsbenchError } from '../../../src/errors.js';
import { readHtmlInput } from '../../../src/reporters/html/inputs.js';
import { esc } from '../../../src/reporters/html/markup.js';
import { type HtmlInput, renderHtmlReport } from '../../../src/reporters/html/report.js';
import {
  capacityAbFixture,
  capacityFixture,
  capacityStep,
  comparisonFixture,
  embeddedData,
  verdictsFixture,
} from './html-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'obsbench-html-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

/** Writes `doc` to `name` and reads it back as `obsbench report` does. */
function readBack(name: string, doc: unknown): HtmlInput {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return readHtmlInput(file);
}

/** No element from the input (three script elements, all the page's own), its text shown escaped. */
function assertInert(html: string, source: unknown): void {
  assert.equal(html.includes('<script>alert'), false, 'a script element from the input');
  assert.equal(html.includes('<img src=x'), false, 'an element from the input');
  assert.equal(html.match(/<script[\s>]/g)?.length, 3);
  assert.ok(html.includes(esc(HOSTILE)), 'the text is shown, escaped');
  assert.deepEqual(embeddedData(html).source[0].data, source, 'the data block parses back to the input');
}

function assertRefused(name: string, doc: unknown, message: RegExp): void {
  assert.throws(
    () => readBack(name, doc),
    (e) => isObsbenchError(e) && e.exitCode === 2 && message.test(e.message) && !e.message.includes('\n'),
    name,
  );
}

test('comparison: hostile text in every text field stays text', () => {
  const c = comparisonFixture();
  c.gate = HOSTILE;
  c.unpaired = [HOSTILE];
  c.regressions = [{ scenario: HOSTILE, figure: HOSTILE }];
  const s = c.scenarios[0];
  s.scenario = HOSTILE;
  s.caveats = [HOSTILE];
  const f = s.figures[0];
  Object.assign(f, { id: HOSTILE, label: HOSTILE, unit: HOSTILE, reason: HOSTILE, verdict: HOSTILE });
  const doc = { ...c, a: { description: HOSTILE }, b: { description: HOSTILE } };
  const input = readBack('comparison.json', doc);
  assert.equal(input.kind, 'comparison');
  assertInert(renderHtmlReport([input]), doc);
});

test('comparison: a string in change.value, a run count or a median is refused, and would render inert', () => {
  const change = comparisonFixture();
  (change.scenarios[0].figures[0].change as unknown as Record<string, unknown>).value = HOSTILE;
  assertRefused(
    'change.json',
    change,
    /change\.json: scenarios\[0\]\.figures\[0\]\.change: value is "\\"><script>.*, expected a number; write it again/,
  );
  const runs = comparisonFixture();
  (runs.scenarios[0] as unknown as Record<string, unknown>).baseRuns = HOSTILE;
  assertRefused('runs.json', runs, /scenarios\[0\]: baseRuns is ".*, expected a number/);
  const median = comparisonFixture();
  (median.scenarios[0].figures[0].cand as unknown as Record<string, unknown>).median = '30';
  assertRefused('median.json', median, /figures\[0\]\.cand: median is "30", expected a number/);
  // Past the reader (a caller building the input itself), the count is escaped all the same.
  assertInert(renderHtmlReport([{ kind: 'comparison', comparison: runs, runs: null }]), runs);
});

test('capacity: hostile text stays text; a string in a step rate is refused, and would render inert', () => {
  const report = capacityFixture([capacityStep(10_000, true), capacityStep(20_000, false)]);
  Object.assign(report.scenario, { name: HOSTILE, target: HOSTILE, sourcePath: HOSTILE });
  report.conclusion = HOSTILE;
  report.curve[1].reason = HOSTILE;
  const input = readBack('capacity.json', report);
  assert.equal(input.kind, 'capacity');
  assertInert(renderHtmlReport([input]), report);
  (report.curve[0] as unknown as Record<string, unknown>).ratePerS = HOSTILE;
  assertRefused(
    'capacity.json',
    report,
    /capacity\.json: curve\[0\]: ratePerS is ".*, expected a number; run obsbench capacity again/,
  );
  assertInert(renderHtmlReport([{ kind: 'capacity', report }]), report);
  const nullRate = capacityFixture([capacityStep(10_000, true)]);
  (nullRate as unknown as Record<string, unknown>).stepDurationS = null;
  assertRefused('capacity.json', nullRate, /stepDurationS is null, expected a number/);
});

test('capacity A/B: hostile text stays text; a string in the ratio is refused', () => {
  const c = capacityAbFixture();
  c.scenario = HOSTILE;
  c.a.variant = HOSTILE;
  c.dir = HOSTILE;
  const input = readBack('capacity-ab.json', c);
  assert.equal(input.kind, 'capacity-ab');
  assertInert(renderHtmlReport([input]), c);
  (c.ratio as unknown as Record<string, unknown>).low = HOSTILE;
  assertRefused('capacity-ab.json', c, /capacity-ab\.json: ratio: low is ".*, expected a number/);
  const values = capacityAbFixture();
  (values.b.sustainedRatePerS?.values as unknown[])[1] = HOSTILE;
  assertRefused('capacity-ab.json', values, /b\.sustainedRatePerS: values\.1 is ".*, expected a number/);
});

test('validate: hostile text stays text; a string in interval.n or measured is refused, and would render inert', () => {
  const verdicts = verdictsFixture();
  Object.assign(verdicts[0], {
    id: HOSTILE,
    statement: HOSTILE,
    stated: HOSTILE,
    unit: HOSTILE,
    reason: HOSTILE,
    conditions: HOSTILE,
    verdict: HOSTILE,
  });
  const input = readBack('verdicts.json', verdicts);
  assert.equal(input.kind, 'validate');
  assertInert(renderHtmlReport([input]), verdicts);
  (verdicts[0].interval as unknown as Record<string, unknown>).n = HOSTILE;
  assertRefused(
    'verdicts.json',
    verdicts,
    /verdicts\.json: \[0\]\.interval: n is ".*, expected a number; run obsbench validate again/,
  );
  assertInert(renderHtmlReport([{ kind: 'validate', verdicts }]), verdicts);
  const measured = verdictsFixture();
  (measured[1] as unknown as Record<string, unknown>).measured = '12';
  assertRefused('verdicts.json', measured, /\[1\]: measured is "12", expected a number or null/);
});
