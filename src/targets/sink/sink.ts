// The built-in sink: an in-process receiver of OTLP (HTTP and gRPC), Prometheus remote write and
// Loki push that counts items and bytes without decoding them, so obsbench can measure its own
// ceiling (docs/architecture.md, the ceiling rule) and exercise retries with injected latency and errors.

import { ObsbenchError } from '../../errors.js';
import type { LatencySummary } from '../../model/run-result.js';
import { type GrpcReceiver, startGrpcReceiver } from './grpc-receiver.js';
import { type HttpReceiver, startHttpReceiver } from './http-receiver.js';
import { SinkCore, type SinkFault } from './sink-core.js';
import type { SinkCounters } from './sink-counters.js';

export interface SinkOptions {
  /** Listen address. Default 127.0.0.1. */
  host?: string;
  /** OTLP/HTTP port; 0 (default) = any free port. */
  httpPort?: number;
  /** OTLP/gRPC port; 0 (default) = any free port, null = no gRPC listener. */
  grpcPort?: number | null;
  /** Delay before every answer. Default 0. */
  latencyMs?: number;
  /** Share of requests (0..1) answered 503 / UNAVAILABLE. Default 0. */
  errorRate?: number;
  /** Seed of the fault draw. Default 1. */
  seed?: number;
}

export interface Sink {
  /** http://host:port (no trailing slash): the base URL of every HTTP route (OTLP, remote write, Loki push). */
  readonly httpUrl: string;
  /** host:port of the gRPC listener, '' when it is disabled. */
  readonly grpcEndpoint: string;
  counters(): SinkCounters;
  /**
   * Latency from the send-time stamps in OTLP protobuf bodies (load.stampSendTime): receive time
   * minus stamp per stamped resource, weighted by its items; count 0 when nothing stamped arrived.
   */
  addedLatency(): LatencySummary;
  /** Zeroes the counters and the added-latency histogram. */
  reset(): void;
  setFault(fault: Partial<SinkFault>): void;
  close(): Promise<void>;
}

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const host = options.host ?? '127.0.0.1';
  const fault: SinkFault = { latencyMs: options.latencyMs ?? 0, errorRate: options.errorRate ?? 0 };
  validateFault(fault);
  const core = new SinkCore(fault, options.seed ?? 1);
  const http: HttpReceiver = await startHttpReceiver(core, host, options.httpPort ?? 0);
  let grpc: GrpcReceiver | null = null;
  const grpcPort = options.grpcPort === undefined ? 0 : options.grpcPort;
  if (grpcPort !== null) {
    try {
      grpc = await startGrpcReceiver(core, host, grpcPort);
    } catch (error) {
      await http.close();
      throw error;
    }
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | null = null;
  return {
    httpUrl: `http://${urlHost}:${http.port}`,
    grpcEndpoint: grpc === null ? '' : `${urlHost}:${grpc.port}`,
    counters: () => core.counters.snapshot(),
    addedLatency: () => core.addedLatency.summary(),
    reset: () => {
      core.counters.reset();
      core.addedLatency.reset();
    },
    setFault(next: Partial<SinkFault>): void {
      validateFault({
        latencyMs: next.latencyMs ?? core.latencyMs,
        errorRate: next.errorRate ?? core.errorRate,
      });
      core.setFault(next);
    },
    close(): Promise<void> {
      closed ??= Promise.all([http.close(), grpc?.close()]).then(() => undefined);
      return closed;
    },
  };
}

function validateFault(fault: SinkFault): void {
  if (!Number.isFinite(fault.latencyMs) || fault.latencyMs < 0) {
    throw new ObsbenchError(
      'E_USAGE',
      `sink latencyMs: ${fault.latencyMs} is not a duration; use a number >= 0`,
    );
  }
  if (!(fault.errorRate >= 0 && fault.errorRate <= 1)) {
    throw new ObsbenchError(
      'E_USAGE',
      `sink errorRate: ${fault.errorRate} is not a share; use a number from 0 to 1`,
    );
  }
}
