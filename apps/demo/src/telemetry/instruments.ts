// The instruments every service records, in the semantic conventions' names and units: request
// durations in seconds (with exemplars) and a request counter.
import type { Counter, Meter } from "@opentelemetry/api";
import { ExemplarHistogram } from "./exemplars.ts";

export const METRICS = {
  duration: "http.server.request.duration",
  requests: "http.server.requests",
} as const;

/** OpenTelemetry's advised HTTP duration buckets, in seconds: tens of ms healthy, seconds in the incident. */
export const DURATION_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface Instruments {
  /** `http.server.request.duration` (s) with exemplars. */
  requestDuration: ExemplarHistogram;
  /** `http.server.requests`: one per answered request. */
  requests: Counter;
}

export function createInstruments(meter: Meter): Instruments {
  return {
    requestDuration: new ExemplarHistogram(meter, METRICS.duration, {
      unit: "s",
      description: "Duration of HTTP server requests.",
      bounds: DURATION_BOUNDS_S,
    }),
    requests: meter.createCounter(METRICS.requests, {
      unit: "{request}",
      description: "HTTP server requests answered.",
    }),
  };
}
