// Parses the two endpoint spellings users write (a base URL for OTLP/HTTP, host:port for gRPC)
// into host and port, so the loopback rule and the pre-flight check agree on what they look at.

export interface EndpointAddress {
  /** Host without IPv6 brackets: '127.0.0.1', '::1', 'localhost'. */
  host: string;
  port: number;
  /** 'http:' or 'https:' (host:port spellings count as 'http:'). */
  protocol: 'http:' | 'https:';
  /** Path prefix of a base URL without a trailing slash ('' for none), e.g. '/otlp'. */
  pathPrefix: string;
}

/** Returns null when the text is neither an http(s) URL nor host:port with a numeric port. */
export function parseEndpointAddress(endpoint: string): EndpointAddress | null {
  const text = endpoint.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!hasScheme && url.port === '') return null;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') return null;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  return { host, port, protocol: url.protocol, pathPrefix };
}

/** host:port as Node's net and gRPC expect it (IPv6 in brackets). */
export function hostPort(address: EndpointAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
