// The service graph traces walk: services (one resource each) with their operations, downstream
// calls (an acyclic graph), databases and message destinations. Built once per generator.

import { ResourceSpansRecord } from '../model/index.js';
import type { TraceShape } from '../model/shapes.js';
import type { GeneratorContext } from './generator.js';
import { base36 } from './ids.js';
import type { Rng } from './random.js';
import {
  CLUSTERS,
  containerId,
  distinctServiceNames,
  ENVIRONMENTS,
  FUNCTION_NAMES,
  hostName,
  NAMESPACES,
  podName,
  REGIONS,
  RUNTIMES,
  semver,
  ZONES,
} from './vocabulary.js';
import {
  DB_SYSTEMS,
  type DbStatement,
  type DbSystem,
  dbStatements,
  destinations,
  MESSAGING_SYSTEMS,
  type Route,
  rpcMethods,
  rpcServiceName,
  serviceRoutes,
} from './vocabulary-traces.js';

export interface ServiceNode {
  index: number;
  name: string;
  isGrpc: boolean;
  /** server.address other services use to reach it. */
  address: string;
  port: number;
  /** HTTP operations (isGrpc false) or gRPC methods (isGrpc true), operationsPerService of them. */
  routes: Route[];
  rpcService: string;
  rpcMethods: string[];
  /** SERVER span name per operation: "GET /api/v1/carts/{id}" or "shop.CartService/GetCart". */
  serverSpanNames: string[];
  /** Services this one calls, by index (always higher: the graph is acyclic). */
  downstream: number[];
  dbSystem: DbSystem | '';
  dbNamespace: string;
  dbAddress: string;
  dbStatements: DbStatement[];
  messagingSystem: string;
  destinations: string[];
  /** Consumer service index per destination. */
  destinationConsumers: number[];
  /** PRODUCER / CONSUMER span names per destination: "send orders.created", "process orders.created". */
  destinationSpanNames: string[];
  processSpanNames: string[];
  /** Function names for INTERNAL spans. */
  internalNames: string[];
  /** This worker's instance of the service: resource attributes filled once. */
  record: ResourceSpansRecord;
}

const SCOPES: Readonly<Record<string, string>> = {
  go: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp',
  java: 'io.opentelemetry.spring-webmvc-6.0',
  nodejs: '@opentelemetry/instrumentation-http',
  python: 'opentelemetry.instrumentation.flask',
  dotnet: 'OpenTelemetry.Instrumentation.AspNetCore',
  rust: 'tracing-opentelemetry',
};

const FIXED_RESOURCE_ATTRIBUTES = 5;
const EDGE_SERVICES = new Set(['frontend', 'api-gateway']);

function isEdge(name: string): boolean {
  return EDGE_SERVICES.has(name);
}

/** Services at the front of the graph that receive root spans (edge services): about 15%. */
export function entryServiceCount(services: number): number {
  return Math.max(1, Math.round(services * 0.15));
}

/** Resource attribute capacity a service record needs for the shape. */
function resourceCapacity(shape: TraceShape): number {
  return FIXED_RESOURCE_ATTRIBUTES + shape.resourceAttributes;
}

/**
 * `shared` draws what every worker must agree on (names, graph); `local` draws this worker's
 * instance identity (instance IDs, host names, pods).
 */
export function buildTopology(
  shape: TraceShape,
  ctx: GeneratorContext,
  shared: Rng,
  local: Rng,
): ServiceNode[] {
  const count = shape.services;
  // Edge-facing names first: the first services are the ones that receive root spans.
  const names = distinctServiceNames(count, shared).sort((a, b) => Number(isEdge(b)) - Number(isEdge(a)));
  const entryCount = entryServiceCount(count);
  const environment = shared.pick(ENVIRONMENTS);
  const nodes: ServiceNode[] = [];
  for (let s = 0; s < count; s++) {
    const isGrpc = s >= entryCount && shared.chance(0.35);
    const routes = serviceRoutes(shape.operationsPerService, shared);
    const methods = isGrpc ? rpcMethods(shape.operationsPerService, shared) : [];
    const rpcService = rpcServiceName(names[s]);
    const namespace = shared.pick(NAMESPACES);
    const hasDb = s >= entryCount && shared.chance(0.6);
    const dbSystem: DbSystem | '' = hasDb ? shared.pick(DB_SYSTEMS) : '';
    const node: ServiceNode = {
      index: s,
      name: names[s],
      isGrpc,
      address: `${names[s]}.${namespace}.svc.cluster.local`,
      port: isGrpc ? 50051 : shared.pick([8080, 8080, 80, 3000, 9000]),
      routes,
      rpcService,
      rpcMethods: methods,
      serverSpanNames: isGrpc
        ? methods.map((m) => `${rpcService}/${m}`)
        : routes.map((r) => `${r.method} ${r.template}`),
      downstream: [],
      dbSystem,
      dbNamespace: hasDb ? `${names[s].replace(/-/g, '_')}_db` : '',
      dbAddress: hasDb ? `${names[s]}-${dbSystem}.${namespace}.svc.cluster.local` : '',
      dbStatements: dbSystem === '' ? [] : dbStatements(dbSystem, 6 + shared.nextInt(20), shared),
      messagingSystem: '',
      destinations: [],
      destinationConsumers: [],
      destinationSpanNames: [],
      processSpanNames: [],
      internalNames: shared.shuffle(FUNCTION_NAMES.slice()).slice(0, 3 + shared.nextInt(6)),
      record: new ResourceSpansRecord(resourceCapacity(shape)),
    };
    nodes.push(node);
  }
  linkServices(nodes, entryCount, shared);
  for (const node of nodes) fillResource(node, shape, ctx, environment, shared, local);
  return nodes;
}

