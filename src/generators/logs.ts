// The log-record generator: picks this worker's streams (busy ones more often), stamps records
// with per-stream strictly increasing microsecond times, draws severities by share and renders
// each body in its stream's format at a log-normal target length, grouped by stream (resource).

import { LogBatch, LogRecordRecord, type ResourceLogsRecord } from '../model/index.js';
import type { LogShape } from '../model/shapes.js';
import type { Generator, GeneratorContext } from './generator.js';
import { id6 } from './ids.js';
import { FORMAT_APACHE, FORMAT_JSON, FORMAT_LOGFMT, LineRenderer, LOG_FORMATS } from './log-formats.js';
import { type LogStream, StreamCatalog } from './log-streams.js';
import { TraceContexts } from './log-trace-contexts.js';
import { lognormalQuantiles, Rng } from './random.js';
import { apportion, WeightedChoice } from './shares.js';
import { validateContext, validateLogShape } from './validate.js';
import { FUNCTION_NAMES, hostName, ipv4 } from './vocabulary.js';
import { MESSAGE_TEMPLATES, MessageRenderer } from './vocabulary-logs.js';

const SEVERITY_KEYS = ['debug', 'info', 'warn', 'error'] as const;
/** OTLP SeverityNumber of each severity key. */
const SEVERITY_NUMBERS: readonly number[] = [5, 9, 13, 17];
const SEVERITY_TEXTS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const MIN_LINE_LENGTH = 24;
const LENGTH_TABLE_BITS = 12;
const LENGTH_TABLE_SHIFT = 32 - LENGTH_TABLE_BITS;
/** Records within a batch spread this far before `now`, as lines from one flush do. */
const SPREAD_US = 1000;

const STREAM_SHARED = 21;
const STREAM_RECORDS = 22;

