// A tiny node:http server of the tests' own whose answers are scripted per request, recording
// what it received (path, headers, body size, which connection) for the sender tests.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  hangUp?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  /** Same number = same TCP connection. */
  connectionId: number;
  atMs: number;
}

export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(
  answer: (index: number, request: ReceivedRequest) => ScriptedAnswer,
): Promise<ScriptedServer> {
  const received: ReceivedRequest[] = [];
  const connectionIds = new WeakMap<Socket, number>();
  const timers = new Set<NodeJS.Timeout>();
  let nextConnectionId = 0;
  const server = createServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    req.on('end', () => {
      const info: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        bodyBytes,
        connectionId: connectionIds.get(req.socket) ?? -1,
        atMs: performance.now(),
      };
      received.push(info);
      const scripted = answer(received.length - 1, info);
      const send = (): void => {
        if (scripted.hangUp) {
          req.socket.destroy();
          return;
        }
        res.writeHead(scripted.status, scripted.headers ?? {});
        res.end(scripted.body ?? '');
      };
      if (scripted.delayMs === undefined) send();
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, scripted.delayMs);
        timers.add(timer);
      }
    });
  });
  server.on('connection', (socket: Socket) => connectionIds.set(socket, nextConnectionId++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** ExportTraceServiceResponse{partial_success{rejected = rejected, error_message = message}}. */
export function partialSuccessBody(rejected: number, message: string): Buffer {
  const text = Buffer.from(message);
  const inner = Buffer.concat([Buffer.from([0x08, rejected]), Buffer.from([0x12, text.length]), text]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}
