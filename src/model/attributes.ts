// A reusable, fixed-capacity attribute list: generators fill it in place, encoders read it.
// Parallel arrays instead of one object per attribute, so a batch allocates nothing per item.
// Pooled (key, value) pairs can be interned once per thread; an attribute added by its interned
// id carries that id, so an encoder can reuse its encoded bytes without hashing the strings.

export const VALUE_STRING = 1;
export const VALUE_BOOL = 2;
export const VALUE_INT = 3;
export const VALUE_DOUBLE = 4;
export type ValueType = typeof VALUE_STRING | typeof VALUE_BOOL | typeof VALUE_INT | typeof VALUE_DOUBLE;

/**
 * The thread's table of interned attributes: id -> (key, type, value), ids from 1. Generators
 * intern the attributes of their value pools once, at construction; the same content always gets
 * the same id, so the table grows only with distinct content.
 */
export class AttributeInterner {
  readonly keys: string[] = [''];
  readonly types: number[] = [0];
  readonly strings: string[] = [''];
  readonly numbers: number[] = [0];
  private readonly byKey = new Map<string, Map<string, number>[]>();

  /** Distinct interned attributes. */
  get size(): number {
    return this.keys.length - 1;
  }

  /** The id of (key, type, value); a string value for VALUE_STRING, a number (bool: 0 / 1) otherwise. */
  intern(key: string, type: ValueType, value: string | number): number {
    let byType = this.byKey.get(key);
    if (byType === undefined) {
      byType = [new Map(), new Map(), new Map(), new Map(), new Map()];
      this.byKey.set(key, byType);
    }
    // Numbers are told apart by their decimal text, -0 included, so that an int 1 and a double 1
    // (different types) and 0 / -0 never share an id.
    const text = typeof value === 'string' ? value : Object.is(value, -0) ? '-0' : String(value);
    const known = byType[type].get(text);
    if (known !== undefined) return known;
    const id = this.keys.length;
    this.keys.push(key);
    this.types.push(type);
    this.strings.push(type === VALUE_STRING ? (value as string) : '');
    this.numbers.push(type === VALUE_STRING ? 0 : (value as number));
    byType[type].set(text, id);
    return id;
  }
}

/**
 * AttributeList.ids of an attribute whose value is new every time (a send-time stamp, a URL with
 * request ids): never interned, never cached.
 */
export const VOLATILE_ID = -1;

/** The interner every generator and encoder of this thread shares. */
export const internedAttributes = new AttributeInterner();

export class AttributeList {
  count = 0;
  readonly capacity: number;
  readonly keys: string[];
  readonly types: Uint8Array;
  /** Value when types[i] is VALUE_STRING, '' otherwise. */
  readonly strings: string[];
  /** Value when types[i] is VALUE_INT (an integer within +-2^53), VALUE_DOUBLE, or VALUE_BOOL (0 / 1). */
  readonly numbers: Float64Array;
  /**
   * The internedAttributes id of an attribute added with addInterned, VOLATILE_ID for one set
   * anew for every batch or item (setVolatileInt, addUniqueString), 0 for every other one.
   */
  readonly ids: Int32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.keys = new Array<string>(capacity).fill('');
    this.types = new Uint8Array(capacity);
    this.strings = new Array<string>(capacity).fill('');
    this.numbers = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
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

  /**
   * Adds a string attribute whose value is new for (nearly) every item, such as a URL with request
   * ids. Its id is VOLATILE_ID: encoders skip their caches for it (hashing a value never seen
   * again to look it up costs more than encoding it).
   */
  addUniqueString(key: string, value: string): void {
    const i = this.slot();
    this.keys[i] = key;
    this.types[i] = VALUE_STRING;
    this.strings[i] = value;
    this.ids[i] = VOLATILE_ID;
  }

  /**
   * Sets an int attribute whose value changes with every batch (the send-time stamp): replaces
   * its value when it is the last attribute, appends it otherwise. Its id is VOLATILE_ID, so
   * encoders never cache its bytes (a cache would fill with values never seen again).
   */
  setVolatileInt(key: string, value: number): void {
    let i = this.count - 1;
    if (i < 0 || this.keys[i] !== key) {
      i = this.slot();
      this.keys[i] = key;
      this.types[i] = VALUE_INT;
    }
    this.numbers[i] = value;
    this.ids[i] = VOLATILE_ID;
  }

  /** Adds the attribute interned as `id` in internedAttributes, with its id. */
  addInterned(id: number): void {
    if (this.count >= this.capacity) this.slot();
    // Each array is stored to once: generators add most span attributes this way.
    const table = internedAttributes;
    const i = this.count++;
    const type = table.types[id];
    this.keys[i] = table.keys[id];
    this.types[i] = type;
    this.strings[i] = table.strings[id];
    if (type !== VALUE_STRING) this.numbers[i] = table.numbers[id];
    this.ids[i] = id;
  }

  private slot(): number {
    if (this.count >= this.capacity) {
      throw new RangeError(`AttributeList capacity ${this.capacity} exceeded (key ${this.keys[0] ?? ''}...)`);
    }
    const i = this.count++;
    this.strings[i] = '';
    this.ids[i] = 0;
    return i;
  }
}
