// Interned ids (model internedAttributes) of the pooled semantic-convention attributes SpanFiller
// adds: per service, per operation and for the shared pools. Built once per generator, so the
// hot loop adds an attribute by id and encoders reuse its encoded bytes without hashing strings.

import { internedAttributes, VALUE_INT, VALUE_STRING } from '../model/index.js';
import type { ServiceNode } from './trace-topology.js';
import { DB_PORTS } from './vocabulary-traces.js';

export function stringId(key: string, value: string): number {
  return internedAttributes.intern(key, VALUE_STRING, value);
}

function intId(key: string, value: number): number {
  return internedAttributes.intern(key, VALUE_INT, value);
}

/** Ids of one string pool under one key, index for index. */
export function stringIds(key: string, values: readonly string[]): Int32Array {
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) ids[i] = stringId(key, values[i]);
  return ids;
}

/** Ids of small non-negative integer values of one key, interned on first use. */
export class IntIds {
  private readonly key: string;
  private readonly ids: Int32Array;

  constructor(key: string, maxValue: number) {
    this.key = key;
    this.ids = new Int32Array(maxValue + 1);
  }

  /** The id of `value` (0..maxValue). */
  get(value: number): number {
    let id = this.ids[value];
    if (id === 0) {
      id = intId(this.key, value);
      this.ids[value] = id;
    }
    return id;
  }
}

/** The attributes of one service that come from its fixed pools. */
export class ServiceAttributeIds {
  readonly address: number;
  readonly port: number;
  readonly rpcService: number;
  readonly dbSystem: number;
  readonly dbNamespace: number;
  readonly dbAddress: number;
  readonly dbPort: number;
  readonly messagingSystem: number;
  readonly consumerGroup: number;
  /** Per route / operation index. */
  readonly methods: Int32Array;
  readonly routes: Int32Array;
  readonly rpcMethods: Int32Array;
  /** Per statement index. */
  readonly dbOperations: Int32Array;
  readonly dbCollections: Int32Array;
  readonly dbTexts: Int32Array;
  /** Per destination index. */
  readonly destinations: Int32Array;
  /** code.function.name per INTERNAL operation. */
  readonly functionNames: Int32Array;

  constructor(node: ServiceNode) {
    this.address = stringId('server.address', node.address);
    this.port = intId('server.port', node.port);
    this.rpcService = stringId('rpc.service', node.rpcService);
    this.dbSystem = stringId('db.system', node.dbSystem);
    this.dbNamespace = stringId('db.namespace', node.dbNamespace);
    this.dbAddress = stringId('server.address', node.dbAddress);
    this.dbPort = intId('server.port', node.dbSystem === '' ? 0 : DB_PORTS[node.dbSystem]);
    this.messagingSystem = stringId('messaging.system', node.messagingSystem);
    this.consumerGroup = stringId('messaging.consumer.group.name', node.name);
    this.methods = stringIds(
      'http.request.method',
      node.routes.map((r) => r.method),
    );
    this.routes = stringIds(
      'http.route',
      node.routes.map((r) => r.template),
    );
    this.rpcMethods = stringIds('rpc.method', node.rpcMethods);
    this.dbOperations = stringIds(
      'db.operation.name',
      node.dbStatements.map((s) => s.operation),
    );
    this.dbCollections = stringIds(
      'db.collection.name',
      node.dbStatements.map((s) => s.collection),
    );
    this.dbTexts = stringIds(
      'db.query.text',
      node.dbStatements.map((s) => s.text),
    );
    this.destinations = stringIds('messaging.destination.name', node.destinations);
    this.functionNames = stringIds('code.function.name', node.internalNames);
  }
}
