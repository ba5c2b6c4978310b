// What the scenario sent, recorded so that specs assert exact expectations (IDs, names, counts).

export type TraceKind = "normal" | "slow" | "error";

export interface SentSpan {
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  /** Status Error. */
  error: boolean;
  startMs: number;
  endMs: number;
}

export interface SentLog {
  body: string;
  service: string;
  severity: string;
  spanId: string;
  timestampMs: number;
}

export interface SentTrace {
  traceId: string;
  kind: TraceKind;
  orderId: string;
  startMs: number;
  endMs: number;
  spans: SentSpan[];
  logs: SentLog[];
}

export interface SentHistogram {
  name: string;
  unit: string;
  service: string;
  /** One delta data point per minute, oldest first. */
  points: { startMs: number; endMs: number; count: number }[];
}

export interface Scenario {
  sentAtMs: number;
  services: string[];
  traces: SentTrace[];
  histogram: SentHistogram;
}

export function traceOfKind(scenario: Scenario, kind: TraceKind): SentTrace {
  const found = scenario.traces.find((t) => t.kind === kind);
  if (!found) throw new Error(`the scenario has no ${kind} trace`);
  return found;
}

export function spanNamed(trace: SentTrace, name: string): SentSpan {
  const span = trace.spans.find((s) => s.name === name);
  if (!span) throw new Error(`trace ${trace.traceId} has no span named ${name}`);
  return span;
}
