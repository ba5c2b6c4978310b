// Warn-and-above log records as OTLP logs: built as the SDK's readable records (no logger
// provider, no context) and encoded with its serializer, in batches bounded per interval.
import { ProtobufLogsSerializer } from "@opentelemetry/otlp-transformer";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { Batcher } from "./batcher.ts";
import type { OtlpPush } from "./otlp-push.ts";
import { hrTime, SCOPE, type SelfAttributes } from "./self-resource.ts";

export type SelfSeverity = "warn" | "error" | "fatal";

export interface SelfLogRecord {
  severity: SelfSeverity;
  message: string;
  /** Epoch milliseconds; default now. */
  timeMs?: number;
  attributes?: SelfAttributes;
  /** The error that came with the record: stored as exception.type, .message and .stacktrace. */
  error?: { type?: string; message?: string; stack?: string };
}

// SeverityNumber of @opentelemetry/api-logs: WARN, ERROR, FATAL.
const SEVERITY = { warn: 13, error: 17, fatal: 21 } as const;

export class SelfLogs {
  private readonly batcher: Batcher<ReadableLogRecord>;

  constructor(
    private readonly resource: Resource,
    push: OtlpPush,
    options: { intervalMs: number; maxPerInterval: number },
  ) {
    this.batcher = new Batcher({
      ...options,
      flush: (records) =>
        push.send("logs", ProtobufLogsSerializer.serializeRequest(records) ?? new Uint8Array(), records.length),
    });
  }

  get dropped(): number {
    return this.batcher.dropped;
  }

  emit(record: SelfLogRecord): void {
    if (!this.batcher.admit()) return;
    const attributes: SelfAttributes = { ...record.attributes };
    const { error } = record;
    if (error?.type) attributes["exception.type"] = error.type;
    if (error?.message) attributes["exception.message"] = error.message;
    if (error?.stack) attributes["exception.stacktrace"] = error.stack;
    const time = hrTime(record.timeMs ?? Date.now());
    this.batcher.add({
      hrTime: time,
      hrTimeObserved: time,
      severityNumber: SEVERITY[record.severity],
      severityText: record.severity.toUpperCase(),
      body: record.message,
      resource: this.resource,
      instrumentationScope: SCOPE,
      attributes,
      droppedAttributesCount: 0,
    });
  }

  close(): void {
    this.batcher.close();
  }
}
