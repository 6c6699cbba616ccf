// Verdicts as JUnit test cases (--junit FILE), so a CI server lists them beside the unit tests:
// each threshold of a run, each gated figure of a comparison, each claim of validate, and the
// sustained rate of a capacity search. A failed verdict is a <failure> whose message carries the
// figures (measured, limit or stated figure, interval, change); an inconclusive one is <skipped>
// with the reason; a pass is a plain test case. A run that ended early adds an <error>.
// Case names never carry a measured figure or depend on what was measured: a CI server keys a
// test's history on its name, so the figures go to the messages and <system-out> instead.

import type { CapacityReport } from '../capacity/run-capacity.js';
import type { ClaimVerdict } from '../claims/evaluate.js';
import type { Comparison, FigureComparison } from '../compare/compare.js';
import { figureSpec } from '../model/figures.js';
import type { RunResult, Verdict, VerdictState } from '../model/run-result.js';
import { formatFigure } from '../result/thresholds.js';
import { formatCapacityTable } from './capacity-table.js';
import { type JUnitCase, type JUnitOutcome, type JUnitSuite, renderJUnit } from './junit-xml.js';

function durationS(startedAt: string, endedAt: string): number {
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

/** pass, fail or inconclusive as a JUnit outcome: a plain pass, the failure given, or skipped. */
function verdictOutcome(
  state: VerdictState,
  failure: () => { type: string; message: string; details?: string },
  skippedMessage: string,
): JUnitOutcome {
  if (state === 'pass') return { kind: 'pass' };
  if (state === 'fail') return { kind: 'failure', ...failure() };
  return { kind: 'skipped', message: skippedMessage };
}

function thresholdCase(v: Verdict, classname: string): JUnitCase {
  const measured = v.measured === null ? 'not measured' : `measured ${formatFigure(v.measured)}`;
  const outcome = verdictOutcome(
    v.state,
    () => ({ type: 'threshold', message: `${measured}; expected ${v.statement}: ${v.reason}` }),
    `inconclusive: ${v.reason}`,
  );
  return { name: v.statement, classname, timeS: 0, outcome };
}

/**
 * One suite per run (a scenario run several times gets "(repetition k/n)"), one case per
 * threshold; a partial run adds a "run completed" case with an <error> naming why it stopped.
 */
export function runsJUnit(results: readonly RunResult[]): string {
  const totals = new Map<string, number>();
  for (const r of results) totals.set(r.scenario.name, (totals.get(r.scenario.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  const suites = results.map((r): JUnitSuite => {
    const name = r.scenario.name;
    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    const n = totals.get(name) ?? 1;
    const classname = `obsbench.run.${name}`;
    const cases = r.verdicts.filter((v) => v.kind === 'threshold').map((v) => thresholdCase(v, classname));
    if (r.status !== 'complete') {
      cases.push({
        name: 'run completed',
        classname,
        timeS: 0,
        outcome: { kind: 'error', type: 'partial', message: `partial: ${r.statusReason || 'ended early'}` },
      });
    }
    return {
      name: n > 1 ? `${name} (repetition ${k}/${n})` : name,
      timeS: durationS(r.startedAt, r.endedAt),
      startedAt: r.startedAt,
      properties: [
        ['target', r.scenario.target],
        ['signal', r.scenario.signal],
        ['protocol', r.scenario.protocol],
        ['backend', `${r.backend.name} ${r.backend.version}`.trim()],
        ['status', r.status],
        ['scenarioHash', r.scenario.hash],
      ],
      cases,
      output: '',
    };
  });
  return renderJUnit('obsbench run', suites);
}

function median(s: FigureComparison['base']): string {
  return `${formatFigure(s.median)} [${formatFigure(s.ci95.low)}, ${formatFigure(s.ci95.high)}] (n ${s.n})`;
}

function changeText(f: FigureComparison): string {
  if (!f.change) return 'change: none (base median 0)';
  const p = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return `change ${p(f.change.value)} [${p(f.change.low)}, ${p(f.change.high)}], smallest that matters ${(f.minChange * 100).toFixed(1)}%`;
}

/** "latencyMs.p99 (latency p99)", the same whether or not either side measured it. */
function figureCaseName(id: string): string {
  const label = figureSpec(id)?.label;
  return label ? `${id} (${label})` : id;
}

/** "worse: <reason>; base <median> [..], candidate ..., change ..., p ...". */
function figureVerdictText(f: FigureComparison): string {
  const figures = `base ${median(f.base)}, candidate ${median(f.cand)} ${f.unit}; ${changeText(f)}; p ${f.pValue.toFixed(3)}`;
  return `${f.verdict}: ${f.reason}; ${figures}`;
}

function figureCase(f: FigureComparison, classname: string): JUnitCase {
  const outcome: JUnitOutcome =
    f.verdict === 'worse'
      ? { kind: 'failure', type: 'regression', message: figureVerdictText(f) }
      : f.verdict === 'inconclusive'
        ? { kind: 'skipped', message: figureVerdictText(f) }
        : { kind: 'pass' };
  return { name: figureCaseName(f.id), classname, timeS: 0, outcome };
}

/**
 * One suite per scenario of a comparison, one case per gated figure (`gatedIds`, the gate's
 * figures): worse fails, inconclusive is skipped, better and same pass. A gated figure one side
 * did not measure is skipped with the caveat that says so. Every measured gated figure's verdict
 * and medians are in the suite's output too, the passing ones included.
 */
export function comparisonJUnit(c: Comparison, gatedIds: readonly string[], title: string): string {
  const suites = c.scenarios.map((s): JUnitSuite => {
    const classname = `obsbench.compare.${s.scenario}`;
    const measured: string[] = [];
    const cases = gatedIds.map((id): JUnitCase => {
      const f = s.figures.find((x) => x.id === id && x.gated);
      if (f) {
        measured.push(`${figureCaseName(id)}: ${figureVerdictText(f)}`);
        return figureCase(f, classname);
      }
      const caveat = s.caveats.find((text) => text.startsWith(`gated figure ${id} `));
      return {
        name: figureCaseName(id),
        classname,
        timeS: 0,
        outcome: { kind: 'skipped', message: caveat ?? `${id} was not measured on both sides` },
      };
    });
    return {
      name: s.scenario,
      timeS: 0,
      startedAt: null,
      properties: [
        ['base', c.base],
        ['candidate', c.cand],
        ['gate', c.gate],
        ['baseRuns', String(s.baseRuns)],
        ['candidateRuns', String(s.candRuns)],
      ],
      cases,
      output: [
        ...measured,
        ...s.caveats.map((text) => `caveat: ${text}`),
        ...c.unpaired.map((u) => `unpaired: ${u}`),
      ].join('\n'),
    };
  });
  return renderJUnit(title, suites);
}

function claimFigures(v: ClaimVerdict): string {
  const measured = v.measured === null ? 'not measured' : `measured ${formatFigure(v.measured)} ${v.unit}`;
  const i = v.interval;
  const interval =
    i === null
      ? ''
      : `, interval [${formatFigure(i.low)}, ${formatFigure(i.high)}] (${Math.round(i.confidence * 100)}%, n ${i.n})`;
  return `${measured}${interval}; stated ${v.stated}`;
}

/** Claims grouped by their backend (the id's prefix: vm, prometheus, tempo, ...), one case each. */
export function claimsJUnit(verdicts: readonly ClaimVerdict[]): string {
  const groups = new Map<string, ClaimVerdict[]>();
  for (const v of verdicts) {
    const group = v.id.split('.')[0] ?? v.id;
    groups.set(group, [...(groups.get(group) ?? []), v]);
  }
  const suites = [...groups].map(
    ([group, list]): JUnitSuite => ({
      name: `claims: ${group}`,
      timeS: 0,
      startedAt: null,
      properties: [],
      cases: list.map((v): JUnitCase => {
        const outcome = verdictOutcome(
          v.verdict,
          () => ({
            type: 'claim',
            message: `${claimFigures(v)}: ${v.reason}`,
            details: `${claimFigures(v)}\n${v.reason}\nconditions here: ${v.conditions}\nsources: ${v.sources}`,
          }),
          `inconclusive: ${v.reason} (${claimFigures(v)})`,
        );
        return {
          name: `${v.id}: ${v.statement}`,
          classname: `obsbench.validate.${group}`,
          timeS: 0,
          outcome,
        };
      }),
      output: '',
    }),
  );
  return renderJUnit('obsbench validate', suites);
}

/**
 * A capacity search as one case, "sustained rate": it passes when a rate was sustained and fails
 * when none was; the rate found, the cores and the curve go to the suite's output.
 */
export function capacityJUnit(report: CapacityReport, startedAt: string, timeS: number): string {
  const best = report.maxSustainableRatePerS;
  const cores = `${report.backendCores.length} pinned core(s)`;
  const sustained: JUnitCase = {
    name: 'sustained rate',
    classname: `obsbench.capacity.${report.scenario.name}`,
    timeS,
    outcome:
      best === null
        ? {
            kind: 'failure',
            type: 'capacity',
            message: `no rate sustained on ${cores} in ${report.curve.length} step(s) (SLO p99 <= ${formatFigure(report.sloP99Ms)} ms, accepted >= ${report.minAcceptedShare * 100}%): ${report.conclusion}`,
          }
        : { kind: 'pass' },
  };
  const found =
    best === null
      ? `sustained rate: none on ${cores}`
      : `sustained rate: ${formatFigure(best)} items/s on ${cores}`;
  return renderJUnit('obsbench capacity', [
    {
      name: `capacity ${report.scenario.name}`,
      timeS,
      startedAt,
      properties: [
        ['target', report.scenario.target],
        ['signal', report.scenario.signal],
        ['stoppedBy', report.stoppedBy],
      ],
      cases: [sustained],
      output: `${found}\n\n${formatCapacityTable(report)}`,
    },
  ]);
}
