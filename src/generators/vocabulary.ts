// Shared word pools (services, hosts, regions, user agents, errors) and helpers that derive N
// distinct realistic names from them with a seeded RNG, once, at generator construction.

import { base36, scramble32 } from './ids.js';
import type { Rng } from './random.js';

const SERVICE_WORDS: readonly string[] = [
  'frontend',
  'checkout',
  'cart',
  'payment',
  'shipping',
  'email',
  'currency',
  'quote',
  'ad',
  'recommendation',
  'product-catalog',
  'inventory',
  'auth',
  'user-profile',
  'search',
  'notification',
  'billing',
  'order',
  'fraud-detection',
  'accounting',
  'api-gateway',
  'pricing',
  'review',
  'media',
  'session',
  'ledger',
  'geo',
  'loyalty',
  'coupon',
  'invoice',
  'warehouse',
  'tax',
  'identity',
  'audit',
];

const SERVICE_SUFFIXES: readonly string[] = [
  'api',
  'worker',
  'svc',
  'consumer',
  'scheduler',
  'proxy',
  'indexer',
  'sync',
];

export const ENVIRONMENTS: readonly string[] = ['production', 'staging', 'canary', 'performance', 'dev'];
export const CLUSTERS: readonly string[] = [
  'prod-eu-west-1',
  'prod-us-east-1',
  'prod-ap-south-1',
  'stg-eu-central-1',
  'prod-us-west-2',
  'ops-global',
];
export const REGIONS: readonly string[] = [
  'eu-west-1',
  'us-east-1',
  'us-west-2',
  'ap-south-1',
  'eu-central-1',
  'ap-northeast-1',
  'sa-east-1',
];
export const ZONES: readonly string[] = ['a', 'b', 'c'];
export const NAMESPACES: readonly string[] = [
  'shop',
  'payments',
  'platform',
  'data',
  'identity',
  'observability',
  'search',
  'messaging',
  'edge',
];
export const RUNTIMES: readonly (readonly [language: string, runtime: string, version: string])[] = [
  ['go', 'go', 'go1.22.5'],
  ['java', 'OpenJDK Runtime Environment', '21.0.3+9-LTS'],
  ['nodejs', 'nodejs', '20.15.1'],
  ['python', 'CPython', '3.12.4'],
  ['dotnet', '.NET', '8.0.6'],
  ['rust', 'rustc', '1.79.0'],
];

export const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
  'okhttp/4.12.0',
  'Go-http-client/2.0',
  'python-requests/2.32.3',
  'curl/8.8.0',
  'axios/1.7.2',
  'Apache-HttpClient/5.3.1 (Java/21.0.3)',
  'kube-probe/1.30',
  'Prometheus/2.53.0',
  'grpc-go/1.64.0',
];

/** [exception type, message] pairs used for error statuses, exception events and error logs. */
export const ERRORS: readonly (readonly [type: string, message: string])[] = [
  ['java.net.ConnectException', 'Connection refused'],
  ['java.util.concurrent.TimeoutException', 'Timeout waiting for task after 5000 ms'],
  ['java.lang.IllegalStateException', 'Cart must contain at least one item'],
  ['java.lang.NullPointerException', 'Cannot invoke "String.length()" because "sku" is null'],
  ['context.DeadlineExceeded', 'context deadline exceeded'],
  ['*net.OpError', 'dial tcp 10.12.3.41:5432: connect: connection refused'],
  ['*errors.errorString', 'upstream connect error or disconnect/reset before headers'],
  ['grpc.StatusError', 'rpc error: code = Unavailable desc = connection error'],
  ['Error', 'ECONNRESET: socket hang up'],
  ['TypeError', "Cannot read properties of undefined (reading 'price')"],
  ['ValueError', 'invalid literal for int() with base 10'],
  ['psycopg2.OperationalError', 'could not connect to server: Connection timed out'],
  ['redis.exceptions.TimeoutError', 'Timeout reading from socket'],
  ['KafkaException', 'Local: Message timed out'],
  ['System.Data.SqlClient.SqlException', 'Transaction (Process ID 71) was deadlocked on lock resources'],
  ['PaymentDeclinedException', 'card declined: insufficient funds'],
  ['RateLimitExceeded', 'rate limit exceeded for tenant, retry after 2s'],
  ['io.grpc.StatusRuntimeException', 'DEADLINE_EXCEEDED: deadline exceeded after 0.999s'],
];

