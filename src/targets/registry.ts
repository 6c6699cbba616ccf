// The backends obsbench can run against, by target kind.

import type { TargetKind } from '../scenario/types.js';
import type { BackendTarget } from './backend.js';
import { collectorTarget } from './collector.js';
import { prometheusTarget } from './prometheus.js';
import { victoriaLogsTarget } from './victorialogs.js';
import { victoriaMetricsTarget } from './victoriametrics.js';

const BACKENDS: Partial<Record<TargetKind, BackendTarget>> = {
  victoriametrics: victoriaMetricsTarget,
  collector: collectorTarget,
  prometheus: prometheusTarget,
  victorialogs: victoriaLogsTarget,
};

export function backendTarget(kind: TargetKind): BackendTarget | null {
  return BACKENDS[kind] ?? null;
}

/** Kinds obsbench can start itself (obsbench stack up, target.managed). */
export function backendKinds(): TargetKind[] {
  return Object.keys(BACKENDS) as TargetKind[];
}
