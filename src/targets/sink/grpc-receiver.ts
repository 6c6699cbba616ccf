// The sink's OTLP/gRPC side: the three Export methods registered with identity (de)serializers
// so request bytes reach the counter untouched. grpc-js decompresses gzip messages itself,
// so the wire size is not visible here: gRPC wireBytes equal rawBytes.

import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import type { Signal } from '../../model/index.js';
import { OTLP_GRPC_EXPORT_PATHS } from '../../transport/protocols.js';
import { SINK_MAX_BODY_BYTES } from './http-receiver.js';
import { BODY_OTLP_PROTO, type SinkCore, VERDICT_ACCEPTED, VERDICT_INJECTED_ERROR } from './sink-core.js';
import { SIGNAL_INDEX } from './sink-counters.js';

const identity = (value: Buffer): Buffer => value;
/** An empty Export*ServiceResponse: zero bytes. */
const EMPTY_RESPONSE = Buffer.alloc(0);
const SHUTDOWN_GRACE_MS = 1000;
const INJECTED_FAULT_DETAILS = 'sink: injected fault (errorRate)';

/**
 * The gRPC twin of the HTTP side's Retry-After: 0, as the spec's example for retryable errors:
 * google.rpc.Status{code 14, message, details [Any{RetryInfo{retry_delay {}}}]} in
 * grpc-status-details-bin.
 */
function retryNowTrailer(): Metadata {
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const retryInfo = Buffer.from([0x0a, 0x00]); // retry_delay = Duration{} (0 s)
  const any = Buffer.concat([
    Buffer.from([0x0a, typeUrl.length]),
    typeUrl,
    Buffer.from([0x12, retryInfo.length]),
    retryInfo,
  ]);
  const message = Buffer.from(INJECTED_FAULT_DETAILS);
  const statusDetails = Buffer.concat([
    Buffer.from([0x08, status.UNAVAILABLE, 0x12, message.length]),
    message,
    Buffer.from([0x1a, any.length]),
    any,
  ]);
  const trailer = new Metadata();
  trailer.set('grpc-status-details-bin', statusDetails);
  return trailer;
}

export interface GrpcReceiver {
  port: number;
  close(): Promise<void>;
}

function exportService(signal: Signal): ServiceDefinition {
  return {
    Export: {
      path: OTLP_GRPC_EXPORT_PATHS[signal],
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
      callback({ code: status.UNAVAILABLE, details: INJECTED_FAULT_DETAILS, metadata: retryNowTrailer() });
    } else {
      callback({ code: status.INVALID_ARGUMENT, details: 'sink: body is not a valid OTLP export request' });
    }
  }

  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const signalIndex = SIGNAL_INDEX[signal];
    server.addService(exportService(signal), {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        const body = call.request;
        const admitted = core.admit(signalIndex);
        const verdict =
          admitted === VERDICT_ACCEPTED
            ? core.count(signalIndex, BODY_OTLP_PROTO, body.length, body)
            : admitted;
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
