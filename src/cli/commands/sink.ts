// `obsbench sink`: the built-in OTLP sink as a standalone process (for pinning it to its own core,
// or pointing another load generator at it).

import { formatSinkCounters, startSink } from '../../targets/sink/index.js';
import { numberOption, parseCommandArgs } from '../args.js';

export const SINK_HELP = `Usage: obsbench sink [options]

Runs the built-in OTLP receiver on loopback: it counts spans, data points and log records
without a full decode and answers per the OTLP spec. Stops on Ctrl-C / SIGTERM.

Options:
  --port <n>         OTLP/HTTP port (default 4318; 0 = any free port)
  --grpc-port <n>    OTLP/gRPC port (default 4317; 0 = any free port)
  --latency-ms <n>   delay every answer by n ms (fault injection)
  --error-rate <f>   answer this share of requests with 503 / UNAVAILABLE (0..1)
  --interval <s>     print counters every s seconds (default 5)
  --json             print the counters as one JSON object a line, with the time
                     they were read (atEpochMs), for another program to follow
  -h, --help         this help`;

export async function sinkCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('sink', argv, {
    port: { type: 'string', default: '4318' },
    'grpc-port': { type: 'string', default: '4317' },
    'latency-ms': { type: 'string', default: '0' },
    'error-rate': { type: 'string', default: '0' },
    interval: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${SINK_HELP}\n`);
    return 0;
  }
  const sink = await startSink({
    host: '127.0.0.1',
    httpPort: numberOption('port', values.port as string, 0, 65535) ?? 4318,
    grpcPort: numberOption('grpc-port', values['grpc-port'] as string, 0, 65535) ?? 4317,
    latencyMs: numberOption('latency-ms', values['latency-ms'] as string, 0, 600_000) ?? 0,
    errorRate: numberOption('error-rate', values['error-rate'] as string, 0, 1) ?? 0,
  });
  const intervalS = numberOption('interval', values.interval as string, 0.1, 3600) ?? 5;
  process.stdout.write(`obsbench sink: OTLP/HTTP ${sink.httpUrl}  OTLP/gRPC ${sink.grpcEndpoint}\n`);
  const print = (): void => {
    const text = values.json
      ? JSON.stringify({ atEpochMs: Date.now(), ...sink.counters() })
      : formatSinkCounters(sink.counters());
    process.stdout.write(`${text}\n`);
  };
  const timer = setInterval(print, intervalS * 1000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(timer);
  await sink.close();
  print();
  return 0;
}
