// Turns cumulative load progress into the live stderr line: rewritten in place on a TTY,
// one line every 5 s otherwise (CI logs stay readable).

import type { LoadProgress } from '../load/engine.js';
import { formatProgressLine } from '../reporters/console-progress.js';

const NON_TTY_INTERVAL_S = 5;

export class ProgressPrinter {
  private previous: LoadProgress | undefined;
  private lastPrintedS = -Infinity;
  private lineOpen = false;
  private readonly stream: NodeJS.WriteStream;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
  }

  update(scenario: string, p: LoadProgress): void {
    const prev = this.previous;
    const dtS = prev ? Math.max(p.elapsedS - prev.elapsedS, 1e-3) : Math.max(p.elapsedS, 1e-3);
    const sentPerS = (p.counters.itemsSent - (prev?.counters.itemsSent ?? 0)) / dtS;
    const acceptedPerS = (p.counters.itemsAccepted - (prev?.counters.itemsAccepted ?? 0)) / dtS;
    this.previous = p;
    const line = formatProgressLine({
      scenario,
      elapsedS: p.elapsedS,
      totalS: p.totalS,
      phase: p.phase,
      sentPerS: Math.max(0, sentPerS),
      acceptedPerS: Math.max(0, acceptedPerS),
      p99Ms: p.lastSecondP99Ms,
      errors: p.counters.requestsFailed,
      dropped: p.counters.droppedSchedules,
      inFlight: p.inFlight,
    });
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      this.lineOpen = true;
    } else if (p.elapsedS - this.lastPrintedS >= NON_TTY_INTERVAL_S) {
      this.stream.write(`${line}\n`);
      this.lastPrintedS = p.elapsedS;
    }
  }

  /** Print a message on its own line, closing a rewritten progress line first. */
  note(message: string): void {
    this.endLine();
    this.stream.write(`${message}\n`);
  }

  endLine(): void {
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
    this.previous = undefined;
    this.lastPrintedS = -Infinity;
  }
}
