// Log message templates per severity, compiled once into literal parts and typed slots so a
// message renders by concatenation, plus the per-record fields formats append as padding.

import { id6 } from './ids.js';
import type { Rng } from './random.js';
import { ERRORS, FUNCTION_NAMES } from './vocabulary.js';

const SLOT_USER = 0;
const SLOT_IP = 1;
const SLOT_MS = 2;
const SLOT_PATH = 3;
const SLOT_HOST = 4;
const SLOT_ORDER = 5;
const SLOT_COUNT = 6;
const SLOT_TOPIC = 7;
const SLOT_KEY = 8;
const SLOT_ERROR = 9;
const SLOT_TABLE = 10;
const SLOT_STATUS = 11;
const SLOT_BYTES = 12;
const SLOT_FUNCTION = 13;

const SLOT_NAMES: Readonly<Record<string, number>> = {
  user: SLOT_USER,
  ip: SLOT_IP,
  ms: SLOT_MS,
  path: SLOT_PATH,
  host: SLOT_HOST,
  order: SLOT_ORDER,
  count: SLOT_COUNT,
  topic: SLOT_TOPIC,
  key: SLOT_KEY,
  error: SLOT_ERROR,
  table: SLOT_TABLE,
  status: SLOT_STATUS,
  bytes: SLOT_BYTES,
  fn: SLOT_FUNCTION,
};

/** Templates per severity: debug, info, warn, error (the order of SEVERITY_KEYS in logs.ts). */
const TEMPLATES: readonly (readonly string[])[] = [
  [
    'cache lookup key={key} hit=false took {ms}ms',
    'entering {fn} with {count} items',
    'resolved {host} to {ip}',
    'SQL: SELECT * FROM {table} WHERE id = ? [{ms}ms]',
    'decoded message from {topic} offset={count} size={bytes}',
    'feature flag checkout.v2 evaluated for user {user}',
  ],
  [
    'request completed method=GET path={path} status={status} duration={ms}ms',
    'user {user} logged in from {ip}',
    'order {order} placed by user {user} with {count} items',
    'processed {count} messages from {topic} in {ms}ms',
    'payment authorized for order {order} amount={bytes}',
    'connection pool stats: active={count} idle=4 waiting=0',
    'scheduled job {fn} finished in {ms}ms',
    'served {path} to {ip} in {ms}ms ({bytes} bytes)',
    'session refreshed for user {user}',
    'shipment created for order {order} carrier=ups',
  ],
  [
    'slow query on {table} took {ms}ms',
    'retrying request to {host} (attempt {count}): {error}',
    'rate limit close to threshold for user {user}: {count} req/min',
    'consumer lag on {topic} is {count} messages',
    'deprecated endpoint {path} called by {ip}',
    'cache eviction storm: {count} keys evicted in {ms}ms',
  ],
  [
    'failed to process order {order}: {error}',
    'request to {host} failed after {ms}ms: {error}',
    'unhandled exception in {fn}: {error}',
    'database error on {table}: {error}',
    'could not publish to {topic}: {error}',
    'upstream {host} returned 503 for {path}',
  ],
];

export interface Template {
  parts: readonly string[];
  slots: Uint8Array;
}

function compile(text: string): Template {
  const parts: string[] = [];
  const slots: number[] = [];
  let rest = text;
  for (let at = rest.indexOf('{'); at >= 0; at = rest.indexOf('{')) {
    const end = rest.indexOf('}', at);
    parts.push(rest.slice(0, at));
    slots.push(SLOT_NAMES[rest.slice(at + 1, end)]);
    rest = rest.slice(end + 1);
  }
  parts.push(rest);
  return { parts, slots: Uint8Array.from(slots) };
}

export const MESSAGE_TEMPLATES: readonly (readonly Template[])[] = TEMPLATES.map((list) => list.map(compile));

