// The read probe of each backend kind; null where obsbench has none (the sink, the Collector, vmagent).

import type { TargetKind } from '../../scenario/types.js';
import { lokiRead } from '../../targets/loki-read.js';
import { prometheusRead } from '../../targets/prometheus-read.js';
import { tempoRead } from '../../targets/tempo-read.js';
import { victoriaLogsRead } from '../../targets/victorialogs-read.js';
import { victoriaMetricsRead } from '../../targets/victoriametrics-read.js';
import type { ReadProbe } from './read-probe.js';

const READ_PROBES: Partial<Record<TargetKind, ReadProbe>> = {
  victoriametrics: victoriaMetricsRead,
  prometheus: prometheusRead,
  victorialogs: victoriaLogsRead,
  tempo: tempoRead,
  loki: lokiRead,
};

export function readProbeFor(kind: TargetKind): ReadProbe | null {
  return READ_PROBES[kind] ?? null;
}

/** Kinds whose read probe has not been run against the real backend here (AGPL, not built). */
export const UNTESTED_READ_KINDS: readonly TargetKind[] = ['tempo', 'loki'];
