// Fills one SpanRecord from a planned span: name, kind, status and the HTTP / RPC / DB /
// messaging semantic-convention attributes of its role, extra attributes, events and links.
// Strings come from pools built here once and interned (span-attribute-ids.ts), so pooled
// attributes are added by id; only per-request IDs are rendered per span.

import {
  SPAN_KIND_CLIENT,
  SPAN_KIND_CONSUMER,
  SPAN_KIND_INTERNAL,
  SPAN_KIND_PRODUCER,
  SPAN_KIND_SERVER,
  type SpanRecord,
  STATUS_ERROR,
  STATUS_UNSET,
} from '../model/index.js';
import type { TraceShape } from '../model/shapes.js';
import type { ExtraAttributes } from './extra-attributes.js';
import { id6 } from './ids.js';
import type { Rng } from './random.js';
import { IntIds, ServiceAttributeIds, stringId, stringIds } from './span-attribute-ids.js';
import {
  ROLE_CLIENT_DB,
  ROLE_CLIENT_HTTP,
  ROLE_CLIENT_RPC,
  ROLE_CONSUMER,
  ROLE_INTERNAL,
  ROLE_PRODUCER,
  ROLE_SERVER_HTTP,
  ROLE_SERVER_RPC,
  type TracePlan,
} from './trace-plan.js';
import type { ServiceNode } from './trace-topology.js';
import { ERRORS, ipv4, stackTrace, USER_AGENTS } from './vocabulary.js';
import { urlId } from './vocabulary-traces.js';

/** Semantic-convention attributes a span can carry at most, besides the extra ones. */
export const MAX_CONVENTION_ATTRIBUTES = 11;
/** Exception event: type, message, stack trace. */
export const EVENT_ATTRIBUTES = 3;
export const LINK_ATTRIBUTES = 1;

const CLIENT_ADDRESSES = 2048;
const STACKS_PER_SERVICE = 8;
const STATUS_ERROR_CODES = [500, 502, 503, 504];
const GRPC_ERROR_CODES = [2, 4, 13, 14];
const STATUS_STRINGS: Record<number, string> = { 500: '500', 502: '502', 503: '503', 504: '504' };
const EVENT_NAMES = [
  'cache.miss',
  'retry',
  'feature_flag.evaluated',
  'checkpoint',
  'rate_limit.checked',
  'lock.acquired',
];

export class SpanFiller {
  private readonly services: readonly ServiceNode[];
  private readonly extra: ExtraAttributes;
  private readonly errorRate: number;
  private readonly eventsWhole: number;
  private readonly eventsFraction: number;
  private readonly maxPlainEvents: number;
  private readonly linkRate: number;
  private readonly clientAddresses: string[] = [];
  /** STACKS_PER_SERVICE per service, with the error index they belong to. */
  private readonly stacks: string[] = [];
  private readonly stackErrors: Int32Array;
  private readonly entryCount: number;
  private readonly httpVersions = ['1.1', '1.1', '2'];
  /** Interned attribute ids: per service, and per shared pool index for index. */
  private readonly serviceIds: ServiceAttributeIds[];
  private readonly clientAddressIds: Int32Array;
  private readonly userAgentIds: Int32Array;
  private readonly httpVersionIds: Int32Array;
  private readonly threadIds: Int32Array;
  private readonly partitionIds: Int32Array;
  private readonly kafkaBrokerIds: Int32Array;
  private readonly rabbitmqHostId: number;
  private readonly httpStatusIds = new IntIds('http.response.status_code', 599);
  private readonly grpcStatusIds = new IntIds('rpc.grpc.status_code', 16);
  private readonly returnedRowsIds = new IntIds('db.response.returned_rows', 200);
  private readonly attemptIds = new IntIds('attempt', 4);
  private readonly schemeHttpsId = stringId('url.scheme', 'https');
  private readonly schemeHttpId = stringId('url.scheme', 'http');
  private readonly rpcSystemId = stringId('rpc.system', 'grpc');
  private readonly sendId = stringId('messaging.operation.type', 'send');
  private readonly processId = stringId('messaging.operation.type', 'process');
  private readonly followsFromId = stringId('opentracing.ref_type', 'follows_from');

  constructor(
    shape: TraceShape,
    services: readonly ServiceNode[],
    entryCount: number,
    extra: ExtraAttributes,
    rng: Rng,
  ) {
    this.services = services;
    this.extra = extra;
    this.entryCount = entryCount;
    this.errorRate = shape.errorRate;
    this.eventsWhole = Math.floor(shape.eventsPerSpan);
    this.eventsFraction = shape.eventsPerSpan - this.eventsWhole;
    this.maxPlainEvents = Math.ceil(shape.eventsPerSpan);
    this.linkRate = shape.linkRate;
    for (let i = 0; i < CLIENT_ADDRESSES; i++) this.clientAddresses.push(ipv4(rng));
    this.stackErrors = new Int32Array(services.length * STACKS_PER_SERVICE);
    for (let s = 0; s < services.length; s++) {
      for (let k = 0; k < STACKS_PER_SERVICE; k++) {
        const e = rng.nextInt(ERRORS.length);
        this.stackErrors[s * STACKS_PER_SERVICE + k] = e;
        this.stacks.push(stackTrace(ERRORS[e], services[s].name, rng));
      }
    }
    this.serviceIds = services.map((node) => new ServiceAttributeIds(node));
    this.clientAddressIds = stringIds('client.address', this.clientAddresses);
    this.userAgentIds = stringIds('user_agent.original', USER_AGENTS);
    this.httpVersionIds = stringIds('network.protocol.version', this.httpVersions);
    this.threadIds = stringIds('thread.name', THREADS);
    this.partitionIds = stringIds('messaging.destination.partition.id', PARTITIONS);
    this.kafkaBrokerIds = stringIds('server.address', KAFKA_BROKERS);
    this.rabbitmqHostId = stringId('server.address', RABBITMQ_HOST);
  }

