// A reused byte buffer that JSON text is written into directly: structure, escaped strings,
// integers and doubles, without building intermediate JS strings (which cost more in garbage
// collection than the encoding itself). The buffer grows geometrically and is kept between calls.

const HEX_DIGITS = '0123456789abcdef';
/** Anything but printable ASCII other than quote and backslash: what cannot be copied byte for byte. */
const NEEDS_ESCAPE_OR_UTF8 = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
/** Strings longer than this are checked with one regex and copied natively when plain. */
const NATIVE_STRING_CHARS = 32;

interface NativeStringWrites {
  latin1Write(s: string, offset: number, length: number): number;
}

export class JsonWriter {
  bytes: Uint8Array;
  private buf: Buffer;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
    this.bytes = new Uint8Array(this.buf.buffer, 0, initialBytes);
  }

  reset(): void {
    this.pos = 0;
  }

  /** The text written since reset: a view valid until the next reset. */
  finish(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const capacity = Math.max(this.pos + n, this.bytes.length * 2);
    const grown = Buffer.allocUnsafeSlow(capacity);
    grown.set(this.bytes.subarray(0, this.pos));
    this.buf = grown;
    this.bytes = new Uint8Array(grown.buffer, 0, capacity);
  }

  /** ASCII text written as is: structure and field names, e.g. `,"name":`. */
  raw(ascii: string): void {
    const n = ascii.length;
    this.ensure(n);
    const b = this.bytes;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = ascii.charCodeAt(i);
    this.pos = p;
  }

  /** A JSON string literal, escaped like JSON.stringify (lone surrogates as \ud800 escapes). */
  string(s: string): void {
    const n = s.length;
    // Worst case: every unit a \uXXXX escape.
    this.ensure(6 * n + 2);
    const b = this.bytes;
    let p = this.pos;
    b[p++] = 0x22;
    if (n > NATIVE_STRING_CHARS && !NEEDS_ESCAPE_OR_UTF8.test(s)) {
      (this.buf as unknown as NativeStringWrites).latin1Write(s, p, n);
      p += n;
    } else {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) break;
        b[p++] = c;
      }
      if (i < n) p = this.escapedTail(s, i, p);
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  private escapedTail(s: string, from: number, p: number): number {
    const b = this.bytes;
    const n = s.length;
    for (let i = from; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f) {
        if (c === 0x22 || c === 0x5c) b[p++] = 0x5c;
        b[p++] = c;
      } else if (c < 0x20) {
        b[p++] = 0x5c;
        if (c === 0x0a) b[p++] = 0x6e;
        else if (c === 0x0d) b[p++] = 0x72;
        else if (c === 0x09) b[p++] = 0x74;
        else if (c === 0x08) b[p++] = 0x62;
        else if (c === 0x0c) b[p++] = 0x66;
        else p = writeUnicodeEscapeBody(b, p, c);
      } else if (c < 0x800) {
        // 0x7f (DEL) is valid JSON unescaped; it lands here as a one-byte sequence.
        if (c === 0x7f) b[p++] = c;
        else {
          b[p++] = 0xc0 | (c >> 6);
          b[p++] = 0x80 | (c & 0x3f);
        }
      } else if (c >= 0xd800 && c < 0xe000) {
        const d = c < 0xdc00 && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d < 0xe000) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 0x3f);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
        } else {
          // A lone surrogate has no UTF-8 form: escape it, as JSON.stringify does.
          b[p++] = 0x5c;
          p = writeUnicodeEscapeBody(b, p, c);
        }
      } else {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      }
    }
    return p;
  }

  /** An integer (within +-2^53) as JSON digits. */
  int(v: number): void {
    this.ensure(17);
    this.pos = writeDecimal(this.bytes, this.pos, v);
  }

  /** A 64-bit integer as proto3 JSON: a quoted decimal string. */
  quotedInt(v: number): void {
    this.ensure(19);
    const b = this.bytes;
    b[this.pos++] = 0x22;
    this.pos = writeDecimal(b, this.pos, v);
    b[this.pos++] = 0x22;
  }

  /** Microseconds as a quoted nanosecond decimal (us followed by 000, exact for integer us). */
  quotedNanos(us: number): void {
    this.ensure(22);
    const b = this.bytes;
    let p = this.pos;
    b[p++] = 0x22;
    p = writeDecimal(b, p, us);
    if (us !== 0) {
      b[p++] = 0x30;
      b[p++] = 0x30;
      b[p++] = 0x30;
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  /** A double as proto3 JSON: a number, or "NaN" / "Infinity" / "-Infinity". */
  double(v: number): void {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) {
      if (v === 0 && Object.is(v, -0)) this.raw('-0');
      else this.int(v);
    } else if (Number.isFinite(v)) {
      this.raw(String(v));
    } else {
      this.raw(Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"');
    }
  }

  bool(v: boolean): void {
    this.raw(v ? 'true' : 'false');
  }

  /** A byte array (trace or span id) as a quoted lowercase hex string. */
  quotedHex(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(2 * n + 2);
    const b = this.bytes;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const v = bytes[i];
      b[p++] = HEX_DIGITS.charCodeAt(v >> 4);
      b[p++] = HEX_DIGITS.charCodeAt(v & 15);
    }
    b[p++] = 0x22;
    this.pos = p;
  }
}

/** `uXXXX` (the backslash already written) for a UTF-16 unit. */
function writeUnicodeEscapeBody(b: Uint8Array, p: number, c: number): number {
  b[p++] = 0x75;
  b[p++] = HEX_DIGITS.charCodeAt((c >> 12) & 15);
  b[p++] = HEX_DIGITS.charCodeAt((c >> 8) & 15);
  b[p++] = HEX_DIGITS.charCodeAt((c >> 4) & 15);
  b[p++] = HEX_DIGITS.charCodeAt(c & 15);
  return p;
}

/** Decimal digits of an integer within +-2^53 (no exponent, unlike String() past 1e21). */
function writeDecimal(b: Uint8Array, p: number, v: number): number {
  if (v < 0) {
    b[p++] = 0x2d;
    v = -v;
  }
  if (v < 10) {
    b[p++] = 0x30 + v;
    return p;
  }
  let digits = 0;
  for (let t = v; t >= 1; t = Math.floor(t / 10)) digits++;
  let end = p + digits;
  const last = end;
  while (end > p) {
    const q = Math.floor(v / 10);
    b[--end] = 0x30 + (v - q * 10);
    v = q;
  }
  return last;
}
