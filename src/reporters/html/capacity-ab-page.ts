// The capacity A/B page (capacity --a/--b, capacity-ab.json): each variant's highest sustained rate
// over its repeated searches, median with its 95% interval, range and every search's answer, and
// the ratio B / A with its bootstrap interval. One search of each decides nothing, so the page
// shows the spread beside every figure.

import type { CapacityComparison } from '../../compare/capacity-ab.js';
import { humanCount } from '../format.js';
import type { ChartSpec } from './chart-spec.js';
import { type Cell, esc, figureCell, table } from './markup.js';

export function capacityAbSections(
  c: CapacityComparison,
  prefix = 'cap-ab',
): { body: string; charts: ChartSpec[] } {
  const row = (name: 'A' | 'B', side: CapacityComparison['a']): Cell[] => {
    const s = side.sustainedRatePerS;
    const which = name === 'A' ? 'a' : 'b';
    return [
      name,
      side.variant,
      side.searches,
      {
        html: `${figureCell('sustainedRatePerS', s?.median ?? null, 'items/s', which).html}${
          s ? `<br><small>[${esc(humanCount(s.ci95.low))}, ${esc(humanCount(s.ci95.high))}]</small>` : ''
        }`,
      },
      s ? `${humanCount(s.min)} - ${humanCount(s.max)}` : '-',
      s ? s.values.map((v) => humanCount(v)).join(', ') : '-',
      side.unsustained,
    ];
  };
  const ratio = c.ratio;
  const fmt = (x: number): string => x.toFixed(3);
  const verdict =
    ratio === null
      ? 'No ratio: a sustained rate was not found on both sides.'
      : ratio.low > 1
        ? 'B sustains more than A: the whole interval is above 1.'
        : ratio.high < 1
          ? 'B sustains less than A: the whole interval is below 1.'
          : 'The interval includes 1: no difference in capacity is shown.';
  const body = `<section class="card" id="${esc(prefix)}">
<h2>Capacity A/B: ${esc(c.scenario)}</h2>
<p class="conclusion">B / A sustained rate: ${
    ratio === null
      ? figureCell('ratio', null, 'ratio').html
      : `${figureCell('ratio', ratio.value, 'ratio').html} <small>[${esc(fmt(ratio.low))}, ${esc(fmt(ratio.high))}] (95% bootstrap interval)</small>`
  }. ${esc(verdict)}</p>
${table(
  ['side', 'variant', 'searches', 'sustained items/s, median [95% CI]', 'range', 'each search', 'found none'],
  [row('A', c.a), row('B', c.b)],
  ' class="figures"',
)}
<p class="note">Results: ${esc(c.dir)} (each search's capacity.json under a/ and b/).</p>
</section>`;
  return { body, charts: [] };
}
