// The harness's own ceiling (docs/architecture.md, the ceiling rule): how many items/s this
// machine's obsbench pushes into its built-in sink with the scenario's signal, protocol, encoding,
// compression, batch size and workers, in a short closed-model run. Cached per configuration for
// the life of the process.

import { LoadEngine } from '../load/engine.js';
import { templatePoolItemsFor } from '../load/template-replay.js';
import type { Scenario } from '../model/scenario.js';
import { startSink } from '../targets/sink/index.js';

export interface HarnessCeiling {
  itemsPerS: number;
  method: string;
}

const cache = new Map<string, HarnessCeiling>();

/** Template pool of the probe, in batches. */
const PROBE_POOL_BATCHES = 16;

export async function measureHarnessCeiling(scenario: Scenario, durationS: number): Promise<HarnessCeiling> {
  const l = scenario.load;
  // A pool of a few batches: the same per-item path as the run's pool, built in milliseconds
  // instead of a large share of the probe's window.
  const poolItems = Math.min(templatePoolItemsFor(scenario.signal, l), PROBE_POOL_BATCHES * l.batchSize);
  const key = [
    poolItems,
    scenario.signal,
    scenario.protocol,
    scenario.encoding,
    scenario.compression,
    l.batchSize,
    l.workers,
  ].join('|');
  const cached = cache.get(key);
  if (cached) return cached;
  const sink = await startSink({
    host: '127.0.0.1',
    httpPort: 0,
    grpcPort: scenario.protocol === 'otlp-grpc' ? 0 : null,
  });
  try {
    const probe: Scenario = {
      ...scenario,
      name: `${scenario.name}-ceiling`,
      target: { ...scenario.target, kind: 'sink', endpoint: undefined },
      // Into the sink, batches carry the stamp only when the user asked for it.
      route: { stampSendTime: scenario.load.stampSendTime ?? false, downstream: null },
      load: {
        ...l,
        executor: 'max-throughput',
        segments: [],
        durationS,
        warmupS: 0.5,
        concurrency: Math.max(4, l.concurrency),
        templatePoolItems: poolItems,
      },
      expect: [],
    };
    const engine = new LoadEngine({
      scenario: probe,
      endpoint: scenario.protocol === 'otlp-grpc' ? sink.grpcEndpoint : sink.httpUrl,
    });
    const outcome = await engine.run();
    const itemsPerS =
      outcome.measuredDurationS > 0 ? outcome.counters.itemsAccepted / outcome.measuredDurationS : 0;
    const ceiling: HarnessCeiling = {
      itemsPerS,
      method:
        `closed model, ${probe.load.concurrency} in flight x ${l.workers} worker(s), ${durationS} s into the in-process sink ` +
        `(${scenario.protocol}, ${scenario.encoding}, ${scenario.compression}, batch ${l.batchSize})`,
    };
    cache.set(key, ceiling);
    return ceiling;
  } finally {
    await sink.close();
  }
}
