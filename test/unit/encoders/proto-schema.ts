// Test helper: our fixture .proto files (official OTLP packages and field numbers) loaded with
// protobufjs, to decode encoder output independently of the encoders.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

// test/unit/encoders/ under tsx; dist/test/unit/encoders/ when built (the .proto files are not copied).
const PROTO_DIR = ['../../fixtures/proto/', '../../../../test/fixtures/proto/']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(dir)) as string;

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync([
    'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
    'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  ]);
  return root;
}

const root = loadRoot();
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const ExportMetricsServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);
export const ExportLogsServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
);

/** Decoded message as plain objects: 64-bit integers as decimal strings, bytes as byte arrays. */
// biome-ignore lint/suspicious/noExplicitAny: decoded protobuf messages are untyped trees.
export type Decoded = any;

export function decode(type: protobuf.Type, bytes: Uint8Array): Decoded {
  const message = type.decode(bytes);
  return type.toObject(message, {
    longs: String,
    enums: Number,
    bytes: Buffer,
    defaults: true,
    arrays: true,
  });
}
