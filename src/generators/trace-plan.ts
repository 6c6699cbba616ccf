// One trace laid out before its spans are emitted: the tree (parents, depth <= maxDepth), which
// service and role each span has, nested log-normal timings and span IDs, all in typed arrays
// reused from trace to trace. Batches then emit spans from the plan, possibly across batches.

import type { TraceShape } from '../model/shapes.js';
import { writeSpanId } from './ids.js';
import type { Rng } from './random.js';
import type { ServiceNode } from './trace-topology.js';

export const ROLE_SERVER_HTTP = 0;
export const ROLE_SERVER_RPC = 1;
export const ROLE_CLIENT_HTTP = 2;
export const ROLE_CLIENT_RPC = 3;
export const ROLE_CLIENT_DB = 4;
export const ROLE_PRODUCER = 5;
export const ROLE_CONSUMER = 6;
export const ROLE_INTERNAL = 7;

/** Chance the newest open span is the next parent (deep chains) rather than a random one (fan-out). */
const PREFER_NEWEST = 0.55;
/** Chance an open CLIENT / PRODUCER span gets its callee span next, as real calls do. */
const PREFER_PENDING_CALL = 0.85;
const ROOT_DURATION_FACTOR = 2.5;

export class TracePlan {
  readonly capacity: number;
  size = 0;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly service: Int32Array;
  readonly role: Uint8Array;
  /** Index of the operation: route / rpc method (servers, http/rpc clients), statement, destination, function. */
  readonly operation: Int32Array;
  /** Callee service of a CLIENT (http/rpc) or PRODUCER span. */
  readonly target: Int32Array;
  readonly startUs: Float64Array;
  readonly endUs: Float64Array;
  /** 8 bytes per span. */
  readonly spanIds: Uint8Array;
  /** Spans that may still take children, with positions for O(1) removal. */
  private readonly open: Int32Array;
  private readonly openPosition: Int32Array;
  private openCount = 0;

  /** The generator's workerIndex (its slice of the run): written into span IDs so no two slices share one. */
  private readonly sliceIndex: number;

  constructor(spansPerTrace: number, sliceIndex: number) {
    this.capacity = spansPerTrace;
    this.sliceIndex = sliceIndex;
    this.parent = new Int32Array(spansPerTrace);
    this.depth = new Int32Array(spansPerTrace);
    this.service = new Int32Array(spansPerTrace);
    this.role = new Uint8Array(spansPerTrace);
    this.operation = new Int32Array(spansPerTrace);
    this.target = new Int32Array(spansPerTrace);
    this.startUs = new Float64Array(spansPerTrace);
    this.endUs = new Float64Array(spansPerTrace);
    this.spanIds = new Uint8Array(spansPerTrace * 8);
    this.open = new Int32Array(spansPerTrace);
    this.openPosition = new Int32Array(spansPerTrace);
  }

  /**
   * Lays out a new trace whose root ends just before `nowUnixUs`. `spanCounter` numbers span IDs
   * (the caller advances it by `size`). `entryCount` services at the front receive root spans.
   */
  plan(
    shape: TraceShape,
    services: readonly ServiceNode[],
    entryCount: number,
    nowUnixUs: number,
    spanCounter: number,
    rng: Rng,
  ): void {
    const medianUs = shape.durationMedianMs * 1000;
    const sigma = shape.durationSigma;
    this.size = this.capacity;
    this.openCount = 0;

    const rootService = rng.nextInt(entryCount);
    const rootDurationUs = Math.max(
      this.capacity,
      Math.round(rng.lognormal(medianUs * ROOT_DURATION_FACTOR, sigma)),
    );
    const rootStart = Math.floor(nowUnixUs) - rootDurationUs - rng.nextInt(2000);
    this.parent[0] = -1;
    this.depth[0] = 1;
    this.service[0] = rootService;
    this.role[0] = services[rootService].isGrpc ? ROLE_SERVER_RPC : ROLE_SERVER_HTTP;
    this.operation[0] = rng.nextInt(services[rootService].serverSpanNames.length);
    this.target[0] = -1;
    this.startUs[0] = rootStart;
    this.endUs[0] = rootStart + rootDurationUs;
    writeSpanId(this.spanIds, 0, spanCounter >>> 0, rng.nextUint32(), this.sliceIndex);
    if (shape.maxDepth > 1) this.addOpen(0);

    for (let i = 1; i < this.capacity; i++) {
      const p = this.chooseParent(rng);
      this.parent[i] = p;
      this.depth[i] = this.depth[p] + 1;
      const parentRole = this.role[p];
      if (parentRole === ROLE_CLIENT_HTTP || parentRole === ROLE_CLIENT_RPC || parentRole === ROLE_PRODUCER) {
        this.planCallee(i, p, parentRole, services, rng);
      } else {
        this.planLocalChild(i, p, services[this.service[p]], services, medianUs, sigma, rng);
      }
      writeSpanId(this.spanIds, i * 8, (spanCounter + i) >>> 0, rng.nextUint32(), this.sliceIndex);
      if (this.depth[i] < shape.maxDepth && this.role[i] !== ROLE_CLIENT_DB) this.addOpen(i);
    }
  }

