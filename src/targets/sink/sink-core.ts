// What the sink's HTTP and gRPC receivers share: the counters, the injected faults and the
// decision for one request (inject an error, reject a bad body, or accept and count).

import { nowEpochMs } from '../../clock.js';
import { Rng } from '../../generators/random.js';
import { SIGNALS } from '../../model/index.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { countOtlpProtoItemsTimed } from './otlp-item-count.js';
import { countOtlpJsonItems } from './otlp-json-count.js';
import { countLokiJsonEntries, countLokiProtoEntries, countRemoteWriteSamples } from './push-item-count.js';
import {
  COUNTER_ERRORS_INJECTED,
  COUNTER_ITEMS,
  COUNTER_RAW_BYTES,
  COUNTER_REJECTED,
  COUNTER_REQUESTS,
  COUNTER_WIRE_BYTES,
  CounterBook,
} from './sink-counters.js';

export interface SinkFault {
  /** Delay before every answer, ms. */
  latencyMs: number;
  /** Share of requests (0..1) answered 503 / UNAVAILABLE instead of being accepted. */
  errorRate: number;
}

export const VERDICT_ACCEPTED = 0;
export const VERDICT_INJECTED_ERROR = 1;
const VERDICT_MALFORMED = 2;

/** What a decompressed body is, which decides how its items are counted. */
export const BODY_OTLP_PROTO = 0;
export const BODY_OTLP_JSON = 1;
/** Prometheus remote write 1.0: samples. */
export const BODY_REMOTE_WRITE = 2;
/** Loki push: entries. */
export const BODY_LOKI_PROTO = 3;
export const BODY_LOKI_JSON = 4;

export class SinkCore {
  readonly counters = new CounterBook();
  /**
   * Receive time minus the send-time stamp of each stamped resource in OTLP protobuf bodies (µs,
   * weighted by its items): the latency a pipeline in front of the sink adds, plus encode and send.
   */
  readonly addedLatency = new LatencyHistogram();
  latencyMs: number;
  errorRate: number;
  private readonly random: Rng;

  constructor(fault: SinkFault, seed: number) {
    this.latencyMs = fault.latencyMs;
    this.errorRate = fault.errorRate;
    this.random = new Rng(seed, 0x51c);
  }

  setFault(fault: Partial<SinkFault>): void {
    if (fault.latencyMs !== undefined) this.latencyMs = fault.latencyMs;
    if (fault.errorRate !== undefined) this.errorRate = fault.errorRate;
  }

  /** Counts a request refused before its body is looked at (unsupported content type or encoding). */
  reject(signalIndex: number): number {
    this.counters.add(signalIndex, COUNTER_REQUESTS, 1);
    this.counters.add(signalIndex, COUNTER_REJECTED, 1);
    return VERDICT_MALFORMED;
  }

  /** Counts an arriving request and draws the injected fault: VERDICT_INJECTED_ERROR or VERDICT_ACCEPTED (go on). */
  admit(signalIndex: number): number {
    this.counters.add(signalIndex, COUNTER_REQUESTS, 1);
    if (this.errorRate > 0 && this.random.nextFloat() < this.errorRate) {
      this.counters.add(signalIndex, COUNTER_ERRORS_INJECTED, 1);
      return VERDICT_INJECTED_ERROR;
    }
    return VERDICT_ACCEPTED;
  }

  /**
   * Counts the items of an admitted request: `raw` is the decompressed body (null when
   * decompression failed) of kind `body` (a BODY_* constant), `wireBytes` its size as received.
   * VERDICT_ACCEPTED or VERDICT_MALFORMED.
   */
  count(signalIndex: number, body: number, wireBytes: number, raw: Uint8Array | null): number {
    const counters = this.counters;
    const items = raw === null ? -1 : this.countItems(signalIndex, body, raw);
    if (items < 0 || raw === null) {
      counters.add(signalIndex, COUNTER_REJECTED, 1);
      return VERDICT_MALFORMED;
    }
    counters.add(signalIndex, COUNTER_ITEMS, items);
    counters.add(signalIndex, COUNTER_WIRE_BYTES, wireBytes);
    counters.add(signalIndex, COUNTER_RAW_BYTES, raw.length);
    return VERDICT_ACCEPTED;
  }

  private countItems(signalIndex: number, body: number, raw: Uint8Array): number {
    if (body === BODY_OTLP_PROTO) {
      const receivedUnixUs = Math.round(nowEpochMs() * 1000);
      return countOtlpProtoItemsTimed(SIGNALS[signalIndex], raw, receivedUnixUs, this.addedLatency);
    }
    return countOtherItems(signalIndex, body, raw);
  }
}

/** Bodies that carry no send-time stamp the sink reads (OTLP/JSON, remote write, Loki push). */
function countOtherItems(signalIndex: number, body: number, raw: Uint8Array): number {
  switch (body) {
    case BODY_OTLP_JSON:
      return countOtlpJsonItems(SIGNALS[signalIndex], raw);
    case BODY_REMOTE_WRITE:
      return countRemoteWriteSamples(raw);
    case BODY_LOKI_PROTO:
      return countLokiProtoEntries(raw);
    default:
      return countLokiJsonEntries(raw);
  }
}
