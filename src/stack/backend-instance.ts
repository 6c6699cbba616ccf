// One managed backend for one run: a fresh data dir, free loopback ports, the process started
// (optionally pinned), readiness awaited, its /metrics scraped on demand, and stopped at the end.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scrapeMetrics } from '../probes/prometheus-text.js';
import type { BackendTarget, LaunchContext } from '../targets/backend.js';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { createWorkDir } from './work-dir.js';

const READY_TIMEOUT_MS = 60_000;

export interface BackendInstanceOptions {
  target: BackendTarget;
  binary: string;
  cores: number[] | null;
  /** A CPU quota in cores (a cgroup of its own), or null. */
  cpuLimitCores?: number | null;
  /** Directory for the backend's log (the run's result dir); a temp dir when unset. */
  logDir?: string;
  /** Keep the data dir after stop (for disk probes); default false. */
  keepData?: boolean;
  /** Leave it running after obsbench exits (obsbench stack up). */
  outliveHarness?: boolean;
  /** The Collector's pipeline and a first hop's downstream, passed into its LaunchContext. */
  launch?: Pick<LaunchContext, 'pipeline' | 'downstream'>;
}

export class BackendInstance {
  readonly target: BackendTarget;
  /** The running process; a new one after restart(). */
  process: ManagedProcess;
  readonly httpBaseUrl: string;
  /** The API its read probe queries: the HTTP API, or a query service of its own (Jaeger). */
  readonly queryBaseUrl: string;
  readonly metricsUrl: string;
  readonly readyUrl: string;
  /** host:port of the OTLP/gRPC receiver, '' when the backend has none. */
  readonly otlpGrpcEndpoint: string;
  readonly dataDir: string;
  private readonly keepData: boolean;

  private constructor(target: BackendTarget, process: ManagedProcess, ctx: LaunchContext, keepData: boolean) {
    this.target = target;
    this.process = process;
    this.httpBaseUrl = target.httpBaseUrl(ctx);
    this.queryBaseUrl = target.queryBaseUrl?.(ctx) ?? this.httpBaseUrl;
    this.metricsUrl = `${target.metricsBaseUrl?.(ctx) ?? this.httpBaseUrl}${target.metricsPath}`;
    this.readyUrl = `${target.readyBaseUrl?.(ctx) ?? this.httpBaseUrl}${target.readyPath}`;
    this.otlpGrpcEndpoint = target.otlpGrpcEndpoint?.(ctx) ?? '';
    this.dataDir = ctx.dataDir;
    this.keepData = keepData;
  }

  static async start(o: BackendInstanceOptions): Promise<BackendInstance> {
    const workDir = await createWorkDir(o.target.kind, { owned: !o.keepData });
    const dataDir = join(workDir, 'data');
    await mkdir(dataDir);
    const ports: Record<string, number> = {};
    for (const name of o.target.portNames) ports[name] = await freePort();
    const ctx: LaunchContext = { dataDir, configDir: workDir, ports, ...o.launch };
    for (const [name, text] of Object.entries(o.target.configFiles?.(ctx) ?? {})) {
      await writeFile(join(workDir, name), text);
    }
    const logDir = o.logDir ?? workDir;
    await mkdir(logDir, { recursive: true });
    const process = new ManagedProcess({
      name: o.target.binaryName,
      binary: o.binary,
      args: o.target.launchArgs(ctx),
      cores: o.cores,
      cpuLimitCores: o.cpuLimitCores,
      logPath: join(logDir, `${o.target.binaryName}.log`),
      outliveHarness: o.outliveHarness,
      // Data kept on purpose stays; otherwise it never outlives the run, even a SIGKILLed one.
      removeWhenOrphaned: o.keepData ? undefined : workDir,
    });
    const instance = new BackendInstance(o.target, process, ctx, o.keepData ?? false);
    process.start();
    try {
      await instance.waitReady(READY_TIMEOUT_MS);
    } catch (error) {
      await instance.stop();
      throw error;
    }
    return instance;
  }

  /**
   * Starts the backend again, after it died, on the same data dir, config and ports (its log goes
   * on in the same file); resolves once it is ready, or throws after `readyTimeoutMs`.
   */
  async restart(readyTimeoutMs = READY_TIMEOUT_MS): Promise<void> {
    // Whatever is left of the old one (a CPU-limit group) goes first.
    await this.process.stop();
    this.process = new ManagedProcess(this.process.options);
    this.process.start();
    await this.waitReady(readyTimeoutMs);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    await this.process.waitReady(async () => {
      const response = await fetch(this.readyUrl, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.ok;
    }, timeoutMs);
  }

  get otlpHttpBase(): string {
    return this.target.otlpHttpBase(this.httpBaseUrl);
  }

  scrape(): Promise<string> {
    return scrapeMetrics(this.metricsUrl);
  }

  async flush(): Promise<void> {
    if (!this.target.flushPath) return;
    const response = await fetch(`${this.httpBaseUrl}${this.target.flushPath}`, {
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
  }

  async stop(): Promise<void> {
    await this.process.stop();
    if (!this.keepData) await rm(join(this.dataDir, '..'), { recursive: true, force: true });
  }
}
