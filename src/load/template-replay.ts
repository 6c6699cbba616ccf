// Requests from templates: a pool of distinct batches is generated and encoded once, at the start,
// then sent in turn again and again, each copy made a new request by rewriting its trace and span
// IDs and its times in place (encoders/otlp-patch-sites.ts). Generating and encoding an item costs
// ~1.2 us; copying and patching it ~0.1 us, so the harness outruns the backend core it drives.
//
// What stays true of the data:
// - Diversity: the pool is consecutive output of the seeded generator, so any window of up to
//   pool-size items is exactly as diverse as fresh generation (distinct attribute values, bodies).
// - Unique IDs: trace and span IDs carry a per-worker counter (generators/ids.ts). Pass c of the
//   pool adds c * (the pool's counter range) to every counter, so no two passes share one; a
//   trace's spans, parents and links move together and stay one trace.
// - Times: every time of a batch moves by (now - the pool's generation time), plus, from the
//   second pass on, whatever keeps the pass after the previous one, so times never go backwards
//   for a log stream.
// - Log lines' request IDs: the 12-character request_id a line carries (unique per line when
//   generated) gets a new value in every pass after the first, mixed from the pool's own value and
//   the pass, so a templated line never repeats one.
// - No request body is sent twice: every request has IDs or times of its own.

import type { Encoder } from '../encoders/encoder.js';
import { microsOfNanos } from '../encoders/nanos.js';
import {
  logPatchSites,
  SITE_LOG_BODY,
  SITE_SPAN_ID,
  SITE_TIME,
  SITE_TRACE_ID,
  tracePatchSites,
} from '../encoders/otlp-patch-sites.js';
import { readUint32Le } from '../encoders/proto-primitives.js';
import type { Generator } from '../generators/generator.js';
import {
  scramble32,
  spanIdCounter,
  type TraceIdWriter,
  writeId6,
  writeSpanIdCounter,
} from '../generators/ids.js';
import { REQUEST_ID_CHARS, requestIdAt } from '../generators/log-formats.js';
import { APACHE_TIME_CHARS, ISO_TIME_CHARS, LogTimeText } from '../generators/log-time-text.js';
import type { Signal } from '../model/index.js';
import type { LoadSpec } from '../model/scenario.js';
import { DEFAULT_LOAD } from '../scenario/defaults.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_48 = 2 ** 48;
/** A log line's time as text inside its body (valueA: the record's time, microseconds). */
const SITE_ISO_TEXT = 10;
const SITE_APACHE_TEXT = 11;
/** A log line's request_id value (12 base-36 characters; valueA, valueB: a hash of each half). */
const SITE_REQUEST_ID_TEXT = 12;
/** Golden-ratio step between passes' request-ID hashes. */
const PASS_STEP = 0x9e3779b1;

/** One template: the encoded batch, its patch sites and the value each site holds in it. */
interface TemplateBatch {
  readonly bytes: Uint8Array;
  readonly count: number;
  readonly offsets: Int32Array;
  readonly kinds: Uint8Array;
  /**
   * SITE_TRACE_ID / SITE_SPAN_ID: the ID's counter; SITE_TIME: the low 32 bits of the nanoseconds;
   * SITE_ISO_TEXT / SITE_APACHE_TEXT: the record's time in microseconds; SITE_REQUEST_ID_TEXT: a
   * hash of the value's first six characters.
   */
  readonly valueA: Float64Array;
  /** SITE_TIME: the high 32 bits of the nanoseconds; SITE_REQUEST_ID_TEXT: a hash of the last six. */
  readonly valueB: Uint32Array;
  /** Earliest and latest time in the batch, microseconds since the epoch. */
  readonly minUs: number;
  readonly maxUs: number;
}

/**
 * Items a worker's template pool holds for this signal and load: the scenario's
 * load.templatePoolItems, else the default for traces and 0 (off) for logs. Logs are off unless
 * asked for: a templated log body repeats after the pool, and VictoriaLogs stored templated logs
 * in 27% fewer bytes than fresh ones (bench diversity: bytes on disk per record B/A 0.73).
 */
export function templatePoolItemsFor(signal: Signal, load: LoadSpec): number {
  return load.templatePoolItems ?? (signal === 'traces' ? DEFAULT_LOAD.templatePoolItems : 0);
}

/** Which requests templates can stand in for: OTLP protobuf traces and logs. */
export function templatesSupported(signal: Signal, encoder: Encoder<Signal>): boolean {
  return encoder.format === 'otlp-proto' && (signal === 'traces' || signal === 'logs');
}