const ATTRIBUTE_KEYS = [
  'thread.name',
  'code.function.name',
  'user.id',
  'http.request.method',
  'request.id',
  'tenant.id',
  'client.address',
  'http.response.status_code',
  'code.line.number',
  'exception.type',
];
const THREADS = [
  'main',
  'http-nio-8080-exec-3',
  'http-nio-8080-exec-9',
  'kafka-consumer-1',
  'scheduler-2',
  'worker-7',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const EXCEPTIONS = ['TimeoutException', 'IOException', 'IllegalStateException', 'SQLException', 'none'];
const STATUS_CODES = [200, 200, 200, 200, 201, 204, 304, 400, 404, 500];

class LogGenerator implements Generator<'logs'> {
  readonly signal = 'logs' as const;
  itemsGenerated = 0;
  private readonly batch = new LogBatch();
  private readonly streams: LogStream[] = [];
  private readonly lastTimeUs: Float64Array;
  private readonly stamp: Int32Array;
  private batchNumber = 0;
  private readonly rng: Rng;
  private readonly severity: WeightedChoice<(typeof SEVERITY_KEYS)[number]>;
  private readonly messages: MessageRenderer;
  private readonly lines: LineRenderer;
  /** Log-normal line lengths, one per quantile: a draw is one lookup instead of exp/log/trig. */
  private readonly targetLengths: Int32Array;
  private readonly correlationRate: number;
  private readonly attributeCount: number;
  private readonly tenants: string[] = [];
  private readonly clients: string[] = [];
  private readonly extraValues: string[] = [];
  private readonly traceContexts = new TraceContexts();

  constructor(shape: LogShape, ctx: GeneratorContext) {
    validateContext(ctx);
    validateLogShape(shape, ctx);
    const root = new Rng(ctx.seed);
    const shared = root.fork(STREAM_SHARED);
    this.rng = root.fork(STREAM_RECORDS * 65536 + ctx.workerIndex);
    const formats = new WeightedChoice(shape.formats, LOG_FORMATS);
    const formatOfStream = apportion(shape.streams, formats.shares, shared.fork(2));
    const catalog = new StreamCatalog(shape.streams, shape.labelsPerStream, formatOfStream, shared);
    for (let i = ctx.workerIndex; i < shape.streams; i += ctx.workerCount)
      this.streams.push(catalog.build(i));
    this.lastTimeUs = new Float64Array(this.streams.length);
    this.stamp = new Int32Array(this.streams.length);
    this.severity = new WeightedChoice(shape.severities, SEVERITY_KEYS);
    const vocab = shared.fork(3);
    const hosts = Array.from({ length: 32 }, (_, i) => hostName(i, vocab));
    const ips = Array.from({ length: 1024 }, () => ipv4(vocab));
    this.messages = new MessageRenderer(hosts, ips, vocab);
    this.lines = new LineRenderer(this.messages, vocab);
    this.targetLengths = Int32Array.from(
      lognormalQuantiles(shape.lineLengthMedian, shape.lineLengthSigma, 1 << LENGTH_TABLE_BITS),
      (length) => Math.max(MIN_LINE_LENGTH, Math.round(length)),
    );
    this.correlationRate = shape.traceCorrelationRate;
    this.attributeCount = shape.attributesPerRecord;
    for (let t = 0; t < 64; t++) this.tenants.push('tenant-' + (1000 + vocab.nextInt(9000)));
    for (let c = 0; c < 256; c++) this.clients.push(ipv4(vocab));
    for (let v = 0; v < 32; v++) this.extraValues.push(vocab.pick(FUNCTION_NAMES).toLowerCase() + '-' + v);
  }

  next(itemCount: number, nowUnixUs: number): LogBatch {
    const batch = this.batch;
    const rng = this.rng;
    const nowUs = Math.floor(nowUnixUs);
    const streamCount = this.streams.length;
    this.batchNumber++;
    batch.resourceCount = 0;
    for (let n = 0; n < itemCount; n++) {
      const s = rng.skewedInt(streamCount);
      const stream = this.streams[s];
      const resource = this.resourceFor(s, stream.record);
      if (resource.recordCount === resource.records.length) {
        resource.records.push(new LogRecordRecord(this.attributeCount));
      }
      const record = resource.records[resource.recordCount++];
      let timeUs = nowUs - rng.nextInt(SPREAD_US);
      if (timeUs <= this.lastTimeUs[s]) timeUs = this.lastTimeUs[s] + 1;
      this.lastTimeUs[s] = timeUs;
      record.timeUnixUs = timeUs;
      record.observedTimeUnixUs = Math.max(nowUs, timeUs);
      const severity = this.severity.pickIndex(rng);
      record.severityNumber = SEVERITY_NUMBERS[severity];
      record.severityText = SEVERITY_TEXTS[severity];

      let traceHex = '';
      let spanHex = '';
      if (rng.nextFloat() < this.correlationRate) {
        record.hasTraceContext = true;
        record.flags = 1;
        const c = this.traceContexts.pick(rng);
        this.traceContexts.copy(c, record.traceId, record.spanId);
        traceHex = this.traceContexts.traceHex[c];
        spanHex = this.traceContexts.spanHex[c];
      } else if (record.hasTraceContext) {
        // Zero the IDs only when the reused record last carried some.
        record.hasTraceContext = false;
        record.flags = 0;
        record.traceId.fill(0);
        record.spanId.fill(0);
      }

      const target = this.targetLengths[rng.nextUint32() >>> LENGTH_TABLE_SHIFT];
      const format = stream.format;
      if (format === FORMAT_APACHE) {
        record.body = this.lines.apache(timeUs, severity, target, rng);
      } else {
        const templates = MESSAGE_TEMPLATES[severity];
        const message = this.messages.render(templates[rng.nextInt(templates.length)], rng);
        if (format === FORMAT_JSON) {
          record.body = this.lines.json(
            stream.text,
            timeUs,
            severity,
            message,
            traceHex,
            spanHex,
            target,
            rng,
          );
        } else if (format === FORMAT_LOGFMT) {
          record.body = this.lines.logfmt(
            stream.text,
            timeUs,
            severity,
            message,
            traceHex,
            spanHex,
            target,
            rng,
          );
        } else {
          record.body = this.lines.syslog(stream.text, timeUs, severity, message, traceHex, target, rng);
        }
      }
      this.fillAttributes(record, rng);
    }
    batch.itemCount = itemCount;
    this.itemsGenerated += itemCount;
    return batch;
  }

  private resourceFor(s: number, record: ResourceLogsRecord): ResourceLogsRecord {
    if (this.stamp[s] !== this.batchNumber) {
      this.stamp[s] = this.batchNumber;
      record.recordCount = 0;
      this.batch.resources[this.batch.resourceCount++] = record;
    }
    return record;
  }

  private fillAttributes(record: LogRecordRecord, rng: Rng): void {
    const attributes = record.attributes;
    attributes.clear();
    for (let a = 0; a < this.attributeCount; a++) {
      switch (a) {
        case 0:
          attributes.addString('thread.name', THREADS[rng.nextInt(THREADS.length)]);
          break;
        case 1:
          attributes.addString('code.function.name', FUNCTION_NAMES[rng.nextInt(FUNCTION_NAMES.length)]);
          break;
        case 2:
          attributes.addString('user.id', 'u' + rng.skewedInt(2_000_000));
          break;
        case 3:
          attributes.addString('http.request.method', METHODS[rng.nextInt(METHODS.length)]);
          break;
        case 4:
          attributes.addString('request.id', id6(rng.nextUint32()) + id6(rng.nextUint32()));
          break;
        case 5:
          attributes.addString('tenant.id', this.tenants[rng.skewedInt(this.tenants.length)]);
          break;
        case 6:
          attributes.addString('client.address', this.clients[rng.skewedInt(this.clients.length)]);
          break;
        case 7:
          attributes.addInt('http.response.status_code', STATUS_CODES[rng.nextInt(STATUS_CODES.length)]);
          break;
        case 8:
          attributes.addInt('code.line.number', 10 + rng.nextInt(900));
          break;
        case 9:
          attributes.addString('exception.type', EXCEPTIONS[rng.nextInt(EXCEPTIONS.length)]);
          break;
        default:
          attributes.addString(EXTRA_KEYS[a], this.extraValues[rng.nextInt(this.extraValues.length)]);
      }
    }
  }
}

/** Keys for attributes past the named ones: attr_10, attr_11, ... (built once). */
const EXTRA_KEYS: string[] = Array.from({ length: 1001 }, (_, i) =>
  i < ATTRIBUTE_KEYS.length ? ATTRIBUTE_KEYS[i] : `attr_${i}`,
);

export function createLogGenerator(shape: LogShape, ctx: GeneratorContext): Generator<'logs'> {
  return new LogGenerator(shape, ctx);
}
