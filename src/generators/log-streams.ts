// Log streams: stream i is one resource (service.name + labelsPerStream labels such as pod,
// environment, cluster, namespace) with a line format, host, pid and loggers. Stream i looks the
// same in every worker; only the worker that owns it (i % workerCount) emits it.

import { ResourceLogsRecord } from '../model/index.js';
import { type StreamText, streamText } from './log-formats.js';
import type { Rng } from './random.js';
import {
  CLUSTERS,
  distinctServiceNames,
  ENVIRONMENTS,
  hostName,
  NAMESPACES,
  podName,
  REGIONS,
  RUNTIMES,
  semver,
  ZONES,
} from './vocabulary.js';

export interface LogStream {
  record: ResourceLogsRecord;
  text: StreamText;
  /** Index into LOG_FORMATS. */
  format: number;
}

const LABEL_KEYS: readonly string[] = [
  'k8s.pod.name',
  'deployment.environment',
  'k8s.cluster.name',
  'k8s.namespace.name',
  'k8s.container.name',
  'cloud.region',
  'host.name',
  'k8s.node.name',
  'cloud.availability_zone',
  'service.version',
];
const SCOPES: Readonly<Record<string, string>> = {
  go: 'go.opentelemetry.io/contrib/bridges/otelslog',
  java: 'io.opentelemetry.logback-appender-1.0',
  nodejs: '@opentelemetry/winston-transport',
  python: 'opentelemetry.sdk._logs',
  dotnet: 'Microsoft.Extensions.Logging',
  rust: 'opentelemetry-appender-tracing',
};
const CLASS_WORDS = [
  'Service',
  'Controller',
  'Repository',
  'Client',
  'Handler',
  'Consumer',
  'Scheduler',
  'Cache',
];
const DOMAIN_WORDS = [
  'Order',
  'Cart',
  'Payment',
  'User',
  'Stock',
  'Session',
  'Price',
  'Shipment',
  'Search',
  'Auth',
];

export class StreamCatalog {
  private readonly serviceNames: string[];
  private readonly labelsPerStream: number;
  private readonly formats: Uint8Array;
  private readonly shared: Rng;

  /** `formatOfStream` holds a LOG_FORMATS index per stream (all streams, not just owned ones). */
  constructor(streams: number, labelsPerStream: number, formatOfStream: Uint8Array, shared: Rng) {
    this.labelsPerStream = labelsPerStream;
    this.formats = formatOfStream;
    this.shared = shared;
    // Without labels a stream is told apart by its service name alone.
    const serviceCount = labelsPerStream === 0 ? streams : Math.min(streams, 12);
    this.serviceNames = distinctServiceNames(serviceCount, shared.fork(1));
  }

  build(stream: number): LogStream {
    const rng = this.shared.fork(1_000_003 + stream);
    const service = this.serviceNames[stream % this.serviceNames.length];
    const runtime = RUNTIMES[stream % RUNTIMES.length];
    const record = new ResourceLogsRecord(1 + this.labelsPerStream);
    record.resource.addString('service.name', service);
    const host = hostName(stream, rng);
    const region = rng.pick(REGIONS);
    for (let j = 0; j < this.labelsPerStream; j++) {
      const key = j < LABEL_KEYS.length ? LABEL_KEYS[j] : `label_${j}`;
      record.resource.addString(key, labelValue(key, service, stream, host, region, rng));
    }
    record.scopeName = SCOPES[runtime[0]];
    record.scopeVersion = semver(rng);
    const loggers: string[] = [];
    for (let l = 0; l < 2 + rng.nextInt(4); l++) loggers.push(loggerName(runtime[0], service, rng));
    return {
      record,
      text: streamText(this.formats[stream], service, host, loggers, String(1 + rng.nextInt(65_000))),
      format: this.formats[stream],
    };
  }
}

function labelValue(
  key: string,
  service: string,
  stream: number,
  host: string,
  region: string,
  rng: Rng,
): string {
  switch (key) {
    case 'k8s.pod.name':
      return podName(service, stream, rng);
    case 'deployment.environment':
      return rng.chance(0.7) ? 'production' : rng.pick(ENVIRONMENTS);
    case 'k8s.cluster.name':
      return rng.pick(CLUSTERS);
    case 'k8s.namespace.name':
      return rng.pick(NAMESPACES);
    case 'k8s.container.name':
      return rng.chance(0.8) ? service : rng.pick(['istio-proxy', 'log-shipper', 'migrations']);
    case 'cloud.region':
      return region;
    case 'host.name':
      return host;
    case 'k8s.node.name':
      return hostName(rng.nextInt(40), rng);
    case 'cloud.availability_zone':
      return region + rng.pick(ZONES);
    case 'service.version':
      return semver(rng);
    default:
      return rng.pick(['blue', 'green', 'canary', 'a', 'b', 'shard-1', 'shard-2', 'shard-3']);
  }
}

function loggerName(language: string, service: string, rng: Rng): string {
  const domain = rng.pick(DOMAIN_WORDS);
  const kind = rng.pick(CLASS_WORDS);
  const pkg = service.replace(/-/g, '');
  if (language === 'java' || language === 'dotnet') return `com.example.${pkg}.${domain}${kind}`;
  if (language === 'go') return `${pkg}/internal/${domain.toLowerCase()}`;
  if (language === 'python') return `${pkg}.${domain.toLowerCase()}.${kind.toLowerCase()}`;
  return `${pkg}:${domain.toLowerCase()}${kind}`;
}
