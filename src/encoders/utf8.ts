// UTF-8 length and encoding of JS strings into a byte array, without TextEncoder's per-call
// allocation. Lone surrogates become U+FFFD (3 bytes), as Buffer and TextEncoder write them.

/** Byte length of `s` encoded as UTF-8. */
export function utf8ByteLength(s: string): number {
  const n = s.length;
  let i = 0;
  // ASCII fast path: most telemetry strings (keys, names, ids) never leave it.
  while (i < n && s.charCodeAt(i) < 0x80) i++;
  if (i === n) return n;
  let bytes = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Writes `s` as UTF-8 at `p` (the caller ensured the room) and returns the position after it. */
export function writeUtf8(bytes: Uint8Array, p: number, s: string): number {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    bytes[p++] = c;
  }
  if (i === n) return p;
  return writeUtf8Slow(bytes, p, s, i);
}

function writeUtf8Slow(bytes: Uint8Array, p: number, s: string, from: number): number {
  const n = s.length;
  for (let i = from; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      bytes[p++] = c;
    } else if (c < 0x800) {
      bytes[p++] = 0xc0 | (c >> 6);
      bytes[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xe000) {
        const d = c < 0xdc00 && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d < 0xe000) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          bytes[p++] = 0xf0 | (c >> 18);
          bytes[p++] = 0x80 | ((c >> 12) & 0x3f);
          bytes[p++] = 0x80 | ((c >> 6) & 0x3f);
          bytes[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      bytes[p++] = 0xe0 | (c >> 12);
      bytes[p++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}
