// The backends obsbench can run against, by target kind.

import type { TargetKind } from '../model/scenario.js';
import type { BackendTarget } from './backend.js';
import { collectorTarget } from './collector.js';
import { jaegerTarget } from './jaeger.js';
import { prometheusTarget } from './prometheus.js';
import { victoriaLogsTarget } from './victorialogs.js';
import { victoriaMetricsTarget } from './victoriametrics.js';
import { vmagentTarget } from './vmagent.js';

const BACKENDS: Partial<Record<TargetKind, BackendTarget>> = {
  victoriametrics: victoriaMetricsTarget,
  collector: collectorTarget,
  prometheus: prometheusTarget,
  victorialogs: victoriaLogsTarget,
  vmagent: vmagentTarget,
  jaeger: jaegerTarget,
};

/** Kinds that forward to a downstream named per scenario, so cannot be started on their own. */
const NEEDS_DOWNSTREAM: ReadonlySet<TargetKind> = new Set<TargetKind>(['vmagent']);

export function backendTarget(kind: TargetKind): BackendTarget | null {
  return BACKENDS[kind] ?? null;
}

/** Kinds obsbench can start on their own (obsbench stack up); a scenario can also manage vmagent. */
export function backendKinds(): TargetKind[] {
  return (Object.keys(BACKENDS) as TargetKind[]).filter((kind) => !NEEDS_DOWNSTREAM.has(kind));
}