  /** Event capacity a span needs: the plain events plus one exception event. */
  static eventCapacity(shape: TraceShape): number {
    return Math.ceil(shape.eventsPerSpan) + 1;
  }

  fill(span: SpanRecord, plan: TracePlan, i: number, rng: Rng): void {
    const node = this.services[plan.service[i]];
    const ids = this.serviceIds[node.index];
    const role = plan.role[i];
    const op = plan.operation[i];
    const isError = rng.nextFloat() < this.errorRate;
    const attributes = span.attributes;
    attributes.clear();
    span.startTimeUnixUs = plan.startUs[i];
    span.endTimeUnixUs = plan.endUs[i];
    span.eventCount = 0;
    span.linkCount = 0;
    let errorIndex = 0;
    let stack = '';
    if (isError) {
      const k = plan.service[i] * STACKS_PER_SERVICE + rng.nextInt(STACKS_PER_SERVICE);
      errorIndex = this.stackErrors[k];
      stack = this.stacks[k];
      span.statusCode = STATUS_ERROR;
      span.statusMessage = ERRORS[errorIndex][1];
    } else {
      span.statusCode = STATUS_UNSET;
      span.statusMessage = '';
    }

    switch (role) {
      case ROLE_SERVER_HTTP: {
        const route = node.routes[op];
        span.name = node.serverSpanNames[op];
        span.kind = SPAN_KIND_SERVER;
        const status = isError
          ? STATUS_ERROR_CODES[rng.nextInt(4)]
          : route.okStatuses[rng.nextInt(route.okStatuses.length)];
        attributes.addInterned(ids.methods[op]);
        attributes.addInterned(ids.routes[op]);
        attributes.addUniqueString('url.path', renderPath(route.parts, rng));
        attributes.addInterned(node.index < this.entryCount ? this.schemeHttpsId : this.schemeHttpId);
        attributes.addInterned(this.httpStatusIds.get(status));
        attributes.addInterned(ids.address);
        attributes.addInterned(ids.port);
        attributes.addInterned(this.clientAddressIds[rng.skewedInt(CLIENT_ADDRESSES)]);
        attributes.addInterned(this.userAgentIds[rng.skewedInt(USER_AGENTS.length)]);
        attributes.addInterned(this.httpVersionIds[rng.nextInt(3)]);
        if (isError) attributes.addString('error.type', STATUS_STRINGS[status]);
        break;
      }
      case ROLE_CLIENT_HTTP: {
        const callee = this.services[plan.target[i]];
        const calleeIds = this.serviceIds[callee.index];
        const route = callee.routes[op];
        span.name = route.method;
        span.kind = SPAN_KIND_CLIENT;
        attributes.addInterned(calleeIds.methods[op]);
        attributes.addUniqueString('url.full', 'http://' + callee.address + renderPath(route.parts, rng));
        attributes.addInterned(calleeIds.address);
        attributes.addInterned(calleeIds.port);
        attributes.addInterned(this.httpStatusIds.get(isError ? 503 : 200));
        attributes.addInterned(this.httpVersionIds[0]);
        if (isError) attributes.addString('error.type', ERRORS[errorIndex][0]);
        break;
      }
      case ROLE_SERVER_RPC:
      case ROLE_CLIENT_RPC: {
        const server = role === ROLE_SERVER_RPC ? node : this.services[plan.target[i]];
        const serverIds = this.serviceIds[server.index];
        span.name = server.serverSpanNames[op];
        span.kind = role === ROLE_SERVER_RPC ? SPAN_KIND_SERVER : SPAN_KIND_CLIENT;
        attributes.addInterned(this.rpcSystemId);
        attributes.addInterned(serverIds.rpcService);
        attributes.addInterned(serverIds.rpcMethods[op]);
        attributes.addInterned(this.grpcStatusIds.get(isError ? GRPC_ERROR_CODES[rng.nextInt(4)] : 0));
        attributes.addInterned(serverIds.address);
        attributes.addInterned(serverIds.port);
        if (role === ROLE_SERVER_RPC) {
          attributes.addInterned(this.clientAddressIds[rng.skewedInt(CLIENT_ADDRESSES)]);
        }
        break;
      }
      case ROLE_CLIENT_DB: {
        span.name = node.dbStatements[op].spanName;
        span.kind = SPAN_KIND_CLIENT;
        attributes.addInterned(ids.dbSystem);
        attributes.addInterned(ids.dbNamespace);
        attributes.addInterned(ids.dbOperations[op]);
        attributes.addInterned(ids.dbCollections[op]);
        attributes.addInterned(ids.dbTexts[op]);
        attributes.addInterned(ids.dbAddress);
        attributes.addInterned(ids.dbPort);
        if (!isError) attributes.addInterned(this.returnedRowsIds.get(rng.skewedInt(200)));
        break;
      }
      case ROLE_PRODUCER:
      case ROLE_CONSUMER: {
        const producer = role === ROLE_PRODUCER ? node : this.services[plan.service[plan.parent[i]]];
        const producerIds = this.serviceIds[producer.index];
        const isProducer = role === ROLE_PRODUCER;
        span.name = isProducer ? producer.destinationSpanNames[op] : producer.processSpanNames[op];
        span.kind = isProducer ? SPAN_KIND_PRODUCER : SPAN_KIND_CONSUMER;
        attributes.addInterned(producerIds.messagingSystem);
        attributes.addInterned(producerIds.destinations[op]);
        attributes.addInterned(isProducer ? this.sendId : this.processId);
        attributes.addUniqueString('messaging.message.id', id6(rng.nextUint32()) + id6(rng.nextUint32()));
        attributes.addInterned(this.partitionIds[rng.nextInt(PARTITIONS.length)]);
        attributes.addInterned(
          producer.messagingSystem === 'kafka'
            ? this.kafkaBrokerIds[rng.nextInt(KAFKA_BROKERS.length)]
            : this.rabbitmqHostId,
        );
        if (!isProducer) attributes.addInterned(ids.consumerGroup);
        break;
      }
      default: {
        // ROLE_INTERNAL
        span.name = node.internalNames[op];
        span.kind = SPAN_KIND_INTERNAL;
        attributes.addInterned(ids.functionNames[op]);
        attributes.addInterned(this.threadIds[rng.nextInt(THREADS.length)]);
      }
    }
    if (role === ROLE_INTERNAL && isError) attributes.addString('error.type', ERRORS[errorIndex][0]);
    this.extra.fill(attributes, rng);

    this.addEvents(span, plan, i, rng);
    if (isError) this.addException(span, errorIndex, stack, plan, i);
  }

