// One request from start to finish: generate a batch, encode, compress, send, and account for
// it. Shared by the open (arrival-rate) and closed (max-throughput) loops of a worker.

import { nowEpochMs } from '../clock.js';
import { compressBody } from '../encoders/compression.js';
import type { Encoder } from '../encoders/encoder.js';
import { rawOtlpProtoBytesSent } from '../encoders/raw-otlp-bytes.js';
import type { Generator } from '../generators/generator.js';
import { type Signal, stampSentTime } from '../model/index.js';
import type { Compression } from '../model/scenario.js';
import type { SampledTrace } from '../model/trace-sample.js';
import type { LatencyHistogram } from '../stats/latency-histogram.js';
import type { PerSecondSeries } from '../stats/rate-window.js';
import type { Sender } from '../transport/sender.js';
import type { TemplateReplay } from './template-replay.js';
import type { TraceSampler } from './trace-sampler.js';
import type { LoadCounters } from './worker-protocol.js';

const MAX_DISTINCT_ERRORS = 20;

export interface PipelineParts {
  generator: Generator<Signal>;
  encoder: Encoder<Signal>;
  compression: Compression;
  sender: Sender;
  batchSize: number;
  /**
   * Stamp each measured batch's resources with the time right before encoding (model/sent-time.ts),
   * for a sink behind a first hop to measure the latency the hop adds. Warmup batches carry none.
   */
  stampSendTime: boolean;
  /**
   * When set, requests are patched copies of these templates instead of generated and encoded
   * batches (never together with stampSendTime: a stamp is a fresh encode).
   */
  templates: TemplateReplay | null;
  /** Takes the run's trace sample from a seeded few of the requests; null when none is taken. */
  traceSampler: TraceSampler | null;
}

export interface PipelineRecorders {
  counters: LoadCounters;
  latency: LatencyHistogram;
  serviceTime: LatencyHistogram;
  perSecond: PerSecondSeries;
  errors: Map<string, number>;
}

export class RequestPipeline {
  inFlight = 0;
  private readonly parts: PipelineParts;
  private readonly rec: PipelineRecorders;
  private readonly measureStartEpochMs: number;
  /** Template requests: uncompressed bodies in flight own a buffer each, given back once answered. */
  private readonly spareBodies: Buffer[] = [];
  /** Template requests to compress: patched here, then compressed (which copies). */
  private readonly scratch: Uint8Array;
  /** Requests started, every phase: the trace sampler picks by this number. */
  private requestNumber = 0;

  constructor(parts: PipelineParts, recorders: PipelineRecorders, measureStartEpochMs: number) {
    this.parts = parts;
    this.rec = recorders;
    this.measureStartEpochMs = measureStartEpochMs;
    this.scratch =
      parts.templates !== null && parts.compression !== 'none'
        ? new Uint8Array(parts.templates.maxBodyBytes)
        : new Uint8Array(0);
  }

  /**
   * Send one batch whose intended start was `intendedEpochMs`. Latency is measured from that
   * intended start (coordinated omission corrected); service time from the actual send.
   */
  async execute(intendedEpochMs: number): Promise<void> {
    const { generator, encoder, compression, sender, batchSize, stampSendTime } = this.parts;
    const measured = intendedEpochMs >= this.measureStartEpochMs;
    this.inFlight++;
    let owned: Buffer | null = null;
    // The trace sampler when it picks this request, else null.
    const sampler = this.parts.traceSampler;
    const sampling = sampler?.picks(this.requestNumber++) ? sampler : null;
    try {
      const startEpochMs = nowEpochMs();
      const templates = this.parts.templates;
      let items: number;
      let rawBytes: number;
      let body: Buffer;
      let sampled: SampledTrace[] | null = null;
      if (templates !== null) {
        items = templates.itemsPerRequest;
        if (compression === 'none') {
          owned = this.spareBodies.pop() ?? Buffer.allocUnsafeSlow(templates.maxBodyBytes);
          rawBytes = templates.next(Math.round(startEpochMs * 1000), owned);
          body = owned.subarray(0, rawBytes);
          if (sampling) sampled = sampling.scan(body);
        } else {
          rawBytes = templates.next(Math.round(startEpochMs * 1000), this.scratch);
          if (sampling) sampled = sampling.scan(this.scratch.subarray(0, rawBytes));
          body = compressBody(compression, this.scratch.subarray(0, rawBytes));
        }
      } else {
        const batch = generator.next(batchSize, Math.round(startEpochMs * 1000));
        items = batch.itemCount;
        if (stampSendTime && measured) stampSentTime(batch, Math.round(nowEpochMs() * 1000));
        const encoded = encoder.encode(batch);
        rawBytes = rawOtlpProtoBytesSent(encoder, batch, encoded);
        if (sampling) sampled = sampling.scan(encoded);
        // compressBody copies, so the encoder may reuse its buffer for the next request.
        body = compressBody(compression, encoded);
      }
      const outcome = await sender.send(body, items);
      const endEpochMs = nowEpochMs();
      const all = this.rec.counters;
      all.itemsSentAllPhases += items;
      if (outcome.ok) {
        const accepted = items - outcome.itemsRefused;
        all.itemsAcceptedAllPhases += accepted;
        // Refused items are rare and partial: their raw share is taken pro rata.
        all.rawBytesAcceptedAllPhases += items > 0 ? Math.round((rawBytes * accepted) / items) : 0;
        // Only a request acknowledged whole: a partial refusal does not say which spans were kept.
        if (sampling && sampled && outcome.itemsRefused === 0) sampling.keep(sampled);
      }
      if (!measured) return;
      const c = this.rec.counters;
      c.requests++;
      c.itemsSent += items;
      c.rawBytes += rawBytes;
      c.wireBytes += body.byteLength;
      c.retries += outcome.retries;
      const perSecond = this.rec.perSecond;
      perSecond.recordSent(intendedEpochMs - this.measureStartEpochMs, items);
      const doneElapsedMs = endEpochMs - this.measureStartEpochMs;
      if (outcome.ok) {
        const accepted = items - outcome.itemsRefused;
        c.itemsAccepted += accepted;
        c.itemsRefused += outcome.itemsRefused;
        perSecond.recordAccepted(doneElapsedMs, accepted);
      } else {
        c.requestsFailed++;
        c.itemsFailed += items;
        perSecond.recordFailed(doneElapsedMs, items);
        this.countError(outcome.errorMessage || `status ${outcome.status}`);
      }
      const latencyMs = endEpochMs - intendedEpochMs;
      this.rec.latency.recordMs(latencyMs);
      this.rec.serviceTime.recordMs(endEpochMs - startEpochMs);
      perSecond.recordLatency(doneElapsedMs, latencyMs);
    } catch (error) {
      if (measured) {
        this.rec.counters.requests++;
        this.rec.counters.requestsFailed++;
        this.rec.counters.itemsFailed += batchSize;
        this.countError(error instanceof Error ? error.message : String(error));
      }
    } finally {
      this.inFlight--;
      // The sender is done with the body once send() settled (retries included).
      if (owned !== null) this.spareBodies.push(owned);
    }
  }

  private countError(message: string): void {
    const errors = this.rec.errors;
    const prior = errors.get(message);
    if (prior !== undefined) errors.set(message, prior + 1);
    else if (errors.size < MAX_DISTINCT_ERRORS) errors.set(message, 1);
    else errors.set('(other errors)', (errors.get('(other errors)') ?? 0) + 1);
  }
}