const TABLES = ['orders', 'users', 'carts', 'payments', 'inventory', 'sessions', 'shipments', 'audit_log'];
const TOPICS = [
  'orders.created',
  'payments.settled',
  'stock.reserved',
  'emails.outbound',
  'carts.updated',
  'audit.events',
];
const PATHS = [
  '/api/v1/orders',
  '/api/v1/orders/',
  '/api/v1/users/',
  '/api/v1/carts/',
  '/api/v1/products/',
  '/api/v1/search',
  '/checkout',
  '/login',
  '/static/js/app.',
  '/images/products/',
  '/api/v2/recommendations',
  '/healthz',
];
const STATUSES = [
  '200',
  '200',
  '200',
  '200',
  '201',
  '204',
  '301',
  '304',
  '400',
  '401',
  '403',
  '404',
  '429',
  '500',
  '502',
  '503',
];

const PATH_TAKES_ID: readonly boolean[] = PATHS.map((p) => p.endsWith('/') || p.endsWith('.'));
const DURATIONS = 4096;

/** Renders message slots: a few pools built once plus cheap per-record numbers and IDs. */
export class MessageRenderer {
  private readonly hosts: string[];
  private readonly ips: string[];
  private readonly errors: string[];
  /** Log-normal durations like 12.3, prebuilt: float-to-string per line is slow. */
  private readonly durations: string[] = [];

  constructor(hosts: string[], ips: string[], rng: Rng) {
    this.hosts = hosts;
    this.ips = ips;
    for (let d = 0; d < DURATIONS; d++)
      this.durations.push(String(Math.round(rng.lognormal(25, 1.2) * 10) / 10));
    // No quotes or backslashes, so messages embed in JSON strings and quoted logfmt values as-is.
    this.errors = ERRORS.map((e) => `${e[0]}: ${e[1]}`.replace(/["\\]/g, "'"));
  }

  render(template: Template, rng: Rng): string {
    const parts = template.parts;
    let out = parts[0];
    for (let s = 0; s < template.slots.length; s++) out += this.slot(template.slots[s], rng) + parts[s + 1];
    return out;
  }

  /** A path with a per-record ID or query, as access logs show. */
  path(rng: Rng): string {
    const p = rng.skewedInt(PATHS.length);
    return PATH_TAKES_ID[p] ? PATHS[p] + id6(rng.nextUint32()) : PATHS[p];
  }

  ip(rng: Rng): string {
    return this.ips[rng.skewedInt(this.ips.length)];
  }

  status(rng: Rng): string {
    return STATUSES[rng.nextInt(STATUSES.length)];
  }

  private slot(slot: number, rng: Rng): string {
    switch (slot) {
      case SLOT_USER:
        return 'u' + rng.skewedInt(2_000_000);
      case SLOT_IP:
        return this.ip(rng);
      case SLOT_MS:
        return this.durations[rng.nextInt(DURATIONS)];
      case SLOT_PATH:
        return this.path(rng);
      case SLOT_HOST:
        return this.hosts[rng.nextInt(this.hosts.length)];
      case SLOT_ORDER:
        return 'ord_' + id6(rng.nextUint32());
      case SLOT_COUNT:
        return String(1 + rng.skewedInt(500));
      case SLOT_TOPIC:
        return TOPICS[rng.nextInt(TOPICS.length)];
      case SLOT_KEY:
        return TABLES[rng.nextInt(TABLES.length)] + ':' + id6(rng.nextUint32());
      case SLOT_ERROR:
        return this.errors[rng.nextInt(this.errors.length)];
      case SLOT_TABLE:
        return TABLES[rng.nextInt(TABLES.length)];
      case SLOT_STATUS:
        return this.status(rng);
      case SLOT_BYTES:
        return String(rng.skewedInt(250_000));
      default:
        return FUNCTION_NAMES[rng.nextInt(FUNCTION_NAMES.length)];
    }
  }
}

/** key=value fields formats append to reach a line's target length (names as apps log them). */
export const PADDING_KEYS: readonly string[] = [
  'request_id',
  'user_id',
  'tenant',
  'region',
  'attempt',
  'elapsed_ms',
  'bytes',
  'component',
  'thread',
  'version',
  'cache',
  'client_ip',
  'route',
  'queue',
  'retry_after_ms',
  'db_rows',
];
