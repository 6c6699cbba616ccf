// What a run measures of a managed backend beside its counters: its process tree's CPU and RSS sampled through the run, its /metrics scraped before, during (a
// compressed series in the result dir) and after, and after the load its data dir's bytes once
// a flush has written what it buffers.

import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { type DiskUsage, diskUsage } from '../probes/disk-usage.js';
import { ProcessSampler } from '../probes/process-sampler.js';
import type { BackendMeasurement } from './findings.js';
import type { BackendProbeHandle } from './hop.js';
import type { MeasureContext, RunMeasure } from './measure.js';
import { realClock, settle } from './settle.js';
import { withTimeout } from './with-timeout.js';

/** Milliseconds between /metrics scrapes during the run. */
const SCRAPE_INTERVAL_MS = 2000;
/** The disk probe waits until the data dir's size holds still this long… */
const DISK_STABLE_MS = 1000;
/** …but no longer than this after the settle time. */
const DISK_WAIT_MAX_MS = 15_000;
const ANSWER_TIMEOUT_MS = 3000;
const FLUSH_TIMEOUT_MS = 10_000;

interface CounterReading {
  atEpochMs: number;
  accepted: number;
}

export class BackendMeasure implements RunMeasure {
  readonly phase = 'measure' as const;
  private readonly sampler: ProcessSampler;
  private readonly readings: CounterReading[] = [];
  /** Every scrape during the run, streamed to metrics-during.prom.gz rather than held. */
  private during: Gzip | null = null;
  private duringDone: Promise<void> = Promise.resolve();
  private scrapeTimer: NodeJS.Timeout | null = null;
  private scraping: Promise<void> = Promise.resolve();
  private scrapeBusy = false;
  private diskAtStart: DiskUsage | null = null;

  constructor(
    private readonly handle: BackendProbeHandle,
    private readonly resultDir: string,
    /** False skips the flush and the data dir's bytes (and their settle wait) after the load. */
    private readonly diskFigures = true,
  ) {
    this.sampler = new ProcessSampler(handle.pid);
  }

  /** Scrapes /metrics once (metrics-before.prom) and starts sampling. */
  async start(): Promise<void> {
    const handle = this.handle;
    this.during = createGzip();
    this.duringDone = finished(
      this.during.pipe(createWriteStream(join(this.resultDir, 'metrics-during.prom.gz'))),
    );
    const before = await handle.scrape().catch(() => '');
    await writeFile(join(this.resultDir, 'metrics-before.prom'), before);
    this.diskAtStart = handle.dataDir === null ? null : await this.diskOf(handle.dataDir);
    this.sampler.start();
    this.scrapeTimer = setInterval(() => {
      // One scrape at a time: a slow or frozen backend skips ticks rather than queueing them.
      if (this.scrapeBusy) return;
      this.scrapeBusy = true;
      this.scraping = this.scrapeOnce().finally(() => {
        this.scrapeBusy = false;
      });
    }, SCRAPE_INTERVAL_MS);
    this.scrapeTimer.unref();
  }

  private async scrapeOnce(): Promise<void> {
    const atEpochMs = Date.now();
    const text = await this.handle.scrape().catch(() => null);
    if (text === null) return;
    this.during?.write(`# obsbench scrape at ${new Date(atEpochMs).toISOString()}\n${text}\n`);
    const accepted = this.handle.accepted(text);
    if (accepted !== null) this.readings.push({ atEpochMs, accepted });
  }

  async loadEnded(): Promise<void> {
    this.stopSampling();
  }

  async finish(ctx: MeasureContext): Promise<void> {
    const window = { fromEpochMs: ctx.outcome.measureStartEpochMs, seconds: ctx.outcome.measuredDurationS };
    ctx.found.backend = await this.measure(window, !ctx.died && !ctx.interrupted);
  }

  /** Stops sampling (the backend may be dead: then only what was sampled is used). */
  private stopSampling(): void {
    this.sampler.stop();
    if (this.scrapeTimer) clearInterval(this.scrapeTimer);
    this.scrapeTimer = null;
  }