  /** Links to an earlier trace, when the caller has one. */
  maybeLink(span: SpanRecord, traceId: Uint8Array, spanIds: Uint8Array, spanOffset: number, rng: Rng): void {
    if (!(rng.nextFloat() < this.linkRate)) return;
    const link = span.links[0];
    link.traceId.set(traceId);
    for (let b = 0; b < 8; b++) link.spanId[b] = spanIds[spanOffset + b];
    link.attributes.clear();
    link.attributes.addInterned(this.followsFromId);
    span.linkCount = 1;
  }

  private addEvents(span: SpanRecord, plan: TracePlan, i: number, rng: Rng): void {
    let events = this.eventsWhole + (rng.nextFloat() < this.eventsFraction ? 1 : 0);
    if (events > this.maxPlainEvents) events = this.maxPlainEvents;
    const start = plan.startUs[i];
    const duration = plan.endUs[i] - start;
    for (let e = 0; e < events; e++) {
      const event = span.events[span.eventCount++];
      const which = rng.nextInt(EVENT_NAMES.length);
      event.name = EVENT_NAMES[which];
      event.timeUnixUs = start + Math.floor(rng.nextFloat() * duration);
      event.attributes.clear();
      event.attributes.addInterned(this.attemptIds.get(1 + rng.skewedInt(4)));
    }
  }

  private addException(
    span: SpanRecord,
    errorIndex: number,
    stack: string,
    plan: TracePlan,
    i: number,
  ): void {
    const event = span.events[span.eventCount++];
    event.name = 'exception';
    event.timeUnixUs = plan.endUs[i];
    const attributes = event.attributes;
    attributes.clear();
    attributes.addString('exception.type', ERRORS[errorIndex][0]);
    attributes.addString('exception.message', ERRORS[errorIndex][1]);
    attributes.addString('exception.stacktrace', stack);
  }
}

const KAFKA_BROKERS = [
  'kafka-0.kafka-headless.messaging.svc',
  'kafka-1.kafka-headless.messaging.svc',
  'kafka-2.kafka-headless.messaging.svc',
];
const RABBITMQ_HOST = 'rabbitmq.messaging.svc';
const PARTITIONS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'];
const THREADS = [
  'main',
  'http-nio-8080-exec-1',
  'http-nio-8080-exec-7',
  'worker-3',
  'pool-2-thread-4',
  'tokio-runtime-worker',
];

/** url.path for a route: literal parts with per-request IDs between them. */
function renderPath(parts: readonly string[], rng: Rng): string {
  let path = parts[0];
  for (let p = 1; p < parts.length; p++)
    path += urlId(p - 1 + (parts.length & 1), rng.nextUint32()) + parts[p];
  return path;
}
