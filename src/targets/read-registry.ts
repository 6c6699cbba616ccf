// The read probe of each backend kind; null where obsbench has none (the sink, the Collector, vmagent).

import type { TargetKind } from '../model/scenario.js';
import type { ReadProbe } from '../probes/read/read-probe.js';
import { jaegerRead } from './jaeger-read.js';
import { lokiRead } from './loki-read.js';
import { prometheusRead } from './prometheus-read.js';
import { tempoRead } from './tempo-read.js';
import { victoriaLogsRead } from './victorialogs-read.js';
import { victoriaMetricsRead } from './victoriametrics-read.js';

const READ_PROBES: Partial<Record<TargetKind, ReadProbe>> = {
  victoriametrics: victoriaMetricsRead,
  prometheus: prometheusRead,
  victorialogs: victoriaLogsRead,
  tempo: tempoRead,
  loki: lokiRead,
  jaeger: jaegerRead,
};

export function readProbeFor(kind: TargetKind): ReadProbe | null {
  return READ_PROBES[kind] ?? null;
}
