// Test helpers: spans and log records with just the fields a test cares about.
import type { LogRecord, Span } from "@tracelight/contracts";

export const T0_MS = 1_764_072_000_000;
const T0_NANO = BigInt(T0_MS) * 1_000_000n;

/** A span starting `startMs` after T0 and lasting `durationMs`. */
export function span(id: string, parent: string, startMs: number, durationMs: number, extra: Partial<Span> = {}): Span {
  const startNano = T0_NANO + BigInt(Math.round(startMs * 1e6));
  return {
    spanId: id,
    parentSpanId: parent,
    name: `op-${id}`,
    serviceName: "svc",
    kind: "Internal",
    startTime: T0_MS + startMs,
    startTimeUnixNano: startNano.toString(),
    durationNs: Math.round(durationMs * 1e6),
    statusCode: "Unset",
    statusMessage: "",
    traceState: "",
    scopeName: "",
    scopeVersion: "",
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
    ...extra,
  };
}

export function log(atMs: number, spanId: string, body: string, extra: Partial<LogRecord> = {}): LogRecord {
  return {
    timestamp: T0_MS + atMs,
    timestampUnixNano: (T0_NANO + BigInt(Math.round(atMs * 1e6))).toString(),
    severityText: "INFO",
    severityNumber: 9,
    body,
    serviceName: "svc",
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId,
    attributes: {},
    resourceAttributes: {},
    ...extra,
  };
}

export const MS = 1_000_000;
