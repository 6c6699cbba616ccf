// Word pools for spans: HTTP routes with ID placeholders, gRPC methods, database statements per
// system and messaging destinations, plus the parsed route form used to render url.path cheaply.

import { id6, scramble32 } from './ids.js';
import type { Rng } from './random.js';

const NOUNS: readonly string[] = [
  'users',
  'orders',
  'carts',
  'products',
  'invoices',
  'payments',
  'sessions',
  'shipments',
  'reviews',
  'accounts',
  'subscriptions',
  'notifications',
  'recommendations',
  'stock',
  'coupons',
  'addresses',
  'refunds',
  'wishlists',
  'categories',
  'prices',
  'tickets',
  'devices',
  'reports',
  'webhooks',
];
const SUB_NOUNS: readonly string[] = [
  'items',
  'history',
  'status',
  'events',
  'lines',
  'preferences',
  'attachments',
];
const ID_NAMES: readonly string[] = ['id', 'userId', 'orderId', 'sku', 'uuid'];
const HTTP_METHODS: readonly string[] = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** An HTTP route template split around its `{placeholders}` so url.path renders by concatenation. */
export interface Route {
  method: string;
  /** http.route, e.g. /api/v1/orders/{orderId}/items */
  template: string;
  /** Literal pieces around the placeholders (placeholders + 1 entries). */
  parts: readonly string[];
  /** Non-error http.response.status_code values, drawn uniformly (repeats weight them). */
  okStatuses: readonly number[];
}

const OK_STATUSES: Readonly<Record<string, readonly number[]>> = {
  GET: [200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 404, 404, 401, 429, 200],
  POST: [201, 201, 201, 200, 200, 200, 200, 200, 200, 202, 400, 400, 409, 422, 401, 201],
  PUT: [200, 200, 200, 200, 200, 200, 200, 200, 204, 204, 204, 400, 404, 409, 412, 200],
  PATCH: [200, 200, 200, 200, 200, 200, 200, 200, 204, 204, 204, 400, 404, 409, 422, 200],
  DELETE: [204, 204, 204, 204, 204, 204, 204, 204, 200, 200, 200, 404, 404, 404, 403, 204],
};

/** `count` distinct (method, route) pairs for one service, shaped like a REST API. */
export function serviceRoutes(count: number, rng: Rng): Route[] {
  const routes: Route[] = [];
  const seen = new Set<string>();
  const nouns = rng.shuffle(NOUNS.slice());
  for (let attempt = 0; routes.length < count; attempt++) {
    const version = 1 + Math.floor(attempt / 64);
    const noun = nouns[attempt % nouns.length];
    const method = rng.pick(HTTP_METHODS);
    const style = rng.nextInt(5);
    let template: string;
    if (style === 0) template = `/api/v${version}/${noun}`;
    else if (style === 1 || style === 2) template = `/api/v${version}/${noun}/{${rng.pick(ID_NAMES)}}`;
    else if (style === 3) template = `/api/v${version}/${noun}/{id}/${rng.pick(SUB_NOUNS)}`;
    else template = `/api/v${version}/${noun}/{id}/${rng.pick(SUB_NOUNS)}/{${rng.pick(ID_NAMES)}}`;
    const key = method + ' ' + template;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method, template, parts: template.split(/\{[^}]+\}/), okStatuses: OK_STATUSES[method] });
  }
  return routes;
}

const RPC_VERBS: readonly string[] = [
  'Get',
  'List',
  'Create',
  'Update',
  'Delete',
  'Search',
  'Batch',
  'Validate',
  'Sync',
];
const RPC_NOUNS: readonly string[] = [
  'Cart',
  'Order',
  'Product',
  'Quote',
  'Payment',
  'Shipment',
  'Rate',
  'Recommendation',
  'Ad',
  'User',
  'Session',
  'Price',
  'Stock',
  'Review',
  'Coupon',
];

/** `count` distinct gRPC method names (rpc.method) for one service. */
export function rpcMethods(count: number, rng: Rng): string[] {
  const methods: string[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; methods.length < count; attempt++) {
    const round = Math.floor(attempt / (RPC_VERBS.length * RPC_NOUNS.length));
    const name = rng.pick(RPC_VERBS) + rng.pick(RPC_NOUNS) + (round > 0 ? `V${round + 1}` : '');
    if (seen.has(name)) continue;
    seen.add(name);
    methods.push(name);
  }
  return methods;
}

