// Units as shown: the unit left after aggregation (counts have none, rates are per second), and
// an answer's values converted into the scale that suits its largest value, so that the axis
// ticks fall on round numbers of what they read ("120 MiB", not "125.83M By"). Pure.
import type { MetricAgg, MetricPoint, MetricType } from "@tracelight/contracts";
import { valueScale } from "../../lib/format.ts";

/** The unit values are in after aggregation. */
export function displayUnit(unit: string, agg: MetricAgg | null, type: MetricType | null): string {
  if (agg === "count") return "";
  // A histogram's rate counts observations; a sum's rate is its own unit per second.
  const base = type === "sum" ? unit : "";
  if (agg === "rate") return `${base}/s`;
  return unit;
}

/** Largest absolute value of the points (0 without any). */
function maxAbs(series: readonly { points: MetricPoint[] }[]): number {
  let max = 0;
  for (const s of series) for (const [, v] of s.points) if (v !== null) max = Math.max(max, Math.abs(v));
  return max;
}

export interface ScaledValues<S, E> {
  series: readonly S[];
  exemplars: readonly E[];
  /** The UCUM unit the values are now in, its label, and their largest absolute value. */
  unit: string;
  label: string;
  max: number;
  /** What the values were multiplied by. */
  factor: number;
}

/**
 * Series (and exemplars, which share their unit) in `unit`, converted into the scale that suits
 * the points' largest value; the arrays themselves when nothing changes.
 */
export function scaleValues<S extends { points: MetricPoint[] }, E extends { value: number }>(
  series: readonly S[],
  exemplars: readonly E[],
  unit: string,
): ScaledValues<S, E> {
  const max = maxAbs(series);
  const scale = valueScale(unit, max);
  const f = scale.factor;
  const shown = { unit: scale.unit, label: scale.label, max: max * f, factor: f };
  if (f === 1) return { ...shown, series, exemplars };
  return {
    ...shown,
    series: series.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, v === null ? null : v * f]) })),
    exemplars: exemplars.map((e) => ({ ...e, value: e.value * f })),
  };
}
