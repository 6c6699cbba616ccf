// Endpoint text checks: the form each protocol accepts, and whether the host is loopback
// (docs/architecture.md, the loopback rule: nothing is sent off the machine unless the scenario
// says so).

import type { Protocol } from '../model/scenario.js';
import { bracketedHost, parseEndpoint } from '../transport/endpoint-address.js';
import { PROTOCOL_TABLE } from '../transport/protocols.js';

export type EndpointCheck = { ok: true; host: string } | { ok: false; help: string };

/**
 * The form the protocol's transport accepts, read with the one endpoint parser: gRPC takes
 * host:port or an http(s) URL without a path; HTTP a base URL (a path prefix is fine) without
 * query or fragment. `host` is IPv6 in brackets, as written in a URL.
 */
export function checkEndpoint(endpoint: string, protocol: Protocol): EndpointCheck {
  const parsed = parseEndpoint(endpoint);
  if (PROTOCOL_TABLE[protocol].transport === 'grpc') {
    const help = `must be host:port (127.0.0.1:4317) or an http(s)://host:port URL without a path for ${protocol}`;
    if (!parsed.ok)
      return { ok: false, help: parsed.problem === 'port' ? 'the port must be 1..65535' : help };
    const address = parsed.address;
    if (address.hasQueryOrFragment || address.pathPrefix !== '') return { ok: false, help };
    return { ok: true, host: bracketedHost(address.host) };
  }
  if (!parsed.ok || parsed.address.form !== 'url' || parsed.address.hasQueryOrFragment) {
    return {
      ok: false,
      help: 'must be an http:// or https:// base URL without query or fragment, like http://127.0.0.1:4318',
    };
  }
  return { ok: true, host: bracketedHost(parsed.address.host) };
}

// One definition of loopback for the whole harness: the one the senders enforce.
export { isLoopbackHost } from '../transport/endpoint-address.js';
