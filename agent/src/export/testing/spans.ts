// Test spans for the exporter's tests: numbered server spans whose span IDs say their number.
import type { AgentSpan } from "../../telemetry/model.ts";

/** `n` server spans numbered from `first` (span ID = the number in hex), one resource. */
export function makeSpans(n: number, first = 1, resource = { "service.name": "svc" }): AgentSpan[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: spanIdOf(first + i),
    name: "GET /",
    kind: "server" as const,
    startTimeUnixNano: 1_767_225_600_000_000_000n + BigInt(i),
    endTimeUnixNano: 1_767_225_600_001_000_000n + BigInt(i),
    attributes: { "http.request.method": "GET" },
    status: "unset" as const,
    resource,
  }));
}

export const spanIdOf = (n: number) => n.toString(16).padStart(16, "0");
