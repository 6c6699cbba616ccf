// JUnit XML read back with a real XML parser (fast-xml-parser, and its validator for
// well-formedness): one test case per threshold, gated figure and claim, failures and skips where
// the verdicts say, counts that add up, and hostile names surviving the escaping intact.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CapacityReport } from '../../../src/capacity/run-capacity.js';
import { CLAIMS, type ClaimRun } from '../../../src/claims/catalog.js';
import { evaluateClaims, type RunOutcome } from '../../../src/claims/evaluate.js';
import { compareInputs } from '../../../src/compare/compare.js';
import { parseGate } from '../../../src/compare/gate.js';
import { readCompareInput } from '../../../src/compare/inputs.js';
import { Rng } from '../../../src/generators/random.js';
import type { RunResult } from '../../../src/model/run-result.js';
import { capacityJUnit, claimsJUnit, comparisonJUnit, runsJUnit } from '../../../src/reporters/junit.js';
import { evaluateThresholds } from '../../../src/result/thresholds.js';
import { parseThreshold } from '../../../src/scenario/threshold.js';
import { makeRunResult } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'junit-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Outcome {
  '@_message': string;
  '@_type'?: string;
  '#text'?: string;
}
interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: Outcome;
  skipped?: Outcome | '';
  error?: Outcome;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  '@_time': string;
  testcase?: Case[];
  properties?: { property: { '@_name': string; '@_value': string }[] };
  'system-out'?: string;
}
interface Doc {
  testsuites: Omit<Suite, 'testcase'> & { testsuite: Suite[] };
}

/** Well-formed (the validator says so), then parsed with attributes and character references. */
function parse(xml: string): Doc {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    htmlEntities: true,
    trimValues: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml) as Doc;
}

function state(c: Case): 'failure' | 'skipped' | 'error' | 'pass' {
  if (c.failure !== undefined) return 'failure';
  if (c.skipped !== undefined) return 'skipped';
  if (c.error !== undefined) return 'error';
  return 'pass';
}

/** Each suite's counts equal its cases, and the document's the sum of the suites'. */
function assertCounts(doc: Doc): void {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of doc.testsuites.testsuite) {
    const cases = suite.testcase ?? [];
    const count = (s: string) => cases.filter((c) => state(c) === s).length;
    assert.equal(Number(suite['@_tests']), cases.length, suite['@_name']);
    assert.equal(Number(suite['@_failures']), count('failure'), suite['@_name']);
    assert.equal(Number(suite['@_errors']), count('error'), suite['@_name']);
    assert.equal(Number(suite['@_skipped']), count('skipped'), suite['@_name']);
    total.tests += cases.length;
    total.failures += count('failure');
    total.errors += count('error');
    total.skipped += count('skipped');
  }
  assert.equal(Number(doc.testsuites['@_tests']), total.tests);
  assert.equal(Number(doc.testsuites['@_failures']), total.failures);
  assert.equal(Number(doc.testsuites['@_errors']), total.errors);
  assert.equal(Number(doc.testsuites['@_skipped']), total.skipped);
}

const HOSTILE = `hostile <&"'> name]]>\u0001\ttab\nline`;

function withThresholds(name: string, texts: string[]): RunResult {
  const r = makeRunResult({ name });
  r.read.freshnessMs = null;
  r.verdicts = evaluateThresholds(
    r,
    texts.map((t) => parseThreshold(t, 'expect')),
  );
  return r;
}

