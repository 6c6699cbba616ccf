// The loopback rule (docs/architecture.md): load goes to 127.0.0.0/8, ::1 or localhost unless the
// scenario explicitly allows another address. Names are not resolved: the rule is about what
// the user wrote, so a name that happens to resolve to loopback still needs the opt-in.

import { ObsbenchError } from '../errors.js';
import { isLoopbackHost, parseEndpointAddress } from '../transport/endpoint-address.js';

/** Throws E_ENDPOINT_NOT_ALLOWED for a non-loopback endpoint unless allowNonLoopback is set. */
export function assertEndpointAllowed(endpoint: string, allowNonLoopback: boolean): void {
  const address = parseEndpointAddress(endpoint);
  if (address === null) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `target.endpoint: '${endpoint}' is not http(s)://host:port or host:port; use e.g. http://127.0.0.1:4318`,
    );
  }
  if (allowNonLoopback || isLoopbackHost(address.host)) return;
  throw new ObsbenchError(
    'E_ENDPOINT_NOT_ALLOWED',
    `target.endpoint: '${endpoint}' is not a loopback address (127.0.0.0/8, ::1, localhost); ` +
      'obsbench sends load only to loopback by default. To load this host on purpose, set target.allowNonLoopback: true',
  );
}
