// The sink's counters per signal, kept in one typed array (no per-request objects) and copied
// out as plain objects on demand.

import { SIGNALS, type Signal } from '../../model/index.js';

interface SignalCounters {
  /** Every request received on the signal's path, whatever its answer. */
  requests: number;
  /** Items in accepted requests. */
  items: number;
  /** Bodies of accepted requests as received (compressed when the client compressed). */
  wireBytes: number;
  /** Bodies of accepted requests after decompression (uncompressed OTLP). */
  rawBytes: number;
  /** Requests answered with an injected 503 / UNAVAILABLE. */
  errorsInjected: number;
  /** Requests refused as bad input (400 / 415 / INVALID_ARGUMENT). */
  rejectedRequests: number;
}

export type SinkCounters = Record<Signal, SignalCounters>;

export const COUNTER_REQUESTS = 0;
export const COUNTER_ITEMS = 1;
export const COUNTER_WIRE_BYTES = 2;
export const COUNTER_RAW_BYTES = 3;
export const COUNTER_ERRORS_INJECTED = 4;
export const COUNTER_REJECTED = 5;
const COUNTERS_PER_SIGNAL = 6;

export const SIGNAL_INDEX: Readonly<Record<Signal, number>> = { traces: 0, metrics: 1, logs: 2 };

export class CounterBook {
  private readonly values = new Float64Array(SIGNALS.length * COUNTERS_PER_SIGNAL);

  add(signalIndex: number, counter: number, delta: number): void {
    this.values[signalIndex * COUNTERS_PER_SIGNAL + counter] += delta;
  }

  reset(): void {
    this.values.fill(0);
  }

  snapshot(): SinkCounters {
    const read = (signal: Signal): SignalCounters => {
      const base = SIGNAL_INDEX[signal] * COUNTERS_PER_SIGNAL;
      const v = this.values;
      return {
        requests: v[base + COUNTER_REQUESTS],
        items: v[base + COUNTER_ITEMS],
        wireBytes: v[base + COUNTER_WIRE_BYTES],
        rawBytes: v[base + COUNTER_RAW_BYTES],
        errorsInjected: v[base + COUNTER_ERRORS_INJECTED],
        rejectedRequests: v[base + COUNTER_REJECTED],
      };
    };
    return { traces: read('traces'), metrics: read('metrics'), logs: read('logs') };
  }
}
