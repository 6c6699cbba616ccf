// Endpoint text checks: the form each protocol accepts, and whether the host is loopback
// (docs/architecture.md, the loopback rule: nothing is sent off the machine unless the scenario
// says so).

import type { Protocol } from '../model/scenario.js';

const GRPC_HOST_PORT_RE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

export type EndpointCheck = { ok: true; host: string } | { ok: false; help: string };

export function checkEndpoint(endpoint: string, protocol: Protocol): EndpointCheck {
  if (protocol === 'otlp-grpc') {
    const hostPort = GRPC_HOST_PORT_RE.exec(endpoint);
    if (hostPort) {
      const port = Number(hostPort[3]);
      if (port >= 1 && port <= 65535) return { ok: true, host: hostPort[1].toLowerCase() };
      return { ok: false, help: 'the port must be 1..65535' };
    }
    const url = parseUrl(endpoint);
    const help =
      'must be host:port (127.0.0.1:4317) or an http(s)://host:port URL without a path for otlp-grpc';
    if (url === undefined || url.hostname === '' || url.search !== '' || url.hash !== '')
      return { ok: false, help };
    if (url.pathname !== '/' && url.pathname !== '') return { ok: false, help };
    return { ok: true, host: url.hostname.toLowerCase() };
  }
  const url = parseUrl(endpoint);
  const help =
    'must be an http:// or https:// base URL without query or fragment, like http://127.0.0.1:4318';
  if (url === undefined || url.hostname === '' || url.search !== '' || url.hash !== '')
    return { ok: false, help };
  return { ok: true, host: url.hostname.toLowerCase() };
}

function parseUrl(text: string): URL | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

// One definition of loopback for the whole harness: the one the senders enforce.
export { isLoopbackHost } from '../targets/endpoint.js';
