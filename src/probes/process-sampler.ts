// Samples a backend's process tree (CPU, RSS) at a fixed interval during a run, and summarises
// any time window of it: CPU seconds and average cores between the first and last reading inside
// the window, RSS average and peak (the peak also from VmHWM, which catches spikes between reads).

import { type ProcessTreeReading, readProcessTree } from './process-tree.js';

const DEFAULT_SAMPLE_INTERVAL_MS = 500;

export interface ProcessUsage {
  cpuSeconds: number;
  coresAvg: number;
  rssAvgBytes: number;
  rssMaxBytes: number;
  /** Readings the window held. */
  samples: number;
}

export class ProcessSampler {
  private readonly readings: ProcessTreeReading[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs: number = DEFAULT_SAMPLE_INTERVAL_MS,
    private readonly read: (pid: number) => ProcessTreeReading | null = readProcessTree,
  ) {}

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Takes a last reading and stops. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }

  sample(): void {
    const reading = this.read(this.rootPid);
    if (reading) this.readings.push(reading);
  }

  get all(): readonly ProcessTreeReading[] {
    return this.readings;
  }

  /** Usage between fromEpochMs and toEpochMs; null with fewer than two readings inside. */
  usage(fromEpochMs: number, toEpochMs: number): ProcessUsage | null {
    const inside = this.readings.filter((r) => r.atEpochMs >= fromEpochMs && r.atEpochMs <= toEpochMs);
    if (inside.length < 2) return null;
    const first = inside[0];
    const last = inside[inside.length - 1];
    const spanS = (last.atEpochMs - first.atEpochMs) / 1000;
    const cpuSeconds = Math.max(0, last.cpuSeconds - first.cpuSeconds);
    let rssSum = 0;
    let rssMax = 0;
    for (const r of inside) {
      rssSum += r.rssBytes;
      rssMax = Math.max(rssMax, r.rssBytes, r.peakRssBytes);
    }
    return {
      cpuSeconds,
      coresAvg: spanS > 0 ? cpuSeconds / spanS : 0,
      rssAvgBytes: Math.round(rssSum / inside.length),
      rssMaxBytes: rssMax,
      samples: inside.length,
    };
  }

  /**
   * Per whole second since `startEpochMs`, for `seconds` seconds: cores used over that second and
   * the last RSS read in it (null where no two readings bracket it).
   */
  perSecond(startEpochMs: number, seconds: number): { cpuCores: number | null; rssBytes: number | null }[] {
    const out: { cpuCores: number | null; rssBytes: number | null }[] = [];
    for (let s = 0; s < seconds; s++) {
      const from = startEpochMs + s * 1000;
      const to = from + 1000;
      const before = this.lastAtOrBefore(from);
      const after = this.lastAtOrBefore(to);
      const usable = before && after && after.atEpochMs > before.atEpochMs;
      out.push({
        cpuCores: usable
          ? (after.cpuSeconds - before.cpuSeconds) / ((after.atEpochMs - before.atEpochMs) / 1000)
          : null,
        rssBytes: after && after.atEpochMs > from ? after.rssBytes : null,
      });
    }
    return out;
  }

  private lastAtOrBefore(epochMs: number): ProcessTreeReading | null {
    let found: ProcessTreeReading | null = null;
    for (const r of this.readings) {
      if (r.atEpochMs > epochMs) break;
      found = r;
    }
    return found;
  }
}
