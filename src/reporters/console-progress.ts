// The live progress line on stderr. The CLI rewrites it in place with \r on a TTY and prints one
// every 5 s otherwise. Rates and latency keep fixed widths so a rewritten line does not jitter;
// the small counters of variable width come last.

import { humanCount, humanMs } from './format.js';

export interface ProgressSnapshot {
  scenario: string;
  elapsedS: number;
  totalS: number;
  phase: 'warmup' | 'run';
  sentPerS: number;
  acceptedPerS: number;
  p99Ms: number;
  errors: number;
  dropped: number;
  inFlight: number;
}

const SCENARIO_WIDTH = 20;

export function formatProgressLine(p: ProgressSnapshot): string {
  const elapsed = Math.min(Math.floor(p.elapsedS), Math.ceil(p.totalS));
  const total = Math.ceil(p.totalS);
  const totalText = String(total);
  return [
    p.phase === 'warmup' ? 'warmup' : 'run   ',
    fit(p.scenario, SCENARIO_WIDTH),
    `${String(elapsed).padStart(totalText.length)}/${totalText}s`,
    `sent ${humanCount(p.sentPerS).padStart(5)}/s`,
    `acc ${humanCount(p.acceptedPerS).padStart(5)}/s`,
    `p99 ${humanMs(p.p99Ms).padStart(5)}ms`,
    `err ${humanCount(p.errors)}`,
    `drop ${humanCount(p.dropped)}`,
    `inflight ${humanCount(p.inFlight)}`,
  ].join('  ');
}

/** Pads or cuts to `width`, marking a cut with '~' so a truncated name is not mistaken for another. */
function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}~`;
}
