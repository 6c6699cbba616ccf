// Claim verdicts as a Markdown table: claim | stated | measured | per core | conditions here |
// verdict, then what the primary sources say for each claim.

import type { ClaimVerdict } from '../claims/evaluate.js';
import { formatFigure } from '../result/thresholds.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function intervalText(v: ClaimVerdict): string {
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
  }
  lines.push('', '## What the primary sources say', '');
  for (const v of verdicts) lines.push(`- **${v.id}**: ${v.sources}`);
  return `${lines.join('\n')}\n`;
}
