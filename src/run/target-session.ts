// Turns a scenario's target into something to send to: an in-process built-in sink, or an
// external endpoint checked against the loopback rule and for reachability before any load.

import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import type { Scenario } from '../scenario/types.js';
import { assertEndpointAllowed } from '../targets/endpoint.js';
import { type Sink, startSink } from '../targets/sink/index.js';
import { checkEndpointReachable } from '../transport/index.js';

const PREFLIGHT_TIMEOUT_MS = 3000;

export interface TargetSession {
  /** Base URL (OTLP/HTTP) or host:port (gRPC). */
  endpoint: string;
  /** The in-process sink when the target is the built-in sink. */
  sink: Sink | null;
  /** Items the target itself counted (the sink's counters), or null when it has none yet. */
  itemsCounted(signal: Signal): number | null;
  close(): Promise<void>;
}

export async function openTarget(scenario: Scenario): Promise<TargetSession> {
  const target = scenario.target;
  if (target.kind === 'sink' && !target.endpoint) {
    const sink = await startSink({
      host: '127.0.0.1',
      httpPort: 0,
      grpcPort: scenario.protocol === 'otlp-grpc' ? 0 : null,
    });
    return {
      endpoint: scenario.protocol === 'otlp-grpc' ? sink.grpcEndpoint : sink.httpUrl,
      sink,
      itemsCounted: (signal) => sink.counters()[signal].items,
      close: () => sink.close(),
    };
  }
  if (!target.endpoint) {
    if (target.managed) {
      throw new ObsbenchError(
        'E_USAGE',
        `target.managed: managed ${target.kind} is not available yet: start ${target.kind} yourself and set target.endpoint`,
      );
    }
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${scenario.sourcePath || scenario.name}: target.endpoint: required for target ${target.kind} (e.g. http://127.0.0.1:4318)`,
    );
  }
  assertEndpointAllowed(target.endpoint, target.allowNonLoopback);
  await checkEndpointReachable(target.endpoint, PREFLIGHT_TIMEOUT_MS);
  return { endpoint: target.endpoint, sink: null, itemsCounted: () => null, close: async () => {} };
}
