// Markdown for a CI job's summary page ($GITHUB_STEP_SUMMARY): for `run`, one row per run with its
// verdicts first (✅ all passed, ❌ a threshold failed or the run ended early, ⚠️ inconclusive) and
// its headline figures, then the verdicts that did not pass; for `validate`, the claims table.

import type { ClaimVerdict } from '../claims/evaluate.js';
import type { RunResult, VerdictState } from '../model/run-result.js';
import { resultMetric } from '../result/thresholds.js';
import { humanCount, humanMs } from './format.js';
import { formatVerdictsMarkdown } from './verdicts-md.js';

const MARK: Record<VerdictState, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The run's state: fail when a threshold failed or it ended early; inconclusive when one was. */
function runState(r: RunResult): VerdictState {
  if (r.status !== 'complete' || r.verdicts.some((v) => v.state === 'fail')) return 'fail';
  return r.verdicts.some((v) => v.state === 'inconclusive') ? 'inconclusive' : 'pass';
}

function counts(states: readonly VerdictState[]): string {
  const parts = (['pass', 'fail', 'inconclusive'] as const)
    .map((state) => [state, states.filter((s) => s === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return parts.length > 0 ? parts.join(', ') : 'no thresholds';
}

function figure(value: number | null, format: (x: number) => string): string {
  return value === null ? '-' : format(value);
}

export function formatRunsStepSummary(results: readonly RunResult[]): string {
  const failed = results.filter((r) => runState(r) === 'fail').length;
  const heading =
    failed > 0
      ? `### obsbench run: ${MARK.fail} ${failed} of ${results.length} run(s) failed`
      : `### obsbench run: ${results.length} run(s), none failed`;
  const lines = [
    heading,
    '',
    '| | verdicts | scenario | target | accepted/s | p99 ms | CPU s per 1M items | status |',
    '|---|---|---|---|--:|--:|--:|---|',
  ];
  for (const r of results) {
    const status = r.status === 'complete' ? 'complete' : `partial: ${r.statusReason || 'ended early'}`;
    lines.push(
      `| ${MARK[runState(r)]} | ${counts(r.verdicts.map((v) => v.state))} | ${markdownCell(r.scenario.name)} | ${markdownCell(r.scenario.target)} | ${figure(resultMetric(r, 'acceptedRatePerS'), humanCount)} | ${figure(resultMetric(r, 'p99LatencyMs'), humanMs)} | ${figure(r.backend.cpuSecondsPerMillionItems, (x) => x.toFixed(2))} | ${markdownCell(status)} |`,
    );
  }
  const notPassed = results.flatMap((r) =>
    r.verdicts
      .filter((v) => v.state !== 'pass')
      .map(
        (v) =>
          `- ${MARK[v.state]} ${markdownCell(r.scenario.name)}: \`${markdownCell(v.statement).replace(/`/g, "'")}\`: ${markdownCell(v.reason)}`,
      ),
  );
  if (notPassed.length > 0) lines.push('', ...notPassed);
  return `${lines.join('\n')}\n\n`;
}

export function formatValidateStepSummary(verdicts: readonly ClaimVerdict[]): string {
  const states = verdicts.map((v) => v.verdict);
  const mark = states.includes('fail')
    ? MARK.fail
    : states.includes('inconclusive')
      ? MARK.inconclusive
      : MARK.pass;
  return `### obsbench validate: ${mark} ${counts(states)}\n\n${formatVerdictsMarkdown(verdicts)}\n`;
}