/** Function-name fragments for stack traces and internal span names. */
export const FUNCTION_NAMES: readonly string[] = [
  'validateCart',
  'computeShipping',
  'applyDiscounts',
  'loadUserProfile',
  'checkFraudScore',
  'resolveFeatureFlags',
  'serializeResponse',
  'renderTemplate',
  'signToken',
  'verifySignature',
  'fetchExchangeRates',
  'reserveInventory',
  'buildRecommendations',
  'encodeImage',
  'parseRequest',
  'authorize',
  'mergeSessions',
  'calculateTax',
  'writeAuditRecord',
  'refreshCache',
  'rankResults',
  'compressPayload',
  'decodeMessage',
  'acquireLock',
  'flushBatch',
];

/** N distinct service names: the word list first, then word-suffix, then numbered. */
export function distinctServiceNames(count: number, rng: Rng): string[] {
  const words = rng.shuffle(SERVICE_WORDS.slice());
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const word = words[i % words.length];
    const round = Math.floor(i / words.length);
    if (round === 0) names.push(word);
    else if (round <= SERVICE_SUFFIXES.length) names.push(word + '-' + SERVICE_SUFFIXES[round - 1]);
    else names.push(word + '-' + (round - SERVICE_SUFFIXES.length + 1));
  }
  return names;
}

/** A host name in one of the styles real fleets use (EC2, GKE nodes, bare metal). */
export function hostName(index: number, rng: Rng): string {
  const style = index % 3;
  if (style === 0) return `ip-10-${rng.nextInt(64)}-${rng.nextInt(256)}-${rng.nextInt(256)}.ec2.internal`;
  if (style === 1)
    return `gke-prod-pool-${1 + rng.nextInt(4)}-${base36(rng.nextUint32(), 8)}-${base36(index, 4)}`;
  return `node-${100 + index}.dc${1 + rng.nextInt(3)}.example.internal`;
}

/** A Kubernetes-style pod name: deployment, replica-set hash, pod suffix; unique per `index`. */
export function podName(deployment: string, index: number, rng: Rng): string {
  return `${deployment}-${base36(rng.nextUint32() % 1679616, 4)}${base36(rng.nextInt(1296), 2)}-${base36(scramble32(index ^ 0x2f6b1d3a), 7)}`;
}

/** A 64-hex-character container ID. */
export function containerId(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += rng.nextUint32().toString(16).padStart(8, '0');
  return out;
}

/** A dotted IPv4 address in private or public ranges. */
export function ipv4(rng: Rng): string {
  const value = rng.nextUint32();
  if ((value & 3) === 0) return `10.${(value >>> 8) & 63}.${(value >>> 16) & 255}.${value >>> 24}`;
  if ((value & 3) === 1) return `172.${16 + ((value >>> 8) & 15)}.${(value >>> 16) & 255}.${value >>> 24}`;
  return `${23 + ((value >>> 8) & 127)}.${(value >>> 16) & 255}.${(value >>> 2) & 255}.${value >>> 24}`;
}

/** A semantic version like 1.14.3. */
export function semver(rng: Rng): string {
  return `${rng.nextInt(4)}.${rng.nextInt(30)}.${rng.nextInt(12)}`;
}

/** A plausible stack trace for an error thrown in `service`, in the style of its error type. */
export function stackTrace(error: readonly [string, string], service: string, rng: Rng): string {
  const [type, message] = error;
  const pkg = service.replace(/-/g, '');
  const frames = 3 + rng.nextInt(6);
  let out = `${type}: ${message}`;
  for (let f = 0; f < frames; f++) {
    const fn = rng.pick(FUNCTION_NAMES);
    if (type.includes('.') && !type.startsWith('*')) {
      out += `\n\tat com.example.${pkg}.${fn.charAt(0).toUpperCase()}${fn.slice(1)}Handler.${fn}(${fn}.java:${20 + rng.nextInt(400)})`;
    } else if (type.startsWith('*') || type.startsWith('context')) {
      out += `\ngithub.com/example/${pkg}/internal.${fn}(...)\n\t/src/internal/${fn}.go:${20 + rng.nextInt(400)} +0x${rng.nextInt(4096).toString(16)}`;
    } else {
      out += `\n    at ${fn} (/app/src/${pkg}/${fn}.js:${20 + rng.nextInt(400)}:${1 + rng.nextInt(60)})`;
    }
  }
  return out;
}
