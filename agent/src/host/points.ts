// Builders for the agent's metric shapes, so each metric in host-metrics.ts reads as one line.
import type { Attributes, Metric, NumberPoint } from "../telemetry/model.ts";

export function point(attributes: Attributes, value: number, start: bigint, time: bigint): NumberPoint {
  return { attributes, value, startTimeUnixNano: start, timeUnixNano: time };
}

/** A cumulative monotonic sum (an OpenTelemetry Counter). */
export function counter(name: string, unit: string, description: string, points: NumberPoint[]): Metric {
  return { name, unit, description, type: "sum", monotonic: true, temporality: "cumulative", points };
}

/** A cumulative non-monotonic sum (an OpenTelemetry UpDownCounter): a level that can go down. */
export function upDownCounter(name: string, unit: string, description: string, points: NumberPoint[]): Metric {
  return { name, unit, description, type: "sum", monotonic: false, temporality: "cumulative", points };
}

export function gauge(name: string, unit: string, description: string, points: NumberPoint[]): Metric {
  return { name, unit, description, type: "gauge", points };
}
