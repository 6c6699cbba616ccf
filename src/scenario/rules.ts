// Cross-field rules: checks that need more than one field (protocol vs encoding, executor vs
// the fields it uses, shape fields against each other). Each returns Problems; none throw.

import type { Signal } from '../model/index.js';
import type { Executor } from '../model/scenario.js';
import type { LogShape, MetricShape, ShapeOf, TraceShape } from '../model/shapes.js';
import { readProbeFor } from '../targets/read-registry.js';
import {
  type EncodingSpec,
  encodingSpec,
  PROTOCOL_TABLE,
  type ProtocolSpec,
} from '../transport/protocols.js';
import { DEFAULT_ENCODING, DEFAULT_EXECUTOR, DEFAULT_PROTOCOL } from './defaults.js';
import { formatDurationS } from './duration.js';
import { checkEndpoint, isLoopbackHost } from './endpoint.js';
import { LIMITS } from './limits.js';
import type { Problem } from './problem.js';
import type { LoadDocument, ScenarioDocument } from './schema.js';

/**
 * What the protocol cannot carry, from the protocol table: a signal, an encoding, or a
 * compression with that encoding. The messages name what it does carry, and the same protocol
 * over the other transport when that one would carry it.
 */
export function protocolProblems(doc: ScenarioDocument): Problem[] {
  const problems: Problem[] = [];
  const protocol = doc.protocol ?? DEFAULT_PROTOCOL;
  const spec = PROTOCOL_TABLE[protocol];
  if (doc.signal !== undefined && !spec.signals.includes(doc.signal)) {
    problems.push({
      path: ['signal'],
      kind: 'value',
      input: doc.signal,
      message: `${protocol} carries ${spec.signals.join(' and ')} only; set signal: ${spec.signals[0]} or pick an otlp protocol`,
    });
  }
  const encoding = encodingSpec(protocol, doc.encoding ?? DEFAULT_ENCODING);
  if (encoding === undefined) {
    const carried = spec.encodings.map((e) => e.encoding).join(' or ');
    problems.push({
      path: ['encoding'],
      kind: 'value',
      input: doc.encoding,
      message:
        spec.sibling !== null && encodingSpec(spec.sibling, doc.encoding ?? DEFAULT_ENCODING) !== undefined
          ? `${spec.title} carries ${carried} only; remove encoding or set protocol: ${spec.sibling}`
          : `${protocol} carries ${carried} only; remove encoding`,
    });
  }
  // With an encoding the protocol does not carry, the compression is judged against its first.
  const judged = encoding ?? spec.encodings[0];
  if (doc.compression !== undefined && !judged.compressions.includes(doc.compression)) {
    problems.push({
      path: ['compression'],
      kind: 'value',
      input: doc.compression,
      message: compressionHelp(spec, judged),
    });
  }
  return problems;
}

function compressionHelp(spec: ProtocolSpec, encoding: EncodingSpec): string {
  const allowed = encoding.compressions;
  const sibling = spec.sibling === null ? undefined : encodingSpec(spec.sibling, encoding.encoding);
  const elsewhere = sibling?.compressions.filter((c) => !allowed.includes(c)) ?? [];
  if (spec.sibling !== null && elsewhere.length > 0) {
    return `with protocol ${spec.protocol} compression must be ${allowed.join(' or ')}; ${elsewhere.join(' and ')} need protocol: ${spec.sibling}`;
  }
  const others = spec.encodings.filter((e) => e !== encoding).map((e) => e.encoding);
  const subject = others.length > 0 ? `${spec.protocol} with ${encoding.encoding}` : spec.protocol;
  if (allowed.length > 1) return `${subject} takes compression ${allowed.join(' or ')}`;
  const only = allowed[0];
  return others.length > 0
    ? `${subject} requires ${only} compression; remove compression, set it to ${only}, or set encoding: ${others[0]}`
    : `${subject} requires ${only} compression; remove compression or set it to ${only}`;
}

export function targetProblems(doc: ScenarioDocument): Problem[] {
  const target = doc.target;
  if (target === undefined || typeof target === 'string') return [];
  const problems: Problem[] = [];
  if (target.managed === true && target.kind === 'sink') {
    problems.push({
      path: ['target', 'managed'],
      kind: 'value',
      input: true,
      message: 'the sink runs inside obsbench and is never managed; remove managed or pick a backend kind',
    });
  }
  if (target.version !== undefined && target.managed !== true) {
    problems.push({
      path: ['target', 'version'],
      kind: 'value',
      input: target.version,
      message:
        'obsbench picks the release only of a backend it starts; set target.managed: true, or remove version (an external backend runs the release it runs)',
    });
  }
  problems.push(...queryEndpointProblems(target));
  if (target.endpoint !== undefined) {
    const protocol = doc.protocol ?? DEFAULT_PROTOCOL;
    const check = checkEndpoint(target.endpoint, protocol);
    if (!check.ok) {
      problems.push({
        path: ['target', 'endpoint'],
        kind: 'value',
        input: target.endpoint,
        message: check.help,
      });
    } else if (!isLoopbackHost(check.host) && target.allowNonLoopback !== true) {
      problems.push({
        path: ['target', 'endpoint'],
        kind: 'value',
        input: target.endpoint,
        message: `${check.host} is not a loopback address; set target.allowNonLoopback: true to send load to it`,
      });
    }
  }
  return problems;
}

type LoadField = keyof LoadDocument;