/** rpc.service for a service name: checkout-api -> shop.CheckoutApiService */
export function rpcServiceName(serviceName: string): string {
  let pascal = '';
  for (const word of serviceName.split('-')) pascal += word.charAt(0).toUpperCase() + word.slice(1);
  return `shop.${pascal}Service`;
}

export type DbSystem = 'postgresql' | 'mysql' | 'redis' | 'mongodb';
export const DB_SYSTEMS: readonly DbSystem[] = ['postgresql', 'mysql', 'redis', 'mongodb', 'postgresql'];
export const DB_PORTS: Readonly<Record<DbSystem, number>> = {
  postgresql: 5432,
  mysql: 3306,
  redis: 6379,
  mongodb: 27017,
};

/** One database call: db.operation.name, db.collection.name, db.query.text (parameterised). */
export interface DbStatement {
  operation: string;
  collection: string;
  text: string;
  /** Span name per semantic conventions: "{operation} {collection}". */
  spanName: string;
}

const COLUMNS: readonly string[] = [
  'id',
  'status',
  'created_at',
  'updated_at',
  'customer_id',
  'total_cents',
  'currency',
  'sku',
  'quantity',
  'email',
  'tenant_id',
  'version',
  'expires_at',
  'region',
];

/** A pool of statements for one database, over tables named after the service's domain nouns. */
export function dbStatements(system: DbSystem, count: number, rng: Rng): DbStatement[] {
  const statements: DbStatement[] = [];
  for (let i = 0; i < count; i++) {
    const table = rng.pick(NOUNS);
    const a = rng.pick(COLUMNS);
    const b = rng.pick(COLUMNS);
    const kind = rng.nextInt(6);
    let operation: string;
    let text: string;
    if (system === 'redis') {
      const commands = ['GET', 'SET', 'HGETALL', 'HSET', 'EXPIRE', 'MGET', 'ZADD', 'INCR'];
      operation = commands[kind % commands.length];
      text = `${operation} ${table}:?${kind % 2 === 0 ? '' : ' ?'}`;
    } else if (system === 'mongodb') {
      const commands = ['find', 'find', 'insert', 'update', 'aggregate', 'delete'];
      operation = commands[kind];
      text = `{"${operation}":"${table}","filter":{"${a}":"?","${b}":{"$gte":"?"}},"limit":?}`;
    } else {
      const p = system === 'postgresql' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
      if (kind <= 2) {
        operation = 'SELECT';
        text = `SELECT ${a}, ${b}, id FROM ${table} WHERE ${a} = ${p[0]} AND ${b} > ${p[1]} ORDER BY id DESC LIMIT ${p[2]}`;
      } else if (kind === 3) {
        operation = 'INSERT';
        text = `INSERT INTO ${table} (${a}, ${b}, created_at) VALUES (${p[0]}, ${p[1]}, now())`;
      } else if (kind === 4) {
        operation = 'UPDATE';
        text = `UPDATE ${table} SET ${a} = ${p[0]}, updated_at = now() WHERE id = ${p[1]}`;
      } else {
        operation = 'DELETE';
        text = `DELETE FROM ${table} WHERE id = ${p[0]}`;
      }
    }
    statements.push({ operation, collection: table, text, spanName: `${operation} ${table}` });
  }
  return statements;
}

export const MESSAGING_SYSTEMS: readonly string[] = ['kafka', 'rabbitmq', 'kafka'];
const TOPIC_EVENTS: readonly string[] = [
  'created',
  'updated',
  'settled',
  'failed',
  'dispatched',
  'expired',
  'requested',
];

/** Messaging destinations like orders.created. */
export function destinations(count: number, rng: Rng): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; names.length < count; attempt++) {
    const suffix = attempt >= NOUNS.length * TOPIC_EVENTS.length ? `.v${2 + rng.nextInt(4)}` : '';
    const name = `${rng.pick(NOUNS)}.${rng.pick(TOPIC_EVENTS)}${suffix}`;
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** A per-request ID for a URL placeholder: numeric, base-36 or SKU style, chosen by the part index. */
export function urlId(style: number, random32: number): string {
  if (style === 0) return String(random32 % 5_000_000);
  if (style === 1) return id6(random32);
  return 'SKU-' + id6(scramble32(random32) % 2_000_000);
}
