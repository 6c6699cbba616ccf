// The harness's own ceiling (docs/architecture.md, the ceiling rule): how many items/s this
// machine's obsbench pushes into its built-in sink with the scenario's signal, protocol, encoding,
// compression, batch size and workers, in a short closed-model run. The sink runs in this process,
// or, given cores of its own (capacity and validate, which pin the harness), as a separate
// process pinned there, so the figure is the harness's cores alone. Cached per configuration for
// the life of the process.

import { LoadEngine } from '../load/engine.js';
import { templatePoolItemsFor } from '../load/template-replay.js';
import type { Scenario } from '../model/scenario.js';
import { startSink } from '../targets/sink/index.js';
import { startSinkProcess } from './sink-process.js';

export interface HarnessCeiling {
  itemsPerS: number;
  method: string;
}

const cache = new Map<string, HarnessCeiling>();

/** Template pool of the probe, in batches. */
const PROBE_POOL_BATCHES = 16;

/**
 * `sinkCores`: run the sink as its own process pinned to these cores (ones the harness is not
 * pinned to); null or omitted: the sink in this process, sharing the harness's cores.
 */
export async function measureHarnessCeiling(
  scenario: Scenario,
  durationS: number,
  sinkCores: readonly number[] | null = null,
): Promise<HarnessCeiling> {
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
    sinkCores?.join(',') ?? 'in-process',
  ].join('|');
  const cached = cache.get(key);
  if (cached) return cached;
  const sink =
    sinkCores === null
      ? await startSink({
          host: '127.0.0.1',
          httpPort: 0,
          grpcPort: scenario.protocol === 'otlp-grpc' ? 0 : null,
        })
      : await startSinkProcess(sinkCores);
  const into =
    sinkCores === null ? 'the in-process sink' : `a sink process pinned to core ${sinkCores.join(',')}`;
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
        `closed model, ${probe.load.concurrency} in flight x ${l.workers} worker(s), ${durationS} s into ${into} ` +
        `(${scenario.protocol}, ${scenario.encoding}, ${scenario.compression}, batch ${l.batchSize})`,
    };
    cache.set(key, ceiling);
    return ceiling;
  } finally {
    await sink.close();
  }
}
