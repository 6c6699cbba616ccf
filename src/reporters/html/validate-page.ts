// The validate page (verdicts.json): each documented claim with its verdict in colour, the figure
// measured here (with its interval over repeats), per core (with how it was measured, for claims
// measured by capacity searches), the conditions and the reason; then the quota method's proof.

import type { ClaimVerdict } from '../../claims/evaluate.js';
import { humanCount } from '../format.js';
import type { ChartSpec } from './chart-spec.js';
import { badge, type Cell, esc, figureCell, table } from './markup.js';

export function validateSections(
  verdicts: ClaimVerdict[],
  prefix = 'claims',
): { body: string; charts: ChartSpec[] } {
  const n = (state: string): number => verdicts.filter((v) => v.verdict === state).length;
  const rows = verdicts.flatMap((v): Cell[][] => [
    claimRow(v),
    ...(v.peers ?? []).map((p): Cell[] => [
      { html: `↳ peer: ${esc(p.label)}<br><small class="mono">${esc(p.id)}</small>` },
      '-',
      {
        html: `${p.measured === null ? '-' : esc(`${humanCount(p.measured)} ${p.unit}`)}${intervalNote(p.interval)}`,
      },
      '-',
      { html: `<strong>peer</strong> (no verdict)<br><small>${esc(p.note)}</small>` },
      p.conditions,
    ]),
  ]);
  const proofs = verdicts.flatMap((v) =>
    v.methodAgreement
      ? [
          `<p>Quota method for ${esc(v.id)} (${esc(v.methodAgreement.cpuLimitCores)}-core CFS quota against the full core): <strong>${
            v.methodAgreement.agrees === null
              ? 'not proven'
              : v.methodAgreement.agrees
                ? 'agrees'
                : 'disagrees'
          }</strong>; ${esc(v.methodAgreement.summary)}</p>`,
        ]
      : [],
  );
  const body = `<section class="card" id="${esc(prefix)}">
<h2>Claims: ${n('pass')} pass, ${n('fail')} fail, ${n('inconclusive')} inconclusive</h2>
${table(['claim', 'stated', 'measured here', 'per core', 'verdict', 'conditions'], rows, ' class="figures claims"')}
${proofs.join('\n')}
</section>`;
  return { body, charts: [] };
}

/** A claim's row: its figure, interval, per-core figure and method, verdict and conditions. */
function claimRow(v: ClaimVerdict): Cell[] {
  return [
    { html: `${esc(v.statement)}<br><small class="mono">${esc(v.id)}</small>` },
    v.stated,
    {
      html: `${figureCell(v.id, v.measured, v.unit).html}${intervalNote(v.interval)}`,
    },
    v.method
      ? {
          html: `${esc(v.perCore === null ? '-' : perCore(v.perCore, v.unit))}<br><small>${esc(v.method)}</small>`,
        }
      : v.perCore === null
        ? '-'
        : perCore(v.perCore, v.unit),
    { html: `${badge(v.verdict).html}<br><small>${esc(v.reason)}</small>` },
    v.conditions,
  ];
}

/** A figure's interval over the repetitions, under it; '' for one run. */
function intervalNote(i: ClaimVerdict['interval']): string {
  return i
    ? `<br><small>[${esc(humanCount(i.low))}, ${esc(humanCount(i.high))}] over ${esc(i.n)} runs</small>`
    : '';
}

/** A per-core figure in its unit, which may already say so ("samples/s per core"). */
function perCore(value: number, unit: string): string {
  return `${humanCount(value)} ${unit}${unit.endsWith('per core') ? '' : ' per core'}`;
}
