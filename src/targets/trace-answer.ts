// Spans in a trace store's answer for one trace ID, in the forms the stores document:
//   Jaeger API v3  GET /api/v3/traces/<id>  OTLP JSON under "result": {result: {resourceSpans}}
//   Tempo          GET /api/traces/<id>     OTLP JSON, tempopb.Trace: {batches: [ResourceSpans]}
//                                           (or protobuf of the same message, asked for with
//                                           Accept: application/protobuf)
//   Tempo          GET /api/v2/traces/<id>  {trace: {resourceSpans | batches}}
// ResourceSpans carry scopeSpans (instrumentationLibrarySpans before OTLP 0.15).

import { forEachItem } from '../encoders/otlp-patch-sites.js';
import { ObsbenchError } from '../errors.js';

interface JsonResourceSpans {
  scopeSpans?: { spans?: unknown[] }[];
  instrumentationLibrarySpans?: { spans?: unknown[] }[];
}

interface JsonTraceParts {
  resourceSpans?: JsonResourceSpans[];
  batches?: JsonResourceSpans[];
}

interface JsonTraceAnswer extends JsonTraceParts {
  result?: JsonTraceParts;
  trace?: JsonTraceParts;
}

/** Spans in a parsed JSON answer of any of the forms above. */
export function spansInJsonTrace(answer: JsonTraceAnswer): number {
  const parts = answer.result ?? answer.trace ?? answer;
  let spans = 0;
  for (const rs of [...(parts.resourceSpans ?? []), ...(parts.batches ?? [])])
    for (const ss of [...(rs.scopeSpans ?? []), ...(rs.instrumentationLibrarySpans ?? [])])
      spans += ss.spans?.length ?? 0;
  return spans;
}

/** Spans in a protobuf tempopb.Trace (or an ExportTraceServiceRequest). */
export function spansInProtoTrace(bytes: Uint8Array): number {
  let spans = 0;
  forEachItem(bytes, () => {
    spans++;
  });
  return spans;
}

/** Spans in an answer by its content type: protobuf when it says so, JSON otherwise. */
export function spansInTraceAnswer(bytes: Uint8Array, contentType: string, url: string): number {
  if (/protobuf/i.test(contentType)) return spansInProtoTrace(bytes);
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return spansInJsonTrace(JSON.parse(text) as JsonTraceAnswer);
  } catch (error) {
    throw new ObsbenchError(
      'E_TARGET',
      `GET ${url}: a trace answer is neither protobuf nor JSON: ${text.slice(0, 200)}`,
      {
        cause: error,
      },
    );
  }
}
