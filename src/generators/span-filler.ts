// Fills one SpanRecord from a planned span: name, kind, status and the HTTP / RPC / DB /
// messaging semantic-convention attributes of its role, extra attributes, events and links.
// Strings come from pools built here once; only per-request IDs are rendered per span.

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
import type { ExtraAttributes } from './extra-attributes.js';
import { id6 } from './ids.js';
import type { Rng } from './random.js';
import type { TraceShape } from './shapes.js';
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
import { DB_PORTS, urlId } from './vocabulary-traces.js';

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
  }

  /** Event capacity a span needs: the plain events plus one exception event. */
  static eventCapacity(shape: TraceShape): number {
    return Math.ceil(shape.eventsPerSpan) + 1;
  }

  fill(span: SpanRecord, plan: TracePlan, i: number, rng: Rng): void {
    const node = this.services[plan.service[i]];
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
        attributes.addString('http.request.method', route.method);
        attributes.addString('http.route', route.template);
        attributes.addString('url.path', renderPath(route.parts, rng));
        attributes.addString('url.scheme', node.index < this.entryCount ? 'https' : 'http');
        attributes.addInt('http.response.status_code', status);
        attributes.addString('server.address', node.address);
        attributes.addInt('server.port', node.port);
        attributes.addString('client.address', this.clientAddresses[rng.skewedInt(CLIENT_ADDRESSES)]);
        attributes.addString('user_agent.original', USER_AGENTS[rng.skewedInt(USER_AGENTS.length)]);
        attributes.addString('network.protocol.version', this.httpVersions[rng.nextInt(3)]);
        if (isError) attributes.addString('error.type', STATUS_STRINGS[status]);
        break;
      }
      case ROLE_CLIENT_HTTP: {
        const callee = this.services[plan.target[i]];
        const route = callee.routes[op];
        span.name = route.method;
        span.kind = SPAN_KIND_CLIENT;
        attributes.addString('http.request.method', route.method);
        attributes.addString('url.full', 'http://' + callee.address + renderPath(route.parts, rng));
        attributes.addString('server.address', callee.address);
        attributes.addInt('server.port', callee.port);
        attributes.addInt('http.response.status_code', isError ? 503 : 200);
        attributes.addString('network.protocol.version', '1.1');
        if (isError) attributes.addString('error.type', ERRORS[errorIndex][0]);
        break;
      }
      case ROLE_SERVER_RPC:
      case ROLE_CLIENT_RPC: {
        const server = role === ROLE_SERVER_RPC ? node : this.services[plan.target[i]];
        span.name = server.serverSpanNames[op];
        span.kind = role === ROLE_SERVER_RPC ? SPAN_KIND_SERVER : SPAN_KIND_CLIENT;
        attributes.addString('rpc.system', 'grpc');
        attributes.addString('rpc.service', server.rpcService);
        attributes.addString('rpc.method', server.rpcMethods[op]);
        attributes.addInt('rpc.grpc.status_code', isError ? GRPC_ERROR_CODES[rng.nextInt(4)] : 0);
        attributes.addString('server.address', server.address);
        attributes.addInt('server.port', server.port);
        if (role === ROLE_SERVER_RPC) {
          attributes.addString('client.address', this.clientAddresses[rng.skewedInt(CLIENT_ADDRESSES)]);
        }
        break;
      }
      case ROLE_CLIENT_DB: {
        const statement = node.dbStatements[op];
        span.name = statement.spanName;
        span.kind = SPAN_KIND_CLIENT;
        attributes.addString('db.system', node.dbSystem);
        attributes.addString('db.namespace', node.dbNamespace);
        attributes.addString('db.operation.name', statement.operation);
        attributes.addString('db.collection.name', statement.collection);
        attributes.addString('db.query.text', statement.text);
        attributes.addString('server.address', node.dbAddress);
        attributes.addInt('server.port', node.dbSystem === '' ? 0 : DB_PORTS[node.dbSystem]);
        if (!isError) attributes.addInt('db.response.returned_rows', rng.skewedInt(200));
        break;
      }
      case ROLE_PRODUCER:
      case ROLE_CONSUMER: {
        const producer = role === ROLE_PRODUCER ? node : this.services[plan.service[plan.parent[i]]];
        const destination = producer.destinations[op];
        const isProducer = role === ROLE_PRODUCER;
        span.name = isProducer ? producer.destinationSpanNames[op] : producer.processSpanNames[op];
        span.kind = isProducer ? SPAN_KIND_PRODUCER : SPAN_KIND_CONSUMER;
        attributes.addString('messaging.system', producer.messagingSystem);
        attributes.addString('messaging.destination.name', destination);
        attributes.addString('messaging.operation.type', isProducer ? 'send' : 'process');
        attributes.addString('messaging.message.id', id6(rng.nextUint32()) + id6(rng.nextUint32()));
        attributes.addString(
          'messaging.destination.partition.id',
          PARTITIONS[rng.nextInt(PARTITIONS.length)],
        );
        attributes.addString(
          'server.address',
          producer.messagingSystem === 'kafka'
            ? KAFKA_BROKERS[rng.nextInt(KAFKA_BROKERS.length)]
            : RABBITMQ_HOST,
        );
        if (!isProducer) attributes.addString('messaging.consumer.group.name', node.name);
        break;
      }
      default: {
        // ROLE_INTERNAL
        span.name = node.internalNames[op];
        span.kind = SPAN_KIND_INTERNAL;
        attributes.addString('code.function.name', node.internalNames[op]);
        attributes.addString('thread.name', THREADS[rng.nextInt(THREADS.length)]);
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
    link.attributes.addString('opentracing.ref_type', 'follows_from');
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
      event.attributes.addInt('attempt', 1 + rng.skewedInt(4));
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
