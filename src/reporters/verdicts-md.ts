// Claim verdicts as a Markdown table: claim | stated | measured | per core | conditions here |
// verdict, a peer's figures right under the claim they stand beside (marked peer, no verdict),
// then how the per-core claims were measured (and the quota method's agreement with the full
// core), then what the primary sources say for each claim.

import type { ClaimVerdict, PeerRow } from '../claims/evaluate.js';
import { formatFigure } from '../result/thresholds.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function intervalText(v: Pick<ClaimVerdict, 'interval'>): string {
  const i = v.interval;
  if (i === null) return '-';
  return `[${formatFigure(i.low)}, ${formatFigure(i.high)}] (${Math.round(i.confidence * 100)}%, n ${i.n})`;
}

export function formatVerdictsMarkdown(verdicts: readonly ClaimVerdict[]): string {
  const lines = [
    '# Claims: measured verdicts',
    '',
    '| claim | stated | measured | interval | per core | conditions here | verdict |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const v of verdicts) {
    lines.push(
      `| ${cell(`${v.id}: ${v.statement}`)} | ${cell(v.stated)} | ${v.measured === null ? '-' : formatFigure(v.measured)} | ${intervalText(v)} | ${
        v.perCore === null ? '-' : formatFigure(v.perCore)
      } | ${cell(v.conditions)} | **${v.verdict}**: ${cell(v.reason)} |`,
    );
    for (const p of v.peers ?? []) lines.push(peerLine(p));
  }
  lines.push(...methodLines(verdicts));
  lines.push('', '## What the primary sources say', '');
  for (const v of verdicts) lines.push(`- **${v.id}**: ${v.sources}`);
  return `${lines.join('\n')}\n`;
}

/** A peer's figure as a row under its claim: no stated figure and no verdict. */
function peerLine(p: PeerRow): string {
  const measured = p.measured === null ? '-' : `${formatFigure(p.measured)} ${p.unit}`;
  return `| ${cell(`↳ peer ${p.id}: ${p.label}`)} | - | ${cell(measured)} | ${intervalText(p)} | - | ${cell(p.conditions)} | **peer** (no verdict): ${cell(p.note)} |`;
}

/** The method of each claim measured by capacity searches, and each quota method's proof. */
function methodLines(verdicts: readonly ClaimVerdict[]): string[] {
  const measured = verdicts.filter((v) => v.method);
  if (measured.length === 0) return [];
  const lines = ['', '## Methods', ''];
  for (const v of measured) lines.push(`- **${v.id}**: ${v.method}`);
  for (const v of verdicts) {
    const a = v.methodAgreement;
    if (!a) continue;
    const state = a.agrees === null ? 'not proven' : a.agrees ? 'agrees' : 'disagrees';
    lines.push(
      `- **quota method for ${v.id}** (${a.cpuLimitCores}-core CFS quota against the full core, on ${a.run}): ${state}; ${a.summary}`,
    );
  }
  return lines;
}
