// The small typed message set exchanged between the run orchestrator and its load workers.

import type { TimeseriesPoint } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import type { WorkerSlice } from '../model/shard.js';
import type { SampledTrace } from '../model/trace-sample.js';

export interface WorkerConfig {
  scenario: Scenario;
  /** Resolved endpoint: base URL for OTLP/HTTP, host:port for gRPC. */
  endpoint: string;
  /** Its index among this process's workers (progress and finals are keyed by it). */
  workerIndex: number;
  workerCount: number;
  /** Its slice of the run's plan and ID space: the worker itself, or shard x workers + worker. */
  slice: WorkerSlice;
  /** Absolute epoch ms at which the plan starts (warmup first, then the measured phase). */
  planStartEpochMs: number;
  /** Epoch microseconds used as the generators' time base. */
  startTimeUnixUs: number;
  runNonce: number;
  /** Take a sample of the traces sent whole and acknowledged, for the read path to fetch back. */
  sampleTraces: boolean;
}

/** Totals of one worker over the measured phase (warmup excluded). */
export interface LoadCounters {
  itemsSent: number;
  itemsAccepted: number;
  itemsRefused: number;
  itemsFailed: number;
  requests: number;
  requestsFailed: number;
  retries: number;
  droppedSchedules: number;
  droppedItems: number;
  rawBytes: number;
  wireBytes: number;
  /** Requests scheduled in the measured phase (sent or dropped). */
  schedules: number;
  /** Items accepted in every phase, warmup included: what the target should have counted. */
  itemsAcceptedAllPhases: number;
  /** Raw OTLP protobuf bytes of those items: what a backend's data dir holds, in compression ratios. */
  rawBytesAcceptedAllPhases: number;
  /** Items sent in every phase, warmup included: what a completeness check expects at most. */
  itemsSentAllPhases: number;
}

export function emptyCounters(): LoadCounters {
  return {
    itemsSent: 0,
    itemsAccepted: 0,
    itemsRefused: 0,
    itemsFailed: 0,
    requests: 0,
    requestsFailed: 0,
    retries: 0,
    droppedSchedules: 0,
    droppedItems: 0,
    rawBytes: 0,
    wireBytes: 0,
    schedules: 0,
    itemsAcceptedAllPhases: 0,
    rawBytesAcceptedAllPhases: 0,
    itemsSentAllPhases: 0,
  };
}

export function addCounters(into: LoadCounters, from: LoadCounters): void {
  for (const key of Object.keys(into) as (keyof LoadCounters)[]) into[key] += from[key];
}

export interface ProgressSnapshot {
  workerIndex: number;
  /** Seconds since the plan started (warmup included). */
  elapsedS: number;
  phase: 'warmup' | 'run';
  counters: LoadCounters;
  inFlight: number;
  /** p99 latency (ms, from intended start) of the last second, 0 when nothing completed. */
  lastSecondP99Ms: number;
}

export interface WorkerFinal {
  workerIndex: number;
  counters: LoadCounters;
  latencyHdr: string;
  serviceTimeHdr: string;
  scheduleLagHdr: string;
  /** Per second of the measured phase: sent, accepted, failed items and p99 latency. */
  timeseries: TimeseriesPoint[];
  errors: { message: string; count: number }[];
  /** Why the worker stopped early, '' when it ran the whole plan. */
  stopReason: string;
  measuredDurationS: number;
  /** The worker's trace sample (load/trace-sampler.ts); empty when none was taken. */
  sampledTraces: SampledTrace[];
}

export type ToWorker = { cmd: 'stop'; reason: string };
export type FromWorker =
  | { cmd: 'progress'; snapshot: ProgressSnapshot }
  | { cmd: 'done'; final: WorkerFinal }
  | { cmd: 'fatal'; message: string; code: string };
