// Items a Collector-based binary (the OpenTelemetry Collector, Jaeger v2) counted at its receivers,
// from its internal telemetry: otelcol_receiver_accepted_* and, refused, _refused_* plus _failed_*.

import type { Signal } from '../model/index.js';
import { sumMetric } from '../probes/prometheus-text.js';

const ITEM_NAME: Record<Signal, string> = { traces: 'spans', metrics: 'metric_points', logs: 'log_records' };

/** Accepted items of `signal`; 0 before the first (the telemetry page proves the counter exists), null without one. */
export function receiverAccepted(text: string, signal: Signal): number | null {
  return (
    sumMetric(text, { name: `otelcol_receiver_accepted_${ITEM_NAME[signal]}_total` }) ??
    (text.includes('target_info') ? 0 : null)
  );
}

export function receiverRefused(text: string, signal: Signal): number {
  return (
    (sumMetric(text, { name: `otelcol_receiver_refused_${ITEM_NAME[signal]}_total` }) ?? 0) +
    (sumMetric(text, { name: `otelcol_receiver_failed_${ITEM_NAME[signal]}_total` }) ?? 0)
  );
}

/** The version target_info publishes (service_version), or null. */
export function targetInfoVersion(text: string): string | null {
  return /target_info\{[^}]*service_version="([^"]+)"/.exec(text)?.[1] || null;
}
