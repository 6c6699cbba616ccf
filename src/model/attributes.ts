// A reusable, fixed-capacity attribute list: generators fill it in place, encoders read it.
// Parallel arrays instead of one object per attribute, so a batch allocates nothing per item.

export const VALUE_STRING = 1;
export const VALUE_BOOL = 2;
export const VALUE_INT = 3;
export const VALUE_DOUBLE = 4;
export type ValueType = typeof VALUE_STRING | typeof VALUE_BOOL | typeof VALUE_INT | typeof VALUE_DOUBLE;

export class AttributeList {
  count = 0;
  readonly capacity: number;
  readonly keys: string[];
  readonly types: Uint8Array;
  /** Value when types[i] is VALUE_STRING, '' otherwise. */
  readonly strings: string[];
  /** Value when types[i] is VALUE_INT (an integer within +-2^53), VALUE_DOUBLE, or VALUE_BOOL (0 / 1). */
  readonly numbers: Float64Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.keys = new Array<string>(capacity).fill('');
    this.types = new Uint8Array(capacity);
    this.strings = new Array<string>(capacity).fill('');
    this.numbers = new Float64Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  addString(key: string, value: string): void {
    const i = this.slot();
    this.keys[i] = key;
    this.types[i] = VALUE_STRING;
    this.strings[i] = value;
  }

  addInt(key: string, value: number): void {
    const i = this.slot();
    this.keys[i] = key;
    this.types[i] = VALUE_INT;
    this.numbers[i] = value;
  }

  addDouble(key: string, value: number): void {
    const i = this.slot();
    this.keys[i] = key;
    this.types[i] = VALUE_DOUBLE;
    this.numbers[i] = value;
  }

  addBool(key: string, value: boolean): void {
    const i = this.slot();
    this.keys[i] = key;
    this.types[i] = VALUE_BOOL;
    this.numbers[i] = value ? 1 : 0;
  }

  private slot(): number {
    if (this.count >= this.capacity) {
      throw new RangeError(`AttributeList capacity ${this.capacity} exceeded (key ${this.keys[0] ?? ''}...)`);
    }
    const i = this.count++;
    this.strings[i] = '';
    return i;
  }
}
