// obsbench against a peer load generator, telemetrygen (OpenTelemetry Collector contrib), per
// core-second: for each signal, each tool in turn pinned to core 0 sends OTLP/gRPC uncompressed
// into `obsbench sink` pinned to core 1, and the figure is the items the sink accepted per CPU
// second the tool's process used over the same window. telemetrygen first gets a short sweep of
// workers x rate per worker (its best few retried with a larger batch) for its most efficient
// setting (unthrottled, its SDK drops what its queue cannot hold: only what the sink accepted
// counts); obsbench sends a shape sized to telemetrygen's items (raw bytes per item within
// SIZE_TOLERANCE, both reported).

import { cpus } from 'node:os';
import { SIGNALS, type Signal } from '../src/model/index.js';
import { readProcessTree } from '../src/probes/process-tree.js';
import { requireInstalled } from '../src/stack/installed.js';
import {
  runPinnedProcess,
  runScenarioProcess,
  type SinkProcess,
  type SinkReading,
  startSinkProcess,
} from './child-run.js';
import {
  bestPoints,
  peerVerdict,
  sizesMatch,
  steadyPair,
  type ToolSample,
  type WindowFigures,
  windowFigures,
} from './peer-figures.js';

/** How a tool was driven: telemetrygen's --workers / --rate / --batch-size, or obsbench's load. */
export interface PeerSetting {
  workers: number;
  /** Items per second per worker; 0 = unthrottled (max throughput). */
  ratePerWorker: number;
  batchSize: number;
}

export interface PeerRow extends WindowFigures {
  signal: Signal;
  tool: 'telemetrygen' | 'obsbench';
  setting: PeerSetting;
}

/**
 * One point of telemetrygen's sweep; null figures when the sink counted none of its items while
 * it ran (unthrottled on one core, many workers starve its exporter until the final flush).
 */
export interface PeerSweepPoint {
  workers: number;
  ratePerWorker: number;
  batchSize: number;
  acceptedItemsPerS: number | null;
  cpuSeconds: number | null;
  itemsPerCoreSecond: number | null;
}

export interface PeerSignalResult {
  signal: Signal;
  /** telemetrygen at its best sweep point, then obsbench, each over the run's window. */
  rows: PeerRow[];
  /** obsbench's raw bytes per item within SIZE_TOLERANCE of telemetrygen's. */
  sizesMatch: boolean;
  sweep: PeerSweepPoint[];
  /** obsbench / telemetrygen items per core-second. */
  ratio: number | null;
  target: number;
  met: boolean;
}

/** The sweep: workers x rate per worker (0 = unthrottled) at telemetrygen's default batch... */
const TELEMETRYGEN_WORKERS = [1, 8, 32, 128];
const TELEMETRYGEN_RATES_PER_WORKER = [0, 1000, 10_000];
const TELEMETRYGEN_BATCH_SIZE = 100;
/** ...then its RETRIED best points again with obsbench's batch (it was worth +15..75% in trials). */
const TELEMETRYGEN_LARGE_BATCH_SIZE = 1000;
const RETRIED = 3;
/**
 * obsbench's log lines cannot be shorter than an Apache access line (~85 characters, ~122 B per
 * record): telemetrygen's body ("the message", ~54 B per record) is lengthened to such a line.
 */
const TELEMETRYGEN_LOG_BODY =
  '203.0.113.7 - - [02/Dec/2026:15:01:44 +0000] "GET /api/v1/orders HTTP/1.1" 200 5120';
const TELEMETRYGEN_EXTRA_ARGS: Record<Signal, string[]> = {
  traces: [],
  metrics: [],
  logs: ['--body', TELEMETRYGEN_LOG_BODY],
};

/**
 * obsbench shapes sized to telemetrygen's items (OTLP protobuf, batch 1000): one service's
 * internal-heavy traces with no extras (~157 B/span against ~155); 100 gauges, one resource and
 * no labels (~35 B/point against ~34); one stream of Apache lines with no attributes (~122 B).
 */
const OBSBENCH_SHAPES: Record<Signal, string> = {
  traces:
    '{ services: 1, spansPerTrace: 100, maxDepth: 2, errorRate: 0, extraAttributes: 0, eventsPerSpan: 0, linkRate: 0, resourceAttributes: 0 }',
  metrics:
    '{ series: 100, metricNames: 100, labelsPerSeries: 0, resources: 1, kinds: { gauge: 1, sum: 0, histogram: 0, exponential_histogram: 0 } }',
  logs: '{ streams: 1, labelsPerStream: 0, attributesPerRecord: 0, traceCorrelationRate: 0, lineLengthMedian: 1, lineLengthSigma: 0, formats: { json: 0, logfmt: 0, apache: 1, syslog: 0 } }',
};
const OBSBENCH_SETTING: PeerSetting = { workers: 1, ratePerWorker: 0, batchSize: 1000 };

