// The one endpoint parser: the two spellings users write (an http(s):// base URL, or host:port
// for gRPC) into host and port. The scenario check, the loopback rule, the pre-flight check and
// the senders all read endpoints through it, so they agree on what host they look at. Also the
// loopback rule's definition of a loopback host.

export interface EndpointAddress {
  /** Host without IPv6 brackets: '127.0.0.1', '::1', 'localhost'. */
  host: string;
  port: number;
  /** 'http:' or 'https:' (host:port spellings count as 'http:'). */
  protocol: 'http:' | 'https:';
  /** Path prefix of a base URL without a trailing slash ('' for none), e.g. '/otlp'. */
  pathPrefix: string;
  /** How it was written: an http(s):// URL, or host:port. */
  form: 'url' | 'host-port';
  /** The URL has a query or a fragment, which a base URL cannot carry. */
  hasQueryOrFragment: boolean;
}

/** What parseEndpoint makes of a text: an address, or why not ('port': host:port with a port outside 1..65535). */
export type EndpointParse =
  | { ok: true; address: EndpointAddress }
  | { ok: false; problem: 'syntax' | 'port' };

const URL_SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** host:port: a bracketed IPv6 address or a host name / IPv4 address, and a decimal port. */
const HOST_PORT_RE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;
const NOT_AN_ENDPOINT: EndpointParse = { ok: false, problem: 'syntax' };
const PORT_OUT_OF_RANGE: EndpointParse = { ok: false, problem: 'port' };

/**
 * Parses an endpoint. A text with a scheme must be an http(s) URL with a host; one without must
 * be host:port exactly (no path, no user). Hosts come out as the URL parser normalises them
 * (lower case, IPv4 shorthand expanded), which is also what the senders connect to.
 */
export function parseEndpoint(endpoint: string): EndpointParse {
  if (URL_SCHEME_RE.test(endpoint)) return parseUrlForm(endpoint);
  const hostPort = HOST_PORT_RE.exec(endpoint);
  if (hostPort === null) return NOT_AN_ENDPOINT;
  const port = Number(hostPort[3]);
  if (port < 1 || port > 65535) return PORT_OUT_OF_RANGE;
  const url = tryUrl(`http://${hostPort[1]}/`);
  if (url === null) return NOT_AN_ENDPOINT;
  const address: EndpointAddress = {
    host: unbracket(url.hostname),
    port,
    protocol: 'http:',
    pathPrefix: '',
    form: 'host-port',
    hasQueryOrFragment: false,
  };
  return { ok: true, address };
}

function parseUrlForm(text: string): EndpointParse {
  const url = tryUrl(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return NOT_AN_ENDPOINT;
  const host = unbracket(url.hostname);
  if (host === '') return NOT_AN_ENDPOINT;
  const address: EndpointAddress = {
    host,
    port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    protocol: url.protocol,
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    form: 'url',
    hasQueryOrFragment: url.search !== '' || url.hash !== '',
  };
  return { ok: true, address };
}

function tryUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** URL hostnames keep IPv6 brackets ("[::1]"); addresses do not. */
function unbracket(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/** parseEndpoint's address, or null when the text is neither an http(s) URL nor host:port. */
export function parseEndpointAddress(endpoint: string): EndpointAddress | null {
  const parsed = parseEndpoint(endpoint);
  return parsed.ok ? parsed.address : null;
}

/** The host as it appears in a URL or in host:port: IPv6 in brackets. */
export function bracketedHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** host:port as Node's net and gRPC expect it (IPv6 in brackets). */
export function hostPort(address: EndpointAddress): string {
  return `${bracketedHost(address.host)}:${address.port}`;
}

/**
 * The loopback rule (docs/architecture.md): load goes to 127.0.0.0/8, ::1 or localhost unless
 * the scenario explicitly allows another address. Names are not resolved: the rule is about what
 * the user wrote, so a name that happens to resolve to loopback still needs the opt-in. Takes the
 * host as parseEndpoint gives it (IP literals normalised, as the senders connect to them).
 */
export function isLoopbackHost(host: string): boolean {
  // URL hostnames keep IPv6 brackets ("[::1]"); host:port parsing does not.
  const lower = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (lower === 'localhost' || lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = lower.startsWith('::ffff:') ? lower.slice('::ffff:'.length) : lower;
  // The URL parser writes an IPv4-mapped address in hex: [::ffff:127.0.0.1] is [::ffff:7f00:1].
  if (/^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(ipv4) && lower.startsWith('::ffff:')) return true;
  const octets = ipv4.split('.');
  if (octets.length !== 4 || octets[0] !== '127') return false;
  return octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}