test('runs: a suite per run, a case per threshold; fail is a <failure> with the figures, inconclusive <skipped>', () => {
  // The fixture: p99 well under 1000 ms, error rate 15/5970 = 0.25%, freshness not measured.
  const ok = withThresholds(HOSTILE, ['p99LatencyMs < 1000', 'errorRate < 0.001', 'freshnessMs < 100']);
  const partial = withThresholds('cut-short', ['p99LatencyMs < 1000']);
  partial.status = 'partial';
  partial.statusReason = 'interrupted (SIGINT)';
  const states = ok.verdicts.map((v) => v.state);
  assert.deepEqual(states, ['pass', 'fail', 'inconclusive'], 'the fixture has one verdict of each');
  const doc = parse(runsJUnit([ok, partial]));
  assertCounts(doc);
  const [a, b] = doc.testsuites.testsuite;
  assert.equal(
    a['@_name'],
    HOSTILE.replace('\u0001', '\\u0001'),
    'the name survives, the control character visibly',
  );
  assert.equal(a.testcase?.length, 3, 'one case per threshold');
  assert.deepEqual(
    a.testcase?.map((c) => [c['@_name'], state(c)]),
    [
      ['p99LatencyMs < 1000', 'pass'],
      ['errorRate < 0.001', 'failure'],
      ['freshnessMs < 100', 'skipped'],
    ],
  );
  const failure = a.testcase?.[1].failure;
  assert.match(failure?.['@_message'] ?? '', /measured 0\.002513; expected errorRate < 0\.001/);
  const skipped = a.testcase?.[2].skipped as Outcome;
  assert.match(skipped['@_message'], /^inconclusive: freshnessMs was not measured/);
  assert.ok(Number(a['@_time']) === 70, 'the run took 70 s (startedAt to endedAt)');
  assert.equal(a.properties?.property.find((p) => p['@_name'] === 'target')?.['@_value'], 'tempo');
  assert.deepEqual(
    b.testcase?.map((c) => [c['@_name'], state(c)]),
    [
      ['p99LatencyMs < 1000', 'pass'],
      ['run completed', 'error'],
    ],
    'a partial run is an error beside its thresholds',
  );
  assert.match(b.testcase?.[1].error?.['@_message'] ?? '', /interrupted \(SIGINT\)/);
});

test('runs: the repetitions of a scenario are told apart', () => {
  const doc = parse(runsJUnit([withThresholds('s', []), withThresholds('s', [])]));
  assert.deepEqual(
    doc.testsuites.testsuite.map((s) => s['@_name']),
    ['s (repetition 1/2)', 's (repetition 2/2)'],
  );
  assert.equal(doc.testsuites['@_tests'], '0');
});

/** A directory of five runs of one scenario with p99 and rate drawn around the given medians. */
function runs(name: string, p99: number, rate: number, seed: number, count = 5): string {
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) {
    const r = makeRunResult({ name: 'scenario <a>' });
    r.latencyMs = { ...r.latencyMs, p99: rng.lognormal(p99, 0.03) };
    r.load = { ...r.load, achievedRatePerS: rng.lognormal(rate, 0.03) };
    mkdirSync(join(root, name, `run-${i}`), { recursive: true });
    writeFileSync(join(root, name, `run-${i}`, 'result.json'), JSON.stringify(r));
  }
  return join(root, name);
}

