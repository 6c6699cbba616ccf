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
  const rows = verdicts.map((v): Cell[] => [
    { html: `${esc(v.statement)}<br><small class="mono">${esc(v.id)}</small>` },
    v.stated,
    {
      html: `${figureCell(v.id, v.measured, v.unit).html}${
        v.interval
          ? `<br><small>[${esc(humanCount(v.interval.low))}, ${esc(humanCount(v.interval.high))}] over ${esc(v.interval.n)} runs</small>`
          : ''
      }`,
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

/** A per-core figure in its unit, which may already say so ("samples/s per core"). */
function perCore(value: number, unit: string): string {
  return `${humanCount(value)} ${unit}${unit.endsWith('per core') ? '' : ' per core'}`;
}
