// Canary traces for the trace stores' read paths (Jaeger, Tempo): single-span traces with a known
// ID, written as OTLP/JSON to the store's OTLP/HTTP receiver and looked up by ID until found.

import { randomBytes } from 'node:crypto';
import { ObsbenchError } from '../errors.js';
import { DEFAULT_READ_TIMEOUT_MS, httpGetText, httpPost, isNotFound } from '../probes/read/http.js';
import type { Canary, ReadContext } from '../probes/read/read-probe.js';

/** Trace ID of canary `seq`: 16 random bytes per process, the last 4 replaced by seq. */
const CANARY_PREFIX = randomBytes(12).toString('hex');
export function canaryTraceId(seq: number): string {
  return `${CANARY_PREFIX}${(seq >>> 0).toString(16).padStart(8, '0')}`;
}

export const CANARY_SERVICE = 'obsbench-canary';

export function canarySpanJson(seq: number, timeUs: number): string {
  const startNs = `${Math.floor(timeUs)}000`;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: CANARY_SERVICE } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: canaryTraceId(seq),
                spanId: canaryTraceId(seq).slice(16),
                name: 'obsbench-canary',
                kind: 1,
                startTimeUnixNano: startNs,
                endTimeUnixNano: startNs,
              },
            ],
          },
        ],
      },
    ],
  });
}

/**
 * The canary of a trace store whose trace-by-ID path is `tracePath(id)` (relative to the query
 * API) and answers 404 until the trace is found.
 */
export function traceCanary(store: string, tracePath: (traceId: string) => string): Canary {
  return {
    write: async (ctx: ReadContext, seq: number) => {
      if (!ctx.ingestBaseUrl) {
        throw new ObsbenchError(
          'E_TARGET',
          `${store} canary: no OTLP/HTTP receiver to write canary traces to (the load goes over OTLP/gRPC to a store obsbench did not start); freshness needs protocol: otlp-http`,
        );
      }
      await httpPost(
        `${ctx.ingestBaseUrl}/v1/traces`,
        canarySpanJson(seq, Date.now() * 1000),
        { 'content-type': 'application/json' },
        ctx.requestTimeoutMs,
      );
    },
    isVisible: async (ctx: ReadContext, seq: number) => {
      try {
        await httpGetText(
          `${ctx.baseUrl}${tracePath(canaryTraceId(seq))}`,
          ctx.requestTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
        );
        return true;
      } catch (error) {
        // 404 until the trace is found; other failures propagate as poll errors.
        if (isNotFound(error)) return false;
        throw error;
      }
    },
  };
}
