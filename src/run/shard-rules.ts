// What a run spread over shards needs of its scenario, checked once before anything runs: one
// scenario, run once, into a backend every shard shares (never one a shard would start for
// itself), with a series or stream for each worker of every shard.

import { ObsbenchError } from '../errors.js';
import { MAX_WORKERS } from '../generators/ids.js';
import type { Scenario } from '../model/scenario.js';
import type { LogShape, MetricShape } from '../model/shapes.js';
import type { ShardSpec } from '../model/shard.js';

function refuse(message: string): never {
  throw new ObsbenchError('E_USAGE', message);
}

/** Throws a usage error naming the field or flag when `scenarios` cannot run as `shard`. */
export function checkShardable(scenarios: readonly Scenario[], shard: ShardSpec): void {
  const what = `--shard ${shard.index}/${shard.count}`;
  if (scenarios.length !== 1 || scenarios[0].repeat !== 1) {
    refuse(
      `${what}: a shard runs one scenario once; give one scenario file (not a directory or suite) and no --repeat or repeat:`,
    );
  }
  const scenario = scenarios[0];
  const file = scenario.sourcePath || scenario.name;
  const target = scenario.target;
  if (target.managed || target.downstream?.managed) {
    const field = target.managed ? 'target.managed' : 'target.downstream.managed';
    refuse(
      `${file}: ${field}: every shard would start a backend of its own; run the backend once where all shards reach it, and set target.endpoint with managed: false`,
    );
  }
  if (target.endpoint === undefined) {
    refuse(
      `${file}: target.endpoint: shards must send to one backend they share; for the sink, start 'obsbench sink' and set target.endpoint to it`,
    );
  }
  const slices = shard.count * scenario.load.workers;
  if (slices > MAX_WORKERS) {
    refuse(
      `${what}: ${shard.count} shards x ${scenario.load.workers} workers is ${slices} slices; trace IDs tell at most ${MAX_WORKERS} apart, so use fewer shards or load.workers`,
    );
  }
  if (scenario.signal === 'metrics' && (scenario.shape as MetricShape).series < slices) {
    refuse(
      `${file}: shape.series: ${(scenario.shape as MetricShape).series} is fewer than the ${slices} workers of all shards; each owns its own series, so use at least ${slices}`,
    );
  }
  if (scenario.signal === 'logs' && (scenario.shape as LogShape).streams < slices) {
    refuse(
      `${file}: shape.streams: ${(scenario.shape as LogShape).streams} is fewer than the ${slices} workers of all shards; each owns its own streams, so use at least ${slices}`,
    );
  }
}
