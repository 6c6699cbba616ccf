// The requests currently "in flight" that log lines correlate with: a small set of trace / span
// contexts, each used by a few lines (as one request logs several) and then replaced by a new
// random one. Hex text is rendered once per context, not once per line.

import { hex32, writeUint32 } from './ids.js';
import type { Rng } from './random.js';

const ACTIVE = 64;
/** Lines per context: 1..MAX_LINES, uniform (mean about 4.5). */
const MAX_LINES = 8;

export class TraceContexts {
  readonly traceIds = new Uint8Array(ACTIVE * 16);
  readonly spanIds = new Uint8Array(ACTIVE * 8);
  readonly traceHex: string[] = new Array<string>(ACTIVE).fill('');
  readonly spanHex: string[] = new Array<string>(ACTIVE).fill('');
  private readonly linesLeft = new Int32Array(ACTIVE);

  /** Index of the context the next correlated line uses. */
  pick(rng: Rng): number {
    const c = rng.nextInt(ACTIVE);
    if (this.linesLeft[c] === 0) this.renew(c, rng);
    this.linesLeft[c]--;
    return c;
  }

  /** Copies context `c` into a record's ID fields. */
  copy(c: number, traceId: Uint8Array, spanId: Uint8Array): void {
    const t = c * 16;
    for (let b = 0; b < 16; b++) traceId[b] = this.traceIds[t + b];
    const s = c * 8;
    for (let b = 0; b < 8; b++) spanId[b] = this.spanIds[s + b];
  }

  private renew(c: number, rng: Rng): void {
    this.linesLeft[c] = 1 + rng.nextInt(MAX_LINES);
    const t0 = rng.nextUint32();
    const t1 = rng.nextUint32();
    const t2 = rng.nextUint32();
    const t3 = rng.nextUint32();
    // A span ID must not be all zero.
    const s0 = (rng.nextUint32() | 1) >>> 0;
    const s1 = rng.nextUint32();
    writeUint32(this.traceIds, c * 16, t0);
    writeUint32(this.traceIds, c * 16 + 4, t1);
    writeUint32(this.traceIds, c * 16 + 8, t2);
    writeUint32(this.traceIds, c * 16 + 12, t3);
    writeUint32(this.spanIds, c * 8, s0);
    writeUint32(this.spanIds, c * 8 + 4, s1);
    this.traceHex[c] = hex32(t0) + hex32(t1) + hex32(t2) + hex32(t3);
    this.spanHex[c] = hex32(s0) + hex32(s1);
  }
}