/** The fields each executor needs, and the ones that would be silently ignored with it. */
const EXECUTOR_FIELDS: Record<Executor, { needs?: LoadField; needHelp?: string; ignores: LoadField[] }> = {
  'constant-arrival-rate': {
    needs: 'rate',
    needHelp: 'constant-arrival-rate needs the rate to send at, in items per second, e.g. rate: 10000',
    ignores: ['stages', 'startRate', 'steps', 'concurrency'],
  },
  'ramping-arrival-rate': {
    needs: 'stages',
    needHelp: 'ramping-arrival-rate needs stages, e.g. stages: [{ duration: 10s, target: 50000 }]',
    ignores: ['rate', 'duration', 'steps', 'concurrency'],
  },
  steps: {
    needs: 'steps',
    needHelp: 'the steps executor needs steps, e.g. steps: [{ duration: 10s, rate: 10000 }]',
    ignores: ['rate', 'duration', 'stages', 'startRate', 'concurrency'],
  },
  'max-throughput': { ignores: ['rate', 'stages', 'startRate', 'steps', 'maxInFlight'] },
};

const INSTEAD: Partial<Record<LoadField, string>> = {
  duration: 'the duration is the sum of the plan',
  maxInFlight: 'use load.concurrency to size the closed model',
  concurrency: 'arrival-rate executors size in-flight requests with load.maxInFlight',
};

type TargetDocument = Exclude<ScenarioDocument['target'], string | undefined>;

/** target.queryEndpoint: for an external backend with a read path, an http(s) URL, loopback unless allowed. */
function queryEndpointProblems(target: TargetDocument): Problem[] {
  const query = target.queryEndpoint;
  if (query === undefined) return [];
  const at = { path: ['target', 'queryEndpoint'], kind: 'value' as const, input: query };
  if (target.managed === true || target.endpoint === undefined) {
    return [
      {
        ...at,
        message:
          'only for a backend obsbench does not start: it knows where one it starts answers queries; remove queryEndpoint, or set target.endpoint and managed: false',
      },
    ];
  }
  if (readProbeFor(target.kind) === null) {
    return [{ ...at, message: `obsbench has no read path for ${target.kind}; remove queryEndpoint` }];
  }
  const check = checkEndpoint(query, 'otlp-http');
  if (!check.ok)
    return [{ ...at, message: 'must be an http:// or https:// base URL, like http://127.0.0.1:16686' }];
  if (!isLoopbackHost(check.host) && target.allowNonLoopback !== true) {
    return [
      {
        ...at,
        message: `${check.host} is not a loopback address; set target.allowNonLoopback: true to query it`,
      },
    ];
  }
  return [];
}

export function loadProblems(load: LoadDocument): Problem[] {
  const executor = load.executor ?? DEFAULT_EXECUTOR;
  const rules = EXECUTOR_FIELDS[executor];
  const problems: Problem[] = [];
  if (rules.needs !== undefined && load[rules.needs] === undefined) {
    problems.push({ path: ['load', rules.needs], kind: 'missing', message: rules.needHelp ?? '' });
  }
  for (const field of rules.ignores) {
    if (load[field] === undefined) continue;
    const instead = INSTEAD[field] === undefined ? 'remove it' : `remove it (${INSTEAD[field]})`;
    problems.push({
      path: ['load', field],
      kind: 'note',
      message: `not used by executor ${executor}; ${instead} or change load.executor`,
    });
  }
  const plan =
    executor === 'ramping-arrival-rate' ? load.stages : executor === 'steps' ? load.steps : undefined;
  if (plan !== undefined) {
    const planField = executor === 'steps' ? 'steps' : 'stages';
    const totalS = plan.reduce((sum, part) => sum + part.duration, 0);
    if (totalS > LIMITS.maxDurationS) {
      problems.push({
        path: ['load', planField],
        kind: 'note',
        message: `the ${planField} add up to ${formatDurationS(totalS)}; a run may last at most ${formatDurationS(LIMITS.maxDurationS)}`,
      });
    }
    const peak = Math.max(
      executor === 'ramping-arrival-rate' ? (load.startRate ?? 0) : 0,
      ...plan.map((part) => ('target' in part ? part.target : part.rate)),
    );
    if (peak === 0) {
      problems.push({
        path: ['load', planField],
        kind: 'note',
        message: `every rate in the ${planField} is 0; at least one must be > 0 items per second`,
      });
    }
  }
  return problems;
}

/** Rules between shape fields, on the merged shape; `given` says which fields the user set. */
export function shapeProblems<S extends Signal>(signal: S, shape: ShapeOf[S], given: object): Problem[] {
  const problems: Problem[] = [];
  const origin = (field: string) => (Object.hasOwn(given, field) ? '' : ', the default');
  const atMost = (field: string, value: number, limitField: string, limit: number) => {
    if (value > limit) {
      problems.push({
        path: ['shape', field],
        kind: 'value',
        input: value,
        message: `must be at most shape.${limitField} (${limit}${origin(limitField)})`,
      });
    }
  };
  const notAllZero = (field: string, weights: Record<string, number>) => {
    if (Object.values(weights).every((w) => w === 0)) {
      problems.push({
        path: ['shape', field],
        kind: 'value',
        input: weights,
        message: 'at least one weight must be > 0',
      });
    }
  };
  if (signal === 'traces') {
    const traces = shape as TraceShape;
    atMost('maxDepth', traces.maxDepth, 'spansPerTrace', traces.spansPerTrace);
  } else if (signal === 'metrics') {
    const metrics = shape as MetricShape;
    atMost('metricNames', metrics.metricNames, 'series', metrics.series);
    notAllZero('kinds', metrics.kinds);
  } else {
    const logs = shape as LogShape;
    notAllZero('formats', logs.formats);
    notAllZero('severities', logs.severities);
  }
  return problems;
}