test('comparison: a case per gated figure; worse fails with both medians and the change, inconclusive and unmeasured are skipped', () => {
  const gate = parseGate(
    {
      figures: {
        'latencyMs.p99': { worse: '10%' },
        'load.achievedRatePerS': { worse: '5%' },
        'read.freshness.p99Ms': { worse: '10%' },
      },
    },
    'gate.yaml',
  );
  const c = compareInputs(
    readCompareInput(runs('base', 20, 1000, 1)),
    readCompareInput(runs('slow', 30, 1000, 2)),
    gate,
  );
  const doc = parse(comparisonJUnit(c, Object.keys(gate.figures), 'obsbench compare'));
  assertCounts(doc);
  const [suite] = doc.testsuites.testsuite;
  assert.equal(suite['@_name'], 'scenario <a>');
  const gated = c.scenarios[0].figures.filter((f) => f.gated);
  assert.equal(suite.testcase?.length, Object.keys(gate.figures).length, 'one case per gated figure');
  assert.equal(gated.length, 2, 'freshness is not measured by the fixture');
  assert.deepEqual(
    suite.testcase?.map((tc) => tc['@_name']),
    [
      'latencyMs.p99 (latency p99)',
      'load.achievedRatePerS (accepted items per second)',
      'read.freshness.p99Ms (freshness p99)',
    ],
    'id and label, measured or not: the names a CI server keys its history on',
  );
  const byId = new Map(suite.testcase?.map((tc) => [tc['@_name'].split(' ')[0], tc]));
  const p99 = byId.get('latencyMs.p99');
  assert.equal(p99 && state(p99), 'failure');
  const message = p99?.failure?.['@_message'] ?? '';
  assert.match(message, /^worse: the whole interval is beyond 10% worse/);
  assert.match(message, /base 2\d(\.\d+)? \[/, 'the base median with its interval');
  assert.match(message, /candidate 3\d(\.\d+)? \[/, 'the candidate median');
  assert.match(message, /change \+\d+\.\d% \[\+\d+\.\d%, \+\d+\.\d%\]/, 'the change with its interval');
  const rate = byId.get('load.achievedRatePerS');
  const rateVerdict = gated.find((f) => f.id === 'load.achievedRatePerS')?.verdict;
  assert.equal(rate && state(rate), rateVerdict === 'inconclusive' ? 'skipped' : 'pass');
  const freshness = byId.get('read.freshness.p99Ms');
  assert.equal(freshness && state(freshness), 'skipped');
  assert.match(
    (freshness?.skipped as Outcome | undefined)?.['@_message'] ?? '',
    /gated figure read\.freshness\.p99Ms not measured/,
  );
  const output = suite['system-out'] ?? '';
  assert.match(
    output,
    /^latencyMs\.p99 \(latency p99\): worse: .*base 2\d/m,
    'the medians are in the output',
  );
  assert.match(
    output,
    new RegExp(`^load\\.achievedRatePerS \\(accepted items per second\\): ${rateVerdict}: .*candidate `, 'm'),
    'a gated figure that passes has its figures in the output too',
  );
});

test('comparison: too few runs is inconclusive, so skipped with the reason', () => {
  const gate = parseGate({ figures: { 'latencyMs.p99': { worse: '10%' } } }, 'gate.yaml');
  const c = compareInputs(
    readCompareInput(runs('one-a', 20, 1000, 3, 1)),
    readCompareInput(runs('one-b', 20, 1000, 4, 1)),
    gate,
  );
  const doc = parse(comparisonJUnit(c, ['latencyMs.p99'], 'obsbench ab'));
  assertCounts(doc);
  const [tc] = doc.testsuites.testsuite[0].testcase ?? [];
  assert.equal(state(tc), 'skipped');
  assert.match(
    (tc.skipped as Outcome)['@_message'],
    /^inconclusive: too few runs \(1 vs 1; 3 needed a side\)/,
  );
  assert.equal(doc.testsuites['@_name'], 'obsbench ab');
});

function claimRun(edit: (r: RunResult) => void): RunOutcome {
  const r = makeRunResult();
  r.load.itemsAccepted = r.load.itemsSent;
  if (r.downstream) r.downstream.itemsAccepted = r.load.itemsAccepted;
  edit(r);
  return { result: r };
}

test('claims: a case per claim, grouped by backend; fail has the measured and stated figures, inconclusive is skipped', () => {
  const outcomes = new Map<ClaimRun, RunOutcome>([
    [
      'victoriametrics-remote-write',
      claimRun((r) => {
        r.backend.compressionRatio = 4; // the 10:1 claim fails
        r.backend.rssAvgBytes = 100e6;
      }),
    ],
    ['prometheus-remote-write', claimRun((r) => (r.backend.rssAvgBytes = 900e6))],
    ['collector-traces', { error: 'otelcol is not installed' }],
  ]);
  const verdicts = evaluateClaims(CLAIMS, outcomes);
  const expected = new Map(verdicts.map((v) => [`${v.id}: ${v.statement}`, v.verdict]));
  for (const s of ['pass', 'fail', 'inconclusive'] as const)
    assert.ok(
      verdicts.some((v) => v.verdict === s),
      `the fixture has a ${s} claim`,
    );
  const doc = parse(claimsJUnit(verdicts));
  assertCounts(doc);
  const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase ?? []);
  assert.equal(cases.length, CLAIMS.length, 'one case per claim');
  const asJUnit = { pass: 'pass', fail: 'failure', inconclusive: 'skipped' } as const;
  for (const tc of cases)
    assert.equal(state(tc), asJUnit[expected.get(tc['@_name']) ?? 'pass'], tc['@_name']);
  assert.ok(doc.testsuites.testsuite.some((s) => s['@_name'] === 'claims: vm'));
  const compression = cases.find((tc) => tc['@_name'].startsWith('vm.compression:'));
  assert.match(
    compression?.failure?.['@_message'] ?? '',
    /measured 4 raw OTLP bytes \/ disk bytes; stated >= 10/,
  );
  assert.match(compression?.failure?.['#text'] ?? '', /sources: /, 'the details carry the sources');
  const collector = cases.find((tc) => tc['@_name'].startsWith('collector.p99:'));
  assert.match((collector?.skipped as Outcome | undefined)?.['@_message'] ?? '', /otelcol is not installed/);
});

function capacityReport(best: number | null): CapacityReport {
  const step = (ratePerS: number, pass: boolean) => ({
    ratePerS,
    acceptedShare: pass ? 1 : 0.9,
    achievedRatePerS: ratePerS,
    p99Ms: 5,
    droppedSchedules: 0,
    harnessLimited: false,
    backendCoresAvg: 0.9,
    incompleteReason: '',
    resultPath: '',
    pass,
    reason: pass ? 'sustained' : 'accepted 90.00% < 99.9%',
  });
  return {
    scenario: {
      name: 'vm-cap',
      target: 'victoriametrics',
      signal: 'metrics',
      protocol: 'rw',
      sourcePath: '',
    },
    backendCores: [1],
    harnessCores: [0],
    sloP99Ms: 500,
    minAcceptedShare: 0.999,
    stepDurationS: 20,
    harnessCeilingItemsPerS: 1e6,
    curve: best === null ? [step(1000, false)] : [step(1000, true), step(2000, false)],
    stoppedBy: best === null ? 'none-passed' : 'converged',
    maxSustainableRatePerS: best,
    itemsPerSPerCore: best,
    itemsPerCoreSecondUsed: null,
    conclusion: best === null ? 'no step was sustained' : `${best} items/s sustained`,
  };
}

test('capacity: one case named "sustained rate" whatever was found, passed with a rate, failed with none', () => {
  const found = parse(capacityJUnit(capacityReport(1000), '2026-01-01T00:00:00.000Z', 42));
  assertCounts(found);
  const [suite] = found.testsuites.testsuite;
  assert.equal(suite.testcase?.length, 1);
  assert.equal(suite.testcase?.[0]['@_name'], 'sustained rate', 'no figure in the name');
  assert.equal(state(suite.testcase?.[0] as Case), 'pass');
  assert.equal(suite['@_time'], '42.000');
  const output = suite['system-out'] ?? '';
  assert.match(
    output,
    /^sustained rate: 1000 items\/s on 1 pinned core\(s\)\n/,
    'the rate found is in the output',
  );
  assert.match(output, /FAIL: accepted 90\.00% < 99\.9%/, 'the curve is in the output');
  const none = parse(capacityJUnit(capacityReport(null), '2026-01-01T00:00:00.000Z', 42));
  const [tc] = none.testsuites.testsuite[0].testcase ?? [];
  assert.equal(tc['@_name'], 'sustained rate', 'the same name when nothing was sustained');
  assert.match(
    tc.failure?.['@_message'] ?? '',
    /^no rate sustained on 1 pinned core\(s\) in 1 step\(s\) \(SLO p99 <= 500 ms/,
  );
});
