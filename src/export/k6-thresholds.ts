// A scenario's `expect:` as k6 thresholds, only where a k6 metric measures the same thing:
//   p99ServiceTimeMs -> http_req_duration p(99)  (request duration from the actual send; only
//                       for extensions that send through k6's HTTP client, which emits it)
//   errorRate        -> http_req_failed rate     (share of requests not answered 2xx; same)
//   droppedSchedules -> dropped_iterations count (no free VU / no free in-flight slot)
// Everything else is returned as unmatched with the reason, for the script's header.

import type { Threshold } from '../model/scenario.js';
import { MEASURED_SCENARIO } from './k6-load.js';

export interface K6Thresholds {
  /** options.thresholds: metric{scenario:measured} -> expressions. */
  thresholds: Record<string, string[]>;
  /** `expect "..." -> metric expression` lines. */
  matched: string[];
  /** `expect "...": why` lines. */
  unmatched: string[];
}

interface Match {
  metric: string;
  /** The aggregation the threshold expression starts with. */
  aggregation: string;
  /** Needs an extension that sends through k6's HTTP client. */
  http: boolean;
}

const MATCHES: Readonly<Record<string, Match>> = {
  p99ServiceTimeMs: { metric: 'http_req_duration', aggregation: 'p(99)', http: true },
  errorRate: { metric: 'http_req_failed', aggregation: 'rate', http: true },
  droppedSchedules: { metric: 'dropped_iterations', aggregation: 'count', http: false },
};

const LATENCY =
  "obsbench measures it from each batch's intended send time (corrected for coordinated omission); " +
  'k6 times requests from the actual send';
const RATE = "k6 counts iterations, not items, and a counter's rate spans the whole test, warmup included";
const ITEMS = "obsbench counts items per answer and from the backend's own counters; k6 sees only answers";
const BACKEND = 'a figure of the backend process (CPU, memory, disk) that obsbench samples beside the load';
const PROBE = 'a read-back or downstream probe obsbench runs beside the load';

const UNMATCHED_WHY: Readonly<Record<string, string>> = {
  p50LatencyMs: LATENCY,
  p90LatencyMs: LATENCY,
  p99LatencyMs: LATENCY,
  p999LatencyMs: LATENCY,
  maxLatencyMs: LATENCY,
  achievedRatePerS: RATE,
  targetRatePerS: RATE,
  acceptedRatePerS: RATE,
  itemsSent: ITEMS,
  itemsAccepted: ITEMS,
  itemsRefused: ITEMS,
  itemsFailed: ITEMS,
  itemsLost: ITEMS,
  retries: 'the k6 extensions do not retry',
  compressionRatio: BACKEND,
  bytesPerItem: BACKEND,
  backendCoresAvg: BACKEND,
  backendRssMaxBytes: BACKEND,
  backendRssAvgBytes: BACKEND,
  cpuSecondsPerMillionItems: BACKEND,
  freshnessMs: PROBE,
  downstreamP99LatencyMs: PROBE,
};

function whyUnmatched(threshold: Threshold, httpMetrics: boolean, extension: string): string {
  if (threshold.refMetric !== undefined)
    return `compares with another figure (${threshold.refMetric}); k6 thresholds compare with constants`;
  const match = MATCHES[threshold.metric];
  if (match?.http && !httpMetrics)
    return `${extension} reports no per-request metrics (it does not send through k6's HTTP client)`;
  return UNMATCHED_WHY[threshold.metric] ?? 'no k6 metric measures it';
}

/**
 * The thresholds k6 can check, filtered on the measured scenario. `httpMetrics`: the extension
 * sends through k6's HTTP client (http_req_duration, http_req_failed exist).
 */
export function k6Thresholds(
  expect: readonly Threshold[],
  httpMetrics: boolean,
  extension: string,
): K6Thresholds {
  const out: K6Thresholds = { thresholds: {}, matched: [], unmatched: [] };
  for (const threshold of expect) {
    const match = MATCHES[threshold.metric];
    if (match === undefined || threshold.refMetric !== undefined || (match.http && !httpMetrics)) {
      out.unmatched.push(`expect "${threshold.source}": ${whyUnmatched(threshold, httpMetrics, extension)}`);
      continue;
    }
    const key = `${match.metric}{scenario:${MEASURED_SCENARIO}}`;
    const expression = `${match.aggregation}${threshold.op}${threshold.value}`;
    out.thresholds[key] = [...(out.thresholds[key] ?? []), expression];
    out.matched.push(`expect "${threshold.source}" -> ${key}: ${expression}`);
  }
  return out;
}
