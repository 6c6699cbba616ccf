// A minimal protobuf wire reader for the few response messages the senders look into
// (partial_success, google.rpc.Status, RetryInfo). Per response, not per item, so clarity wins.

export const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

export class ProtoReader {
  pos: number;
  fieldNumber = 0;
  wireType = 0;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Reads the next tag into fieldNumber / wireType; false at the end. Throws on malformed input. */
  nextField(): boolean {
    if (this.pos >= this.end) return false;
    const tag = this.readVarint();
    this.fieldNumber = Math.floor(tag / 8);
    this.wireType = tag % 8;
    if (this.fieldNumber === 0) throw new RangeError('protobuf: field number 0');
    return true;
  }

  /** Varints up to 2^53 are exact; larger ones (never seen in counts) lose precision. */
  readVarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('protobuf: truncated varint');
      const byte = this.bytes[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new RangeError('protobuf: varint longer than 10 bytes');
  }

  /** For WIRE_LEN fields: returns [start, end) of the payload and moves past it. */
  readLengthDelimited(): { start: number; end: number } {
    const length = this.readVarint();
    const start = this.pos;
    const end = start + length;
    if (end > this.end) throw new RangeError('protobuf: length past the end of the message');
    this.pos = end;
    return { start, end };
  }

  readString(): string {
    const { start, end } = this.readLengthDelimited();
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString('utf8');
  }

  skipField(): void {
    switch (this.wireType) {
      case WIRE_VARINT:
        this.readVarint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LEN:
        this.readLengthDelimited();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new RangeError(`protobuf: unsupported wire type ${this.wireType}`);
    }
  }

  private advance(byteCount: number): void {
    if (this.pos + byteCount > this.end) throw new RangeError('protobuf: truncated fixed-width field');
    this.pos += byteCount;
  }
}