  private chooseParent(rng: Rng): number {
    const newest = this.open[this.openCount - 1];
    const newestRole = this.role[newest];
    const pendingCall =
      newestRole === ROLE_CLIENT_HTTP || newestRole === ROLE_CLIENT_RPC || newestRole === ROLE_PRODUCER;
    if (pendingCall ? rng.chance(PREFER_PENDING_CALL) : rng.chance(PREFER_NEWEST)) return newest;
    return this.open[rng.nextInt(this.openCount)];
  }

  /** The SERVER / CONSUMER side of a call: in the callee service, inside the caller's window. */
  private planCallee(
    i: number,
    p: number,
    parentRole: number,
    services: readonly ServiceNode[],
    rng: Rng,
  ): void {
    const callee = this.target[p];
    this.service[i] = callee;
    this.target[i] = -1;
    this.removeOpen(p);
    const parentDuration = this.endUs[p] - this.startUs[p];
    if (parentRole === ROLE_PRODUCER) {
      // The consumer processes after the publish returns; keep it inside the producer's window
      // so that every child nests in its parent.
      this.role[i] = ROLE_CONSUMER;
      this.operation[i] = this.operation[p];
    } else {
      this.role[i] = services[callee].isGrpc ? ROLE_SERVER_RPC : ROLE_SERVER_HTTP;
      this.operation[i] = this.operation[p];
    }
    // Network time on each side: up to 8% of the call.
    const before = Math.floor(parentDuration * 0.04 * rng.nextFloat());
    const after = Math.floor(parentDuration * 0.04 * rng.nextFloat());
    this.startUs[i] = this.startUs[p] + before;
    this.endUs[i] = Math.max(this.startUs[i], this.endUs[p] - after);
  }

  private planLocalChild(
    i: number,
    p: number,
    node: ServiceNode,
    services: readonly ServiceNode[],
    medianUs: number,
    sigma: number,
    rng: Rng,
  ): void {
    this.service[i] = node.index;
    this.target[i] = -1;
    const u = rng.nextFloat();
    const canCall = node.downstream.length > 0;
    const hasDb = node.dbStatements.length > 0;
    const canPublish = node.destinations.length > 0;
    if (canCall && u < 0.45) {
      const callee = node.downstream[rng.nextInt(node.downstream.length)];
      this.role[i] = services[callee].isGrpc ? ROLE_CLIENT_RPC : ROLE_CLIENT_HTTP;
      this.target[i] = callee;
      this.operation[i] = rng.nextInt(services[callee].serverSpanNames.length);
    } else if (hasDb && u < 0.8) {
      this.role[i] = ROLE_CLIENT_DB;
      this.operation[i] = rng.nextInt(node.dbStatements.length);
    } else if (canPublish && u < 0.9) {
      const destination = rng.nextInt(node.destinations.length);
      this.role[i] = ROLE_PRODUCER;
      this.operation[i] = destination;
      this.target[i] = node.destinationConsumers[destination];
    } else {
      this.role[i] = ROLE_INTERNAL;
      this.operation[i] = rng.nextInt(node.internalNames.length);
    }
    const parentDuration = this.endUs[p] - this.startUs[p];
    const wanted = Math.round(rng.lognormal(medianUs, sigma));
    const duration = Math.min(wanted, Math.floor(parentDuration * (0.3 + 0.65 * rng.nextFloat())));
    this.startUs[i] = this.startUs[p] + Math.floor(rng.nextFloat() * (parentDuration - duration));
    this.endUs[i] = this.startUs[i] + duration;
  }

  private addOpen(i: number): void {
    this.openPosition[i] = this.openCount;
    this.open[this.openCount++] = i;
  }

  private removeOpen(i: number): void {
    const at = this.openPosition[i];
    const last = this.open[--this.openCount];
    this.open[at] = last;
    this.openPosition[last] = at;
    // The root never leaves (it is a SERVER span), so the set is never empty.
  }
}
