// Turns cumulative load progress into the live stderr line: rewritten in place on a TTY,
// one line every 5 s otherwise (CI logs stay readable); and a long command's position in its
// runs, steps or searches as one plain line as each begins, with the time elapsed and left.

import type { LoadProgress } from '../load/engine.js';
import { formatProgressLine } from '../reporters/console-progress.js';
import { formatSequenceLine, secondsLeft } from '../reporters/eta.js';

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

/**
 * "capacity: step 3 of at most 8 (4000 items/s); elapsed 2 min 10 s; ~5 min 50 s left": the
 * time left is an estimate, the mean duration of the pieces done so far (the time between two
 * begins) times the pieces left, from the second piece on.
 */
export class SequenceProgress {
  private readonly startedS: number;
  private lastBeginS: number | undefined;
  private readonly doneS: number[] = [];

  constructor(
    private readonly command: string,
    private readonly piece: string,
    private readonly printer: ProgressPrinter,
    private readonly o: { totalIsBound?: boolean; nowS?: () => number } = {},
  ) {
    this.startedS = this.now();
  }

  private now(): number {
    return this.o.nowS ? this.o.nowS() : performance.now() / 1000;
  }

  begin(index: number, total: number, detail = ''): void {
    const nowS = this.now();
    if (this.lastBeginS !== undefined) this.doneS.push(nowS - this.lastBeginS);
    this.lastBeginS = nowS;
    this.printer.note(
      formatSequenceLine({
        command: this.command,
        piece: this.piece,
        index,
        total,
        totalIsBound: this.o.totalIsBound ?? false,
        detail,
        elapsedS: nowS - this.startedS,
        leftS: secondsLeft(this.doneS, total - index),
      }),
    );
  }
}