  /**
   * Ends the measurement: usage over the measured window, then flush, wait for the data dir to
   * settle, its bytes, and a last scrape (metrics-after.prom). `alive` false skips what needs the
   * backend running.
   */
  private async measure(
    window: { fromEpochMs: number; seconds: number },
    alive: boolean,
  ): Promise<BackendMeasurement> {
    this.stopSampling();
    await this.scraping;
    const toEpochMs = window.fromEpochMs + window.seconds * 1000;
    // Readings just outside the window bracket it; the sampler's interval is well under a second.
    const usage = this.sampler.usage(window.fromEpochMs - 600, toEpochMs + 600);
    const notes: string[] = [];
    if (!usage)
      notes.push('CPU and RSS not measured: fewer than two process readings in the measured window');
    let disk: DiskUsage | null = null;
    let ownStorageFigures: Record<string, number> = {};
    // A frozen backend (SIGSTOP) must not hold the run: it gets a few seconds to answer.
    const answering = alive && (await withTimeout(this.handle.scrape(), ANSWER_TIMEOUT_MS)) !== null;
    if (answering) {
      if (this.handle.dataDir === null) {
        notes.push('no disk figures: a pipeline stage that stores nothing');
      } else if (!this.diskFigures) {
        notes.push('disk not measured: this run did not ask for disk figures');
      } else {
        const flush = this.handle.flush().then(
          () => '',
          (error: unknown) => `flush failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        const flushed = await withTimeout(flush, FLUSH_TIMEOUT_MS);
        if (flushed === null) notes.push(`flush did not finish within ${FLUSH_TIMEOUT_MS / 1000} s`);
        else if (flushed) notes.push(flushed);
        disk = await this.settledDisk(this.handle.dataDir);
        if (this.handle.sparseFiles)
          notes.push('disk bytes are blocks in use (du): its data files are preallocated sparse');
      }
      const after = (await withTimeout(this.handle.scrape(), ANSWER_TIMEOUT_MS)) ?? '';
      await writeFile(join(this.resultDir, 'metrics-after.prom'), after);
      ownStorageFigures = after ? this.handle.ownStorageFigures(after) : {};
    } else {
      notes.push(
        alive
          ? `disk not measured: the backend did not answer within ${ANSWER_TIMEOUT_MS / 1000} s after the load`
          : 'disk not measured: the backend was not running after the load',
      );
    }
    await this.dispose();
    return {
      usage,
      diskAtStart: this.diskAtStart,
      disk,
      ownStorageFigures,
      perSecond: this.perSecond(window.fromEpochMs, Math.ceil(window.seconds)),
      note: notes.join('; '),
      answering,
    };
  }

  /** Stops sampling and closes the during-run series; safe to call more than once. */
  async dispose(): Promise<void> {
    this.stopSampling();
    await this.scraping;
    if (this.during && !this.during.writableEnded) this.during.end();
    await this.duringDone.catch(() => {});
  }

  /** The data dir's usage; for a backend with sparse files, its bytes are the blocks in use. */
  private async diskOf(dataDir: string): Promise<DiskUsage> {
    const usage = await diskUsage(dataDir);
    return this.handle.sparseFiles ? { ...usage, bytes: usage.allocatedBytes } : usage;
  }

  /** After the backend's own settle time, once the size holds still (or the wait runs out). */
  private async settledDisk(dataDir: string): Promise<DiskUsage> {
    await realClock.sleepMs(this.handle.diskSettleMs);
    const settled = await settle({
      read: () => this.diskOf(dataDir),
      same: (a, b) => a.bytes === b.bytes && a.files === b.files,
      stableMs: DISK_STABLE_MS,
      deadlineMs: DISK_WAIT_MAX_MS,
      pollMs: DISK_STABLE_MS,
    });
    return settled.value;
  }

  private perSecond(startEpochMs: number, seconds: number): BackendMeasurement['perSecond'] {
    const process = this.sampler.perSecond(startEpochMs, seconds);
    const counted = this.readings;
    return process.map((p, second) => {
      const at = startEpochMs + (second + 1) * 1000;
      // The backend's accept rate over the scrape interval that ends nearest after this second.
      const i = counted.findIndex((s) => s.atEpochMs >= at);
      const acceptedPerS =
        i > 0
          ? (counted[i].accepted - counted[i - 1].accepted) /
            ((counted[i].atEpochMs - counted[i - 1].atEpochMs) / 1000)
          : null;
      return { ...p, acceptedPerS };
    });
  }
}