/** One sweep point: telemetrygen's --duration, and the window measured inside it. */
const SWEEP_RUN_S = 3;
const SWEEP_WARMUP_S = 0.5;
const SWEEP_WINDOW_S = 1.5;
/** A sweep point using less CPU than this over its window is not chosen (tick rounding). */
const MIN_SWEEP_CPU_S = 0.15;
/** Measured rows: the window starts this long after the sink first counts the tool's items. */
const WARMUP_S = 2;
/** Room past warmup + window for the tool's start and the reading interval. */
const MARGIN_S = 3;
/** How long past its planned run a tool may take (its final flush) before it is killed. */
const OVERRUN_S = 15;
const TARGET_RATIO = 10;
const SIZE_TOLERANCE = 0.1;

/** One tool run: its window's figures, or (null) why there was no window. */
interface Measured {
  figures: WindowFigures | null;
  why: string;
}

interface SweepPoint {
  setting: PeerSetting;
  figures: WindowFigures | null;
}

/** Pairs each sink reading with the CPU seconds of the process being measured, read on arrival. */
class ToolCpuSampler {
  private pid = 0;
  private samples: ToolSample[] = [];

  readonly onReading = (reading: SinkReading): void => {
    if (this.pid === 0) return;
    const tree = readProcessTree(this.pid);
    if (tree !== null) this.samples.push({ reading, toolCpuSeconds: tree.cpuSeconds });
  };

  follow(pid: number): void {
    this.pid = pid;
    this.samples = [];
  }

  /** Stop following; the samples taken while the process ran. */
  stop(): ToolSample[] {
    this.pid = 0;
    return this.samples;
  }
}

export async function runPeersBench(runS: number): Promise<PeerSignalResult[]> {
  // Fails with the command that installs it: no silent skip.
  const telemetrygen = requireInstalled('telemetrygen').binaryPath;
  const pin = cpus().length >= 2;
  const sampler = new ToolCpuSampler();
  const sink = await startSinkProcess(pin ? '1' : null, sampler.onReading);
  const run = new PeersRun(telemetrygen, sink, sampler, pin);
  const out: PeerSignalResult[] = [];
  try {
    for (const signal of SIGNALS) out.push(await run.signalResult(signal, runS));
  } finally {
    await sink.stop();
  }
  return out;
}

/** One peers run: the tools measured in turn against one sink. */
class PeersRun {
  private readonly toolCores: string | null;
  private readonly cores: { tool: number; sink: number } | null;

  constructor(
    private readonly telemetrygen: string,
    private readonly sink: SinkProcess,
    private readonly sampler: ToolCpuSampler,
    pin: boolean,
  ) {
    this.toolCores = pin ? '0' : null;
    this.cores = pin ? { tool: 0, sink: 1 } : null;
  }

  async signalResult(signal: Signal, runS: number): Promise<PeerSignalResult> {
    const points = await this.sweep(signal);
    const [best] = bestPoints(points, MIN_SWEEP_CPU_S, 1);
    if (best === undefined)
      throw new Error(`peers ${signal}: no telemetrygen sweep point had a steady window`);
    const tgRun = await this.runTelemetrygen(
      signal,
      best.setting,
      WARMUP_S + runS + MARGIN_S,
      WARMUP_S,
      runS,
    );
    const obRun = await this.measure(signal, WARMUP_S, runS, async (onStart) => {
      const yaml = obsbenchYaml(signal, this.sink.grpcEndpoint, runS);
      const { load } = await runScenarioProcess(yaml, this.toolCores, runS + 60, onStart);
      return `obsbench saw ${load.itemsAccepted} accepted, ${load.itemsFailed} failed`;
    });
    const tg = tgRun.figures;
    const ob = obRun.figures;
    if (tg === null || ob === null) {
      const [tool, why] = tg === null ? ['telemetrygen', tgRun.why] : ['obsbench', obRun.why];
      throw new Error(`peers ${signal}: ${tool} gave no steady ${WARMUP_S} + ${runS} s window: ${why}`);
    }
    return {
      signal,
      rows: [
        { signal, tool: 'telemetrygen', setting: best.setting, ...tg },
        { signal, tool: 'obsbench', setting: OBSBENCH_SETTING, ...ob },
      ],
      sizesMatch: sizesMatch(ob.rawBytesPerItem, tg.rawBytesPerItem, SIZE_TOLERANCE),
      sweep: points.map((p) => ({
        ...p.setting,
        acceptedItemsPerS: p.figures?.acceptedItemsPerS ?? null,
        cpuSeconds: p.figures?.cpuSeconds ?? null,
        itemsPerCoreSecond: p.figures?.itemsPerCoreSecond ?? null,
      })),
      ...peerVerdict(ob.itemsPerCoreSecond, tg.itemsPerCoreSecond, TARGET_RATIO),
    };
  }

