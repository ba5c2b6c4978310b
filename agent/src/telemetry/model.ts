// The agent's own telemetry shapes: what the probes and /proc readers produce and the OTLP
// exporter consumes. Plain data, so producers stay free of OpenTelemetry SDK types.

export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** Nanoseconds since the Unix epoch. */
export type UnixNanos = bigint;

export interface AgentSpan {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
  /** The caller's span when the request carried a W3C traceparent. */
  parentSpanId?: string;
  /** Whether the parent came from another process (a traceparent header). */
  parentIsRemote?: boolean;
  name: string;
  kind: "server" | "client";
  startTimeUnixNano: UnixNanos;
  endTimeUnixNano: UnixNanos;
  attributes: Attributes;
  status: "unset" | "error";
  /** Resource attributes of the process the span belongs to (service.name, process.pid, …). */
  resource: Attributes;
}

export interface Exemplar {
  timeUnixNano: UnixNanos;
  value: number;
  traceId: string;
  spanId: string;
}

interface PointBase {
  attributes: Attributes;
  /** Start of the accumulation (cumulative points) or of the interval (delta points). */
  startTimeUnixNano: UnixNanos;
  timeUnixNano: UnixNanos;
}

export interface NumberPoint extends PointBase {
  value: number;
}

export interface HistogramPoint extends PointBase {
  /** Explicit upper bounds; `counts` has one more entry than `bounds`. */
  bounds: readonly number[];
  counts: readonly number[];
  count: number;
  sum: number;
  min?: number;
  max?: number;
  exemplars: readonly Exemplar[];
}

interface MetricBase {
  name: string;
  unit: string;
  description: string;
}

export type Metric =
  | (MetricBase & { type: "gauge"; points: NumberPoint[] })
  | (MetricBase & {
      type: "sum";
      monotonic: boolean;
      temporality: "cumulative" | "delta";
      points: NumberPoint[];
    })
  | (MetricBase & { type: "histogram"; temporality: "cumulative" | "delta"; points: HistogramPoint[] });

/** Metrics of one resource (a process, or the host). */
export interface ResourceMetrics {
  resource: Attributes;
  metrics: Metric[];
}
