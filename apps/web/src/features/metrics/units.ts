// Units as shown: the unit left after aggregation (counts have none, rates are per second) and
// a readable scale for big or small values (bytes in KiB…TiB, long milliseconds in seconds), so
// axis labels read "120 MiB" rather than "125.83M By". Pure.
import type { MetricAgg, MetricSeriesResponse, MetricType } from "@tracelight/contracts";

/** The unit values are in after aggregation. */
export function displayUnit(unit: string, agg: MetricAgg | null, type: MetricType | null): string {
  if (agg === "count") return "";
  // A histogram's rate counts observations; a sum's rate is its own unit per second.
  const base = type === "sum" ? unit.replace(/^\{(.*)\}$/, "$1") : "";
  if (agg === "rate") return base === "" ? "/s" : `${base}/s`;
  return unit;
}

/** The unit for a title: OTel's `{annotation}` units without braces. */
export function unitLabel(unit: string): string {
  return unit.replace(/^\{(.*)\}$/, "$1");
}

export interface UnitScale {
  /** Multiply values by this. */
  factor: number;
  unit: string;
}

const BYTE_UNITS = ["By", "KiB", "MiB", "GiB", "TiB"];

/** A scale that keeps the largest value readable; identity for units it does not know. */
export function chooseScale(unit: string, maxAbs: number): UnitScale {
  const per = unit.endsWith("/s") ? "/s" : "";
  const base = per === "" ? unit : unit.slice(0, -2);
  if (base === "By" && Number.isFinite(maxAbs)) {
    let i = 0;
    while (i < BYTE_UNITS.length - 1 && maxAbs / 1024 ** i >= 1024) i++;
    return { factor: 1 / 1024 ** i, unit: `${BYTE_UNITS[i]}${per}` };
  }
  if (base === "ms" && maxAbs >= 10_000) return { factor: 1 / 1000, unit: `s${per}` };
  if (base === "s" && maxAbs > 0 && maxAbs < 1) return { factor: 1000, unit: `ms${per}` };
  return { factor: 1, unit };
}

/** The response with values and exemplars scaled for `unit`, and the unit to show them in. */
export function scaleResponse(
  data: MetricSeriesResponse,
  unit: string,
): { series: MetricSeriesResponse["series"]; exemplars: MetricSeriesResponse["exemplars"]; unit: string } {
  let maxAbs = 0;
  for (const s of data.series) for (const [, v] of s.points) if (v !== null) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = chooseScale(unit, maxAbs);
  if (scale.factor === 1) return { series: data.series, exemplars: data.exemplars, unit: scale.unit };
  const f = scale.factor;
  return {
    unit: scale.unit,
    series: data.series.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, v === null ? null : v * f]) })),
    exemplars: data.exemplars.map((e) => ({ ...e, value: e.value * f })),
  };
}