  /** workers x rate at telemetrygen's default batch, then the best few again with a large batch. */
  private async sweep(signal: Signal): Promise<SweepPoint[]> {
    const point = async (setting: PeerSetting): Promise<SweepPoint> => ({
      setting,
      figures: (await this.runTelemetrygen(signal, setting, SWEEP_RUN_S, SWEEP_WARMUP_S, SWEEP_WINDOW_S))
        .figures,
    });
    const points: SweepPoint[] = [];
    for (const workers of TELEMETRYGEN_WORKERS) {
      for (const ratePerWorker of TELEMETRYGEN_RATES_PER_WORKER)
        points.push(await point({ workers, ratePerWorker, batchSize: TELEMETRYGEN_BATCH_SIZE }));
    }
    for (const p of bestPoints(points, MIN_SWEEP_CPU_S, RETRIED))
      points.push(await point({ ...p.setting, batchSize: TELEMETRYGEN_LARGE_BATCH_SIZE }));
    return points;
  }

  /** telemetrygen for `durationS` (it stops by itself; killed if it overruns), then its window. */
  private runTelemetrygen(
    signal: Signal,
    setting: PeerSetting,
    durationS: number,
    warmupS: number,
    windowS: number,
  ): Promise<Measured> {
    return this.measure(signal, warmupS, windowS, async (onStart) => {
      const args = telemetrygenArgs(signal, this.sink.grpcEndpoint, setting, durationS);
      const exit = await runPinnedProcess(
        this.telemetrygen,
        args,
        this.toolCores,
        durationS + OVERRUN_S,
        onStart,
      );
      if (exit.code !== 0 || exit.killed) {
        const how = exit.killed ? 'overran and was killed' : `exited ${exit.code}`;
        const tail = exit.stderrTail.trim().split('\n').slice(-2).join(' | ');
        throw new Error(`telemetrygen ${args.join(' ')} ${how}: ${tail}`);
      }
      return `telemetrygen exited ${exit.code}`;
    });
  }

  /**
   * Run one tool (handing its pid to the sampler; `run` returns what the tool itself reported),
   * then the figures of its steady window, or what was seen instead.
   */
  private async measure(
    signal: Signal,
    warmupS: number,
    windowS: number,
    run: (onStart: (pid: number) => void) => Promise<string>,
  ): Promise<Measured> {
    let samples: ToolSample[] = [];
    let report = '';
    try {
      report = await run((pid) => this.sampler.follow(pid));
    } finally {
      samples = this.sampler.stop();
    }
    const pair = steadyPair(samples, signal, warmupS, windowS);
    if (pair !== null) return { figures: windowFigures(pair.from, pair.to, signal, this.cores), why: '' };
    const first = samples[0]?.reading;
    const last = samples[samples.length - 1]?.reading;
    const items = first && last ? last.signals[signal].items - first.signals[signal].items : 0;
    const spanS = first && last ? (last.atEpochMs - first.atEpochMs) / 1000 : 0;
    return {
      figures: null,
      why: `the sink counted ${items} ${signal} items over ${samples.length} readings (${spanS} s) while it ran; ${report}`,
    };
  }
}

function telemetrygenArgs(
  signal: Signal,
  endpoint: string,
  setting: PeerSetting,
  durationS: number,
): string[] {
  return [
    signal,
    '--otlp-insecure',
    '--otlp-endpoint',
    endpoint,
    '--duration',
    `${durationS}s`,
    '--workers',
    String(setting.workers),
    '--rate',
    String(setting.ratePerWorker),
    '--batch-size',
    String(setting.batchSize),
    ...TELEMETRYGEN_EXTRA_ARGS[signal],
  ];
}

/** obsbench's scenario: it sends past the measured window (which starts WARMUP_S into its warmup's end). */
function obsbenchYaml(signal: Signal, endpoint: string, runS: number): string {
  return `
name: bench-peers-${signal}
signal: ${signal}
target: { kind: sink, endpoint: ${endpoint} }
protocol: otlp-grpc
compression: none
shape: ${OBSBENCH_SHAPES[signal]}
load: { executor: max-throughput, duration: ${runS + MARGIN_S}s, warmup: ${WARMUP_S}s, batchSize: ${OBSBENCH_SETTING.batchSize}, concurrency: 16, connections: 16, workers: ${OBSBENCH_SETTING.workers} }
seed: 7
`;
}
