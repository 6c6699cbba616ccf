// Cross-field rules for target.pipeline and target.downstream: which Collector pipeline carries
// which signal, which first hops need a downstream, which backends may sit behind each way of
// sending, and which of them obsbench can start. Each problem names the field and what is allowed.

import type { Signal } from '../model/index.js';
import { COLLECTOR_PIPELINES, type CollectorPipeline, type DownstreamProtocol } from '../model/scenario.js';
import {
  downstreamKinds,
  downstreamSignal,
  MANAGEABLE_DOWNSTREAMS,
  PIPELINES,
  unmanageableReason,
  VMAGENT_DOWNSTREAM_PROTOCOL,
} from '../targets/pipelines.js';
import { DEFAULT_COLLECTOR_PIPELINE } from './defaults.js';
import { checkEndpoint, isLoopbackHost } from './endpoint.js';
import type { Problem } from './problem.js';
import type { ScenarioDocument } from './schema.js';

const PIPELINE_PATH = ['target', 'pipeline'];
const DOWNSTREAM_PATH = ['target', 'downstream'];

function pipelinesFor(signal: Signal): string {
  return COLLECTOR_PIPELINES.filter((p) => PIPELINES[p].signals.includes(signal)).join(', ');
}

export function downstreamProblems(doc: ScenarioDocument): Problem[] {
  const target = doc.target;
  if (target === undefined || typeof target === 'string') return [];
  const problems: Problem[] = [];
  const managed = target.managed === true;
  let protocol: DownstreamProtocol | null = null;
  let pipeline: CollectorPipeline | undefined;

  if (target.pipeline !== undefined) {
    if (target.kind !== 'collector') {
      problems.push({
        path: PIPELINE_PATH,
        kind: 'value',
        input: target.pipeline,
        message: `only a Collector has pipelines; remove it or set target.kind: collector`,
      });
    } else if (!managed) {
      problems.push({
        path: PIPELINE_PATH,
        kind: 'value',
        input: target.pipeline,
        message:
          'obsbench writes the pipeline into the config of a Collector it starts; set target.managed: true, or remove pipeline for a Collector you run yourself',
      });
    }
  }
  if (target.kind === 'collector' && managed) {
    pipeline = target.pipeline ?? DEFAULT_COLLECTOR_PIPELINE;
    const definition = PIPELINES[pipeline];
    if (!definition.signals.includes(doc.signal)) {
      problems.push({
        path: PIPELINE_PATH,
        kind: 'value',
        input: pipeline,
        message: `pipeline ${pipeline} carries ${definition.signals.join(', ')} only; for signal ${doc.signal} use one of ${pipelinesFor(doc.signal)}`,
      });
      return problems;
    }
    protocol = definition.downstreamProtocol;
    if (protocol === null && target.downstream !== undefined) {
      const sending = COLLECTOR_PIPELINES.filter((p) => PIPELINES[p].downstreamProtocol !== null);
      problems.push({
        path: DOWNSTREAM_PATH,
        kind: 'value',
        input: target.downstream,
        message: `pipeline ${pipeline} sends nothing on; remove downstream or set target.pipeline to one of ${sending.join(', ')}`,
      });
      return problems;
    }
  } else if (target.kind === 'vmagent' && managed) {
    protocol = VMAGENT_DOWNSTREAM_PROTOCOL;
  } else if (target.downstream !== undefined) {
    problems.push({
      path: DOWNSTREAM_PATH,
      kind: 'value',
      input: target.downstream,
      message:
        'only a managed collector (with a forwarding pipeline) or a managed vmagent has a downstream; remove it or set target.kind and target.managed: true',
    });
    return problems;
  }
  if (protocol === null) return problems;

  const signal = downstreamSignal(pipeline, doc.signal);
  const allowed = downstreamKinds(protocol, signal);
  const hop = pipeline === undefined ? 'vmagent' : `pipeline ${pipeline}`;
  const example = allowed[0] === 'sink' ? '{ kind: sink }' : `{ kind: ${allowed[0]}, managed: true }`;
  const downstream = target.downstream;
  if (downstream === undefined) {
    problems.push({
      path: DOWNSTREAM_PATH,
      kind: 'missing',
      message: `${hop} sends ${signal} over ${protocol} and needs a downstream (${allowed.join(', ')}), e.g. downstream: ${example}`,
    });
    return problems;
  }
  if (!allowed.includes(downstream.kind)) {
    problems.push({
      path: [...DOWNSTREAM_PATH, 'kind'],
      kind: 'value',
      input: downstream.kind,
      message: `${hop} sends ${signal} over ${protocol}; the downstream must be one of ${allowed.join(', ')}`,
    });
    return problems;
  }
  if (downstream.managed === true && !MANAGEABLE_DOWNSTREAMS.includes(downstream.kind)) {
    problems.push({
      path: [...DOWNSTREAM_PATH, 'managed'],
      kind: 'value',
      input: true,
      message: unmanageableReason(downstream.kind),
    });
  }
  if (downstream.endpoint === undefined) {
    if (downstream.kind !== 'sink' && downstream.managed !== true) {
      problems.push({
        path: [...DOWNSTREAM_PATH, 'endpoint'],
        kind: 'missing',
        message: MANAGEABLE_DOWNSTREAMS.includes(downstream.kind)
          ? `set downstream.managed: true (obsbench starts ${downstream.kind}) or downstream.endpoint (one already running)`
          : `${downstream.kind} runs outside obsbench: set downstream.endpoint to its address`,
      });
    }
    return problems;
  }
  if (downstream.kind === 'sink' || downstream.managed === true) {
    problems.push({
      path: [...DOWNSTREAM_PATH, 'endpoint'],
      kind: 'value',
      input: downstream.endpoint,
      message:
        downstream.kind === 'sink'
          ? 'the sink downstream runs inside obsbench on a free port; remove endpoint'
          : 'a managed downstream gets free loopback ports; remove endpoint or managed',
    });
    return problems;
  }
  const check = checkEndpoint(downstream.endpoint, protocol === 'otlp-grpc' ? 'otlp-grpc' : 'otlp-http');
  if (!check.ok) {
    problems.push({
      path: [...DOWNSTREAM_PATH, 'endpoint'],
      kind: 'value',
      input: downstream.endpoint,
      message: check.help,
    });
  } else if (!isLoopbackHost(check.host) && target.allowNonLoopback !== true) {
    problems.push({
      path: [...DOWNSTREAM_PATH, 'endpoint'],
      kind: 'value',
      input: downstream.endpoint,
      message: `${check.host} is not a loopback address; set target.allowNonLoopback: true to send data to it`,
    });
  }
  return problems;
}
