// Pre-flight: one TCP connect to the target before a run, so "nothing is listening" is one clear
// error up front instead of thousands of failed requests.

import { connect } from 'node:net';
import { ObsbenchError } from '../errors.js';
import { parseEndpointAddress } from './endpoint-address.js';

/**
 * Resolves when a TCP connection to the endpoint (http(s)://host:port[/prefix] or host:port)
 * opens within timeoutMs; throws ObsbenchError E_ENDPOINT_UNREACHABLE otherwise.
 */
export async function checkEndpointReachable(endpoint: string, timeoutMs: number): Promise<void> {
  const address = parseEndpointAddress(endpoint);
  if (address === null) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `target.endpoint: '${endpoint}' is not http(s)://host:port or host:port; use e.g. http://127.0.0.1:4318`,
    );
  }
  const reason = await new Promise<string | null>((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const finish = (result: string | null): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(connectErrorCode(error)));
  });
  if (reason !== null) {
    throw new ObsbenchError(
      'E_ENDPOINT_UNREACHABLE',
      `target.endpoint: cannot connect to ${endpoint} (${reason}): start the backend or fix target.endpoint`,
    );
  }
}

function connectErrorCode(error: NodeJS.ErrnoException): string {
  if (typeof error.code === 'string') return error.code;
  // Dual-stack names (localhost) fail with an AggregateError holding one error per address.
  const inner = (error as { errors?: NodeJS.ErrnoException[] }).errors;
  if (Array.isArray(inner) && inner.length > 0 && typeof inner[0].code === 'string') return inner[0].code;
  return error.message;
}