export interface TemplateReplayOptions {
  /** Items per request (every template batch has exactly this many). */
  batchSize: number;
  /** Items in the pool; rounded up to whole batches, and at least two batches. */
  poolItems: number;
  /** The time the pool is generated at (the generator's `nowUnixUs`), microseconds since the epoch. */
  templateNowUs: number;
  /** traces: the writer of the generator's trace IDs (same seed, run nonce and worker index). */
  traceIds: TraceIdWriter | null;
}

export class TemplateReplay {
  readonly itemsPerRequest: number;
  /** The largest request the pool holds: `next` needs an output of at least this many bytes. */
  readonly maxBodyBytes: number;
  private readonly templates: TemplateBatch[] = [];
  private readonly templateNowUs: number;
  private readonly traceIds: TraceIdWriter | null;
  private readonly timeText = new LogTimeText();
  /** Counter ranges of the pool: pass c adds c times these. */
  private readonly traceCounterRange: number;
  private readonly spanCounterRange: number;
  private nextTemplate = 0;
  private pass = 0;
  /** Added to every time from the pass on where the pool's times would go backwards. */
  private extraUs = 0;
  private lastMaxUs = 0;

  constructor(generator: Generator<Signal>, encoder: Encoder<Signal>, options: TemplateReplayOptions) {
    this.itemsPerRequest = options.batchSize;
    this.templateNowUs = options.templateNowUs;
    this.traceIds = options.traceIds;
    const scan = generator.signal === 'traces' ? tracePatchSites : logPatchSites;
    const batches = Math.max(2, Math.ceil(options.poolItems / options.batchSize));
    let traceMin = Number.POSITIVE_INFINITY;
    let traceMax = -1;
    let spanMin = Number.POSITIVE_INFINITY;
    let spanMax = -1;
    let maxBodyBytes = 0;
    for (let b = 0; b < batches; b++) {
      const bytes = encoder.encode(generator.next(options.batchSize, options.templateNowUs)).slice();
      const sites = scan(bytes);
      // A log body can become two sites: its time text and its request_id.
      const capacity = 2 * sites.count;
      const offsets = new Int32Array(capacity);
      const kinds = new Uint8Array(capacity);
      const valueA = new Float64Array(capacity);
      const valueB = new Uint32Array(capacity);
      let count = 0;
      let minUs = Number.POSITIVE_INFINITY;
      let maxUs = 0;
      /** The last time read: a log body comes right after its record's time_unix_nano. */
      let lastTimeUs = -1;
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < sites.count; i++) {
        let at = sites.offsets[i];
        let kind: number = sites.kinds[i];
        if (kind === SITE_TRACE_ID && this.traceIds !== null) {
          const counter = this.traceIds.readCounter(bytes, at);
          valueA[count] = counter;
          if (counter < traceMin) traceMin = counter;
          if (counter > traceMax) traceMax = counter;
        } else if (kind === SITE_SPAN_ID) {
          const counter = spanIdCounter(bytes, at);
          valueA[count] = counter;
          if (counter < spanMin) spanMin = counter;
          if (counter > spanMax) spanMax = counter;
        } else if (kind === SITE_TIME) {
          const lo = readUint32Le(bytes, at);
          const hi = readUint32Le(bytes, at + 4);
          valueA[count] = lo;
          valueB[count] = hi;
          const us = microsOfNanos(hi, lo);
          if (us < minUs) minUs = us;
          if (us > maxUs) maxUs = us;
          lastTimeUs = us;
        } else if (kind === SITE_LOG_BODY) {
          const end = at + sites.lengths[i];
          const idAt = requestIdAt(text, at, end);
          if (idAt >= 0) {
            offsets[count] = idAt;
            kinds[count] = SITE_REQUEST_ID_TEXT;
            valueA[count] = hashAscii(bytes, idAt, REQUEST_ID_CHARS / 2);
            valueB[count++] = hashAscii(bytes, idAt + REQUEST_ID_CHARS / 2, REQUEST_ID_CHARS / 2);
          }
          // The line's own time, as the generator rendered it from the record's time.
          const isoAt = text.indexOf(this.timeText.iso(lastTimeUs), at, 'latin1');
          const apacheAt =
            isoAt >= 0 && isoAt < end ? -1 : text.indexOf(this.timeText.apache(lastTimeUs), at, 'latin1');
          if (isoAt >= 0 && isoAt + ISO_TIME_CHARS <= end) {
            at = isoAt;
            kind = SITE_ISO_TEXT;
          } else if (apacheAt >= 0 && apacheAt + APACHE_TIME_CHARS <= end) {
            at = apacheAt;
            kind = SITE_APACHE_TEXT;
          } else {
            continue;
          }
          valueA[count] = lastTimeUs;
        } else {
          continue;
        }
        offsets[count] = at;
        kinds[count++] = kind;
      }
      // Right-sized: the pool lives for the whole run (a trace pool never uses the second half).
      this.templates.push({
        bytes,
        count,
        offsets: offsets.slice(0, count),
        kinds: kinds.slice(0, count),
        valueA: valueA.slice(0, count),
        valueB: valueB.slice(0, count),
        minUs,
        maxUs,
      });
      if (bytes.length > maxBodyBytes) maxBodyBytes = bytes.length;
    }
    this.maxBodyBytes = maxBodyBytes;
    this.traceCounterRange = traceMax >= traceMin ? traceMax - traceMin + 1 : 0;
    this.spanCounterRange = spanMax >= spanMin ? spanMax - spanMin + 1 : 0;
  }

  /** Distinct items the pool holds. */
  get poolItems(): number {
    return this.templates.length * this.itemsPerRequest;
  }

  /**
   * Writes the next request, sent at `nowUnixUs`, into `out` (at least maxBodyBytes long) and
   * returns its length in bytes.
   */
  next(nowUnixUs: number, out: Uint8Array): number {
    const t = this.templates[this.nextTemplate];
    const shiftUs = Math.max(0, Math.floor(nowUnixUs) - this.templateNowUs);
    if (this.pass > 0 && this.nextTemplate === 0) {
      // A new pass starts from the pool's earliest times again: keep it after the last one.
      const behindUs = this.lastMaxUs - (t.minUs + shiftUs + this.extraUs) + 1;
      if (behindUs > 0) this.extraUs += behindUs;
    }
    const deltaUs = shiftUs + this.extraUs;
    const deltaNs = deltaUs * 1000;
    const deltaHi = Math.floor(deltaNs / TWO_POW_32);
    const deltaLo = deltaNs - deltaHi * TWO_POW_32;
    const traceBase = this.pass * this.traceCounterRange;
    const spanBase = this.pass * this.spanCounterRange;
    const traceIds = this.traceIds;
    // Pass 0 sends the pool's own request IDs; each later pass mixes in a value of its own.
    const passSalt = Math.imul(this.pass, PASS_STEP) >>> 0;
    out.set(t.bytes);
    const { count, offsets, kinds } = t;
    const valueA = t.valueA;
    const valueB = t.valueB;
    for (let i = 0; i < count; i++) {
      const at = offsets[i];
      const kind = kinds[i];
      if (kind === SITE_TIME) {
        let lo = valueA[i] + deltaLo;
        let carry = 0;
        if (lo >= TWO_POW_32) {
          lo -= TWO_POW_32;
          carry = 1;
        }
        writeUint32Le(out, at, lo);
        writeUint32Le(out, at + 4, (valueB[i] + deltaHi + carry) >>> 0);
      } else if (kind === SITE_ISO_TEXT) {
        this.timeText.writeIso(out, at, valueA[i] + deltaUs);
      } else if (kind === SITE_APACHE_TEXT) {
        this.timeText.writeApache(out, at, valueA[i] + deltaUs);
      } else if (kind === SITE_REQUEST_ID_TEXT) {
        if (passSalt !== 0) {
          writeId6(out, at, scramble32(valueA[i] ^ passSalt) >>> 1);
          writeId6(out, at + REQUEST_ID_CHARS / 2, scramble32(valueB[i] + passSalt) >>> 1);
        }
      } else if (spanBase > 0 || traceBase > 0) {
        if (kind === SITE_SPAN_ID) writeSpanIdCounter(out, at, (valueA[i] + spanBase) >>> 0);
        else if (traceIds !== null) traceIds.writeCounter(out, at, (valueA[i] + traceBase) % TWO_POW_48);
      }
    }
    this.lastMaxUs = t.maxUs + deltaUs;
    if (++this.nextTemplate === this.templates.length) {
      this.nextTemplate = 0;
      this.pass++;
    }
    return t.bytes.length;
  }
}

/** FNV-1a of `length` bytes at `at`, as a uint32. */
function hashAscii(bytes: Uint8Array, at: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

function writeUint32Le(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value;
  bytes[at + 1] = value >>> 8;
  bytes[at + 2] = value >>> 16;
  bytes[at + 3] = value >>> 24;
}
