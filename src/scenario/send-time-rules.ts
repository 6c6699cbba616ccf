// load.stampSendTime: whether the load pipeline stamps each batch's resources with its send time
// (model/sent-time.ts), checked against where the stamp ends up. Its default is in route.ts.

import { SENT_TIME_ATTRIBUTE } from '../model/index.js';
import type { Protocol, TargetKind } from '../model/scenario.js';
import { DEFAULT_PROTOCOL, DEFAULT_TARGET_KIND } from './defaults.js';
import type { Problem } from './problem.js';
import type { ScenarioDocument } from './schema.js';

const PATH = ['load', 'stampSendTime'];

/**
 * Backends that turn resource attributes into labels or stream fields: a value that changes
 * every batch would make a new series or stream per batch there.
 */
const LABELLING_KINDS: readonly TargetKind[] = [
  'victoriametrics',
  'prometheus',
  'loki',
  'victorialogs',
  'vmagent',
];

export function isOtlp(protocol: Protocol): boolean {
  return protocol === 'otlp-grpc' || protocol === 'otlp-http';
}

export function sendTimeProblems(doc: ScenarioDocument): Problem[] {
  if (doc.load.stampSendTime !== true) return [];
  const protocol = doc.protocol ?? DEFAULT_PROTOCOL;
  if (!isOtlp(protocol)) {
    return [
      {
        path: PATH,
        kind: 'value',
        input: true,
        message: `the send-time stamp is an OTLP resource attribute; ${protocol} has none. Remove load.stampSendTime or use protocol otlp-grpc / otlp-http`,
      },
    ];
  }
  const target = doc.target;
  const kind = target === undefined ? DEFAULT_TARGET_KIND : typeof target === 'string' ? target : target.kind;
  const downstream = typeof target === 'object' ? target.downstream?.kind : undefined;
  const labelling = LABELLING_KINDS.includes(kind)
    ? kind
    : downstream !== undefined && LABELLING_KINDS.includes(downstream)
      ? downstream
      : undefined;
  if (labelling === undefined) return [];
  return [
    {
      path: PATH,
      kind: 'value',
      input: true,
      message: `${labelling} turns resource attributes into labels or stream fields, so ${SENT_TIME_ATTRIBUTE} (new every batch) would make a series or stream per batch. Remove load.stampSendTime; it suits the sink, a Collector or Tempo`,
    },
  ];
}
