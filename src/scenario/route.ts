// Decisions derived from a resolved scenario, made once at load so that nothing at run time
// works them out again: whether batches carry the send-time stamp, and what reaches the backend
// behind a managed first hop (by which protocol, which signal, in which unit, after what delay).

import type { Scenario, ScenarioRoute } from '../model/scenario.js';
import { downstreamSignal, PIPELINES, VMAGENT_DOWNSTREAM_PROTOCOL } from '../targets/pipelines.js';
import { DEFAULT_COLLECTOR_PIPELINE } from './defaults.js';
import { isOtlp } from './send-time-rules.js';

type Routed = Omit<Scenario, 'hash' | 'route'>;

export function scenarioRoute(scenario: Routed): ScenarioRoute {
  return { stampSendTime: stampsSendTime(scenario), downstream: downstreamRoute(scenario) };
}

/** load.stampSendTime, or by default: on when a managed Collector forwards OTLP to the built-in sink. */
function stampsSendTime(scenario: Routed): boolean {
  const explicit = scenario.load.stampSendTime;
  if (explicit !== undefined) return explicit;
  const target = scenario.target;
  if (target.kind !== 'collector' || !target.managed || target.downstream?.kind !== 'sink') return false;
  const forwards = PIPELINES[target.pipeline ?? DEFAULT_COLLECTOR_PIPELINE].downstreamProtocol;
  return isOtlp(scenario.protocol) && (forwards === 'otlp-grpc' || forwards === 'otlp-http');
}

function downstreamRoute(scenario: Routed): ScenarioRoute['downstream'] {
  const target = scenario.target;
  if (target.downstream === undefined || !target.managed) return null;
  if (target.kind === 'vmagent') {
    return { protocol: VMAGENT_DOWNSTREAM_PROTOCOL, signal: scenario.signal, unit: 'items', delayMs: 0 };
  }
  if (target.kind !== 'collector') return null;
  const pipeline = PIPELINES[target.pipeline ?? DEFAULT_COLLECTOR_PIPELINE];
  if (pipeline.downstreamProtocol === null) return null;
  return {
    protocol: pipeline.downstreamProtocol,
    signal: downstreamSignal(target.pipeline, scenario.signal),
    unit: pipeline.downstreamUnit,
    delayMs: pipeline.downstreamDelayMs,
  };
}
