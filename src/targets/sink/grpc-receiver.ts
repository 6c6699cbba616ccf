// The sink's OTLP/gRPC side: the three Export methods registered with identity (de)serializers
// so request bytes reach the counter untouched. grpc-js decompresses gzip messages itself,
// so the wire size is not visible here: gRPC wireBytes equal rawBytes.

import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import type { Signal } from '../../model/index.js';
import { GRPC_EXPORT_PATHS } from '../../transport/otlp-grpc-sender.js';
import { SINK_MAX_BODY_BYTES } from './http-receiver.js';
import { type SinkCore, VERDICT_ACCEPTED, VERDICT_INJECTED_ERROR } from './sink-core.js';
import { SIGNAL_INDEX } from './sink-counters.js';

const identity = (value: Buffer): Buffer => value;
/** An empty Export*ServiceResponse: zero bytes. */
const EMPTY_RESPONSE = Buffer.alloc(0);
const SHUTDOWN_GRACE_MS = 1000;

export interface GrpcReceiver {
  port: number;
  close(): Promise<void>;
}

function exportService(signal: Signal): ServiceDefinition {
  return {
    Export: {
      path: GRPC_EXPORT_PATHS[signal],
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

export function startGrpcReceiver(core: SinkCore, host: string, port: number): Promise<GrpcReceiver> {
  const delayed = new Set<NodeJS.Timeout>();
  const server = new Server({
    'grpc.max_receive_message_length': SINK_MAX_BODY_BYTES,
    'grpc.max_send_message_length': -1,
  });

  function reply(callback: sendUnaryData<Buffer>, verdict: number): void {
    if (verdict === VERDICT_ACCEPTED) callback(null, EMPTY_RESPONSE);
    else if (verdict === VERDICT_INJECTED_ERROR) {
      callback({ code: status.UNAVAILABLE, details: 'sink: injected fault (errorRate)' });
    } else {
      callback({ code: status.INVALID_ARGUMENT, details: 'sink: body is not a valid OTLP export request' });
    }
  }

  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const signalIndex = SIGNAL_INDEX[signal];
    server.addService(exportService(signal), {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        const body = call.request;
        const verdict = core.handle(signalIndex, false, body.length, body);
        if (core.latencyMs <= 0) {
          reply(callback, verdict);
          return;
        }
        const timer = setTimeout(() => {
          delayed.delete(timer);
          reply(callback, verdict);
        }, core.latencyMs);
        delayed.add(timer);
      },
    });
  }

  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) {
        server.forceShutdown();
        reject(error);
        return;
      }
      resolve({
        port: boundPort,
        close: () =>
          new Promise<void>((done) => {
            for (const timer of delayed) clearTimeout(timer);
            delayed.clear();
            // Idle client channels can hold a graceful shutdown open; cut it short.
            const force = setTimeout(() => server.forceShutdown(), SHUTDOWN_GRACE_MS);
            server.tryShutdown(() => {
              clearTimeout(force);
              done();
            });
          }),
      });
    });
  });
}
