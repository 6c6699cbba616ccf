// What the diversity bench counts in a stream of encoded OTLP requests, fed by otlp-walk.ts: distinct
// values per window of items (attributes, log bodies) and over the whole stream, ID uniqueness,
// distinct request bodies, and whether each log stream's times only go forward.

import { microsOfNanos } from '../src/encoders/nanos.js';
import { readUint32Be, readUint32Le } from '../src/encoders/proto-primitives.js';
import { REQUEST_ID_CHARS, requestIdAt } from '../src/generators/log-formats.js';
import { LogTimeText } from '../src/generators/log-time-text.js';
import { ByteHash, DistinctSet64 } from './distinct-set.js';
import type { LogSink, SpanSink } from './otlp-walk.js';

/** Distinct keys in each closed window of items and over everything added. */
export class DistinctOverWindows {
  /** Distinct keys of each window closed so far, in order. */
  readonly perWindow: number[] = [];
  private readonly window = new DistinctSet64();
  private readonly all = new DistinctSet64();

  add(hi: number, lo: number): void {
    this.window.add(hi, lo);
    this.all.add(hi, lo);
  }

  closeWindow(): void {
    this.perWindow.push(this.window.size);
    this.window.clear();
  }

  /** Distinct keys over everything added. */
  get total(): number {
    return this.all.size;
  }
}

/** Counts shared by traces and logs: requests, their bodies, items and the item windows. */
abstract class RequestCounts {
  requests = 0;
  items = 0;
  protected readonly hash = new ByteHash();
  private readonly requestBodies = new DistinctSet64();
  private itemsInWindow = 0;

  /** `windowItems`: items per window; a window closes at the first request end reaching it. */
  constructor(private readonly windowItems: number) {}

  /** Distinct request bodies so far. */
  get distinctRequestBodies(): number {
    return this.requestBodies.size;
  }

  /** Call after walking each request (its encoded bytes) with the items it held. */
  endRequest(bytes: Uint8Array, length: number, items: number): void {
    this.requests++;
    this.hash.of(bytes, 0, length);
    this.requestBodies.add(this.hash.hi, this.hash.lo);
    this.itemsInWindow += items;
    if (this.itemsInWindow >= this.windowItems) {
      this.itemsInWindow = 0;
      for (const w of this.windowed()) w.closeWindow();
    }
  }

  protected abstract windowed(): DistinctOverWindows[];
}

export interface TraceCountFigures {
  requests: number;
  distinctRequestBodies: number;
  spans: number;
  spansWithoutIds: number;
  distinctSpanIds: number;
  distinctTraceIds: number;
  /** Root spans (no parent): one per trace. */
  roots: number;
  /** Distinct trace IDs among root spans: equal to `roots` when no two traces share an ID. */
  distinctRootTraceIds: number;
  /** Distinct span attributes (key=value) in each full window. */
  attributesPerWindow: number[];
  distinctAttributes: number;
}

export class TraceCounts extends RequestCounts implements SpanSink {
  private readonly attributes = new DistinctOverWindows();
  private readonly spanIds = new DistinctSet64();
  private readonly traceIds = new DistinctSet64();
  private readonly rootTraceIds = new DistinctSet64();
  private roots = 0;
  private withoutIds = 0;

  spanAttribute(bytes: Uint8Array, start: number, end: number): void {
    this.hash.of(bytes, start, end);
    this.attributes.add(this.hash.hi, this.hash.lo);
  }

  span(bytes: Uint8Array, traceIdAt: number, spanIdAt: number, isRoot: boolean): void {
    this.items++;
    if (traceIdAt < 0 || spanIdAt < 0) {
      this.withoutIds++;
      return;
    }
    // A span ID is 8 bytes: the key itself, exact.
    this.spanIds.add(readUint32Be(bytes, spanIdAt), readUint32Be(bytes, spanIdAt + 4));
    this.hash.of(bytes, traceIdAt, traceIdAt + 16);
    this.traceIds.add(this.hash.hi, this.hash.lo);
    if (isRoot) {
      this.roots++;
      this.rootTraceIds.add(this.hash.hi, this.hash.lo);
    }
  }

  figures(): TraceCountFigures {
    return {
      requests: this.requests,
      distinctRequestBodies: this.distinctRequestBodies,
      spans: this.items,
      spansWithoutIds: this.withoutIds,
      distinctSpanIds: this.spanIds.size,
      distinctTraceIds: this.traceIds.size,
      roots: this.roots,
      distinctRootTraceIds: this.rootTraceIds.size,
      attributesPerWindow: [...this.attributes.perWindow],
      distinctAttributes: this.attributes.total,
    };
  }

  protected windowed(): DistinctOverWindows[] {
    return [this.attributes];
  }
}

