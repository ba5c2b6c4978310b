// Spans of a host's own requests as OTLP spans: each its own trace (a host records its
// server side only), sampled by ratio and bounded per interval so that heavy traffic cannot
// flood the store; what is left out is counted.
import { randomBytes } from "node:crypto";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { Batcher } from "./batcher.ts";
import type { OtlpPush } from "./otlp-push.ts";
import { hrTime, SCOPE, type SelfAttributes } from "./self-resource.ts";

export interface SelfSpan {
  /** A route template, not the path: names stay few. */
  name: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  attributes?: SelfAttributes;
}

// SpanKind.SERVER and SpanStatusCode.{UNSET,ERROR} of @opentelemetry/api.
const SERVER = 1;
const UNSET = 0;
const ERROR = 2;

export class SelfSpans {
  private readonly batcher: Batcher<ReadableSpan>;
  /** Left out by the sample ratio. */
  unsampled = 0;

  constructor(
    private readonly resource: Resource,
    push: OtlpPush,
    private readonly options: { intervalMs: number; maxPerInterval: number; sampleRatio: number },
  ) {
    this.batcher = new Batcher({
      ...options,
      flush: (spans) =>
        push.send("traces", ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array(), spans.length),
    });
  }

  get dropped(): number {
    return this.batcher.dropped;
  }

  record(span: SelfSpan): void {
    // Failed requests are the ones worth finding: the ratio leaves them in.
    if (!span.error && Math.random() >= this.options.sampleRatio) {
      this.unsampled++;
      return;
    }
    if (!this.batcher.admit()) return;
    const context = { traceId: randomBytes(16).toString("hex"), spanId: randomBytes(8).toString("hex"), traceFlags: 1 };
    const start = hrTime(span.startMs);
    const end = hrTime(span.startMs + span.durationMs);
    this.batcher.add({
      name: span.name,
      kind: SERVER,
      spanContext: () => context,
      startTime: start,
      endTime: end,
      duration: hrTime(span.durationMs),
      status: { code: span.error ? ERROR : UNSET },
      attributes: span.attributes ?? {},
      links: [],
      events: [],
      ended: true,
      resource: this.resource,
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    });
  }

  close(): void {
    this.batcher.close();
  }
}
