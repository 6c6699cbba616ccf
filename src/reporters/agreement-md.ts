// Two validate sessions' verdicts side by side as Markdown: verdict then and now, both medians and
// the spread between them, whether each lies in the other's interval.

import type { VerdictAgreement } from '../claims/agreement.js';
import { formatFigure } from '../result/thresholds.js';

const figure = (x: number | null): string => (x === null ? '-' : formatFigure(x));
const percent = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function formatAgreementMarkdown(agreement: VerdictAgreement, beforeLabel: string): string {
  const lines = [
    `## Against ${beforeLabel}`,
    '',
    agreement.changed.length === 0
      ? 'Every claim got the same verdict in both sessions.'
      : `**Verdict changed**: ${agreement.changed.join(', ')}.`,
    `Largest spread between the two sessions' medians: ${percent(agreement.maxSpread)}.`,
    '',
    "| claim | verdict before | verdict now | median before | median now | spread | each in the other's interval |",
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of agreement.claims) {
    const within = c.withinIntervals === null ? '-' : c.withinIntervals ? 'yes' : 'no';
    lines.push(
      `| ${c.id} | ${c.before ?? '-'} | ${c.sameVerdict ? c.now : `**${c.now ?? '-'}**`} | ${figure(c.medianBefore)} | ${figure(c.medianNow)} | ${percent(c.spread)} | ${within} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