export interface LogCountFigures {
  requests: number;
  distinctRequestBodies: number;
  records: number;
  /** Distinct resources: a stream each. */
  streams: number;
  recordsWithoutTime: number;
  /** Records whose time is not after the previous record's of the same stream. */
  timesNotIncreasing: number;
  /**
   * Distinct bodies in each full window, the line's own time text and request_id left out: a
   * templated line gets both anew every pass, and counting them would hide that the rest of the
   * line repeats.
   */
  bodiesPerWindow: number[];
  distinctBodies: number;
  /** Distinct record attributes (key=value) in each full window. */
  attributesPerWindow: number[];
  distinctAttributes: number;
  /** Lines carrying a request_id, and how many distinct ones they carry (IDs stay unique: equal). */
  recordsWithRequestId: number;
  distinctRequestIds: number;
}

export class LogCounts extends RequestCounts implements LogSink {
  private readonly recordBodies = new DistinctOverWindows();
  private readonly times = new LogTimeText();
  private scratch = Buffer.alloc(4096);
  private readonly attributes = new DistinctOverWindows();
  private readonly streams = new DistinctSet64();
  private readonly requestIds = new DistinctSet64();
  private withRequestId = 0;
  /** Per stream index: the last record's time, high and low 32 bits of the nanoseconds; -1 before any. */
  private readonly lastHi: number[] = [];
  private readonly lastLo: number[] = [];
  private currentStream = 0;
  private withoutTime = 0;
  private notIncreasing = 0;

  stream(bytes: Uint8Array, start: number, end: number): void {
    this.hash.of(bytes, start, end);
    this.currentStream = this.streams.indexOf(this.hash.hi, this.hash.lo);
    if (this.currentStream === this.lastHi.length) {
      this.lastHi.push(-1);
      this.lastLo.push(-1);
    }
  }

  recordAttribute(bytes: Uint8Array, start: number, end: number): void {
    this.hash.of(bytes, start, end);
    this.attributes.add(this.hash.hi, this.hash.lo);
  }

  record(bytes: Uint8Array, timeAt: number, bodyStart: number, bodyEnd: number): void {
    this.items++;
    const length = this.bodyWithoutTime(bytes, timeAt, bodyStart, bodyEnd);
    this.hash.of(this.scratch, 0, length);
    this.recordBodies.add(this.hash.hi, this.hash.lo);
    if (timeAt < 0) {
      this.withoutTime++;
      return;
    }
    // fixed64 little-endian: compared as (high, low) uint32, exact where a double would round.
    const lo = readUint32Le(bytes, timeAt);
    const hi = readUint32Le(bytes, timeAt + 4);
    const s = this.currentStream;
    const lastHi = this.lastHi[s];
    if (hi < lastHi || (hi === lastHi && lo <= this.lastLo[s])) this.notIncreasing++;
    this.lastHi[s] = hi;
    this.lastLo[s] = lo;
  }

  /**
   * Copies the body to `scratch` with the line's request_id (counted first) and its time text (ISO,
   * or Apache's format, rendered from the record's time as the generator renders it) blanked;
   * returns its length.
   */
  private bodyWithoutTime(bytes: Uint8Array, timeAt: number, start: number, end: number): number {
    const length = end - start;
    if (this.scratch.length < length) this.scratch = Buffer.alloc(length * 2);
    const scratch = this.scratch;
    scratch.set(bytes.subarray(start, end));
    const idAt = requestIdAt(scratch, 0, length);
    if (idAt >= 0) {
      this.withRequestId++;
      this.hash.of(scratch, idAt, idAt + REQUEST_ID_CHARS);
      this.requestIds.add(this.hash.hi, this.hash.lo);
      scratch.fill(0, idAt, idAt + REQUEST_ID_CHARS);
    }
    if (timeAt < 0) return length;
    const hi = readUint32Le(bytes, timeAt + 4);
    const lo = readUint32Le(bytes, timeAt);
    const us = microsOfNanos(hi, lo);
    for (const text of [this.times.iso(us), this.times.apache(us)]) {
      const at = scratch.indexOf(text, 0, 'latin1');
      if (at >= 0 && at + text.length <= length) {
        scratch.fill(0, at, at + text.length);
        break;
      }
    }
    return length;
  }

  figures(): LogCountFigures {
    return {
      requests: this.requests,
      distinctRequestBodies: this.distinctRequestBodies,
      records: this.items,
      streams: this.streams.size,
      recordsWithoutTime: this.withoutTime,
      timesNotIncreasing: this.notIncreasing,
      bodiesPerWindow: [...this.recordBodies.perWindow],
      distinctBodies: this.recordBodies.total,
      attributesPerWindow: [...this.attributes.perWindow],
      distinctAttributes: this.attributes.total,
      recordsWithRequestId: this.withRequestId,
      distinctRequestIds: this.requestIds.size,
    };
  }

  protected windowed(): DistinctOverWindows[] {
    return [this.recordBodies, this.attributes];
  }
}
