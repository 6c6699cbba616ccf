// The CPU this process (the engine's thread and every load worker's) used over the measured phase
// of a run, in cores' worth: a harness that kept a schedule late while it had CPU to spare was
// held back by the target (every in-flight slot taken), not by its own speed.

import { nowEpochMs } from '../clock.js';

export class ProcessCpuWindow {
  private startCpuUs = -1;
  private startEpochMs = 0;
  private endCpuUs = -1;
  private endEpochMs = 0;
  private readonly timers: NodeJS.Timeout[] = [];

  /** Samples at `fromEpochMs` and at `toEpochMs` (or when `close` comes first, after the start). */
  constructor(fromEpochMs: number, toEpochMs: number) {
    this.timers.push(
      setTimeout(() => this.sampleStart(), Math.max(0, fromEpochMs - nowEpochMs())),
      setTimeout(() => this.sampleEnd(), Math.max(0, toEpochMs - nowEpochMs())),
    );
  }

  /** Ends the window now if its end has not come (a stopped run); cancels what is left. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    if (this.startCpuUs >= 0 && this.endCpuUs < 0) this.sampleEnd();
  }

  /** Cores' worth of CPU used over the window, or null when the window never began. */
  coresBusy(): number | null {
    const wallMs = this.endEpochMs - this.startEpochMs;
    if (this.startCpuUs < 0 || this.endCpuUs < 0 || wallMs <= 0) return null;
    return (this.endCpuUs - this.startCpuUs) / 1000 / wallMs;
  }

  private sampleStart(): void {
    this.startCpuUs = cpuUs();
    this.startEpochMs = nowEpochMs();
  }

  private sampleEnd(): void {
    if (this.startCpuUs < 0 || this.endCpuUs >= 0) return;
    this.endCpuUs = cpuUs();
    this.endEpochMs = nowEpochMs();
  }
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