function linkServices(nodes: ServiceNode[], entryCount: number, rng: Rng): void {
  const count = nodes.length;
  const called = new Uint8Array(count);
  for (let s = 0; s < count - 1; s++) {
    const calls = 1 + rng.nextInt(3);
    for (let c = 0; c < calls; c++) {
      const target = s + 1 + rng.nextInt(count - s - 1);
      if (!nodes[s].downstream.includes(target)) nodes[s].downstream.push(target);
      called[target] = 1;
    }
  }
  // Every non-entry service has a caller, so every service shows up in traces.
  for (let s = entryCount; s < count; s++) {
    if (called[s] === 0) nodes[rng.nextInt(s)].downstream.push(s);
  }
  for (let s = 0; s < count - 1; s++) {
    if (s < entryCount || !rng.chance(0.35)) continue;
    const node = nodes[s];
    node.messagingSystem = rng.pick(MESSAGING_SYSTEMS);
    node.destinations = destinations(1 + rng.nextInt(3), rng);
    node.destinationConsumers = node.destinations.map(() => s + 1 + rng.nextInt(count - s - 1));
    node.destinationSpanNames = node.destinations.map((d) => `send ${d}`);
    node.processSpanNames = node.destinations.map((d) => `process ${d}`);
  }
}

const EXTRA_RESOURCE_KEYS: readonly string[] = [
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.deployment.name',
  'k8s.node.name',
  'cloud.provider',
  'cloud.region',
  'cloud.availability_zone',
  'container.id',
  'process.pid',
  'process.runtime.name',
  'process.runtime.version',
  'telemetry.sdk.language',
  'telemetry.sdk.name',
  'telemetry.sdk.version',
  'os.type',
  'host.arch',
  'k8s.cluster.name',
];

function fillResource(
  node: ServiceNode,
  shape: TraceShape,
  ctx: GeneratorContext,
  environment: string,
  shared: Rng,
  local: Rng,
): void {
  const runtime = shared.pick(RUNTIMES);
  const region = shared.pick(REGIONS);
  const record = node.record;
  const resource = record.resource;
  const version = semver(shared);
  const pod = podName(node.name, ctx.workerIndex, local);
  const host = hostName(ctx.workerIndex + node.index, local);
  resource.addString('service.name', node.name);
  resource.addString('service.version', version);
  resource.addString(
    'service.instance.id',
    `${base36(local.nextUint32(), 7)}-${base36(local.nextUint32(), 7)}`,
  );
  resource.addString('host.name', host);
  resource.addString('deployment.environment', environment);
  for (let i = 0; i < shape.resourceAttributes; i++) {
    const key = i < EXTRA_RESOURCE_KEYS.length ? EXTRA_RESOURCE_KEYS[i] : `app.label_${i}`;
    if (key === 'process.pid') resource.addInt(key, 1 + local.nextInt(65000));
    else resource.addString(key, resourceValue(key, node, runtime, region, pod, shared, local));
  }
  record.scopeName = SCOPES[runtime[0]] ?? 'obsbench';
  record.scopeVersion = semver(shared);
}

function resourceValue(
  key: string,
  node: ServiceNode,
  runtime: readonly [string, string, string],
  region: string,
  pod: string,
  shared: Rng,
  rng: Rng,
): string {
  switch (key) {
    case 'k8s.namespace.name':
      return node.address.split('.')[1];
    case 'k8s.pod.name':
      return pod;
    case 'k8s.deployment.name':
      return node.name;
    case 'k8s.node.name':
      return hostName(rng.nextInt(50), rng);
    case 'cloud.provider':
      return 'aws';
    case 'cloud.region':
      return region;
    case 'cloud.availability_zone':
      return region + rng.pick(ZONES);
    case 'container.id':
      return containerId(rng);
    case 'process.runtime.name':
      return runtime[1];
    case 'process.runtime.version':
      return runtime[2];
    case 'telemetry.sdk.language':
      return runtime[0];
    case 'telemetry.sdk.name':
      return 'opentelemetry';
    case 'telemetry.sdk.version':
      return '1.' + (25 + rng.nextInt(15)) + '.0';
    case 'os.type':
      return 'linux';
    case 'host.arch':
      return rng.chance(0.8) ? 'amd64' : 'arm64';
    case 'k8s.cluster.name':
      return shared.pick(CLUSTERS);
    default:
      return `${rng.pick(NAMESPACES)}-${base36(rng.nextUint32(), 5)}`;
  }
}
