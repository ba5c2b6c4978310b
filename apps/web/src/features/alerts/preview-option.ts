// The rule preview's chart: one line per series (a first window cut by the range dashed), the
// threshold (or the two bounds of "outside") as dashed lines, and the intervals where the rule
// would have fired shaded in the series' colour. Values and thresholds are drawn in one unit, the scale that suits the values,
// whatever unit the thresholds are written in. Pure.
import type { AlertPreviewResponse, AlertPreviewSeries } from "@tracelight/contracts";
import { type ConditionOp, conversionFactor } from "@tracelight/contracts/values";
import { timeSeriesBase } from "../../components/chart-options.ts";
import { bucketLines } from "../../components/partial-bucket.ts";
import { formatValue } from "../../lib/format.ts";
import { SERIES_COLORS } from "../metrics/series-model.ts";
import { scaleValues } from "../metrics/units.ts";

export const THRESHOLD_SERIES_ID = "threshold";
export const THRESHOLD_COLOR = "#e11d48";
/** Most series drawn; the rest are counted in the summary line. */
export const MAX_PREVIEW_SERIES = 20;

export interface PreviewCondition {
  op: ConditionOp;
  threshold: number;
  thresholdHigh?: number;
  /** The unit the thresholds are written in; absent: the unit of the values. */
  unit?: string;
}

export interface PreviewInput {
  fromMs: number;
  toMs: number;
  data: AlertPreviewResponse;
  condition: PreviewCondition;
  /** The name of a series without labels. */
  name?: string;
}

/** "service.name=checkout, http.route=/pay", or the rule's only series' name. */
export function seriesName(series: Pick<AlertPreviewSeries, "labels">, fallback = "value"): string {
  const entries = Object.entries(series.labels);
  return entries.length === 0 ? fallback : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/** How many separate times the rule would have fired, over every series. */
export function firingCount(data: AlertPreviewResponse): number {
  return data.series.reduce((n, s) => n + s.firing.length, 0);
}

/** Whether a value has no value next to it: a line would not draw it, so it needs its dot. */
export function hasIsolatedPoints(points: AlertPreviewSeries["points"]): boolean {
  return points.some(
    ([, v], i) => v !== null && (points[i - 1]?.[1] ?? null) === null && (points[i + 1]?.[1] ?? null) === null,
  );
}

/**
 * Per point: its window starts before the range, so its value comes from fewer seconds (a rate
 * is per second of those, components/partial-bucket.ts draws it dashed). The api returns only
 * whole windows at the range's end: the one still filling is left out.
 */
export function partialWindows(points: AlertPreviewSeries["points"], fromMs: number): boolean[] {
  return points.map(([t]) => t < fromMs);
}

export function thresholdValues(condition: PreviewCondition): number[] {
  return condition.op === "outside" && condition.thresholdHigh !== undefined
    ? [condition.threshold, condition.thresholdHigh]
    : [condition.threshold];
}

/** "> 800 ms": in the unit the axis reads. */
function thresholdLabel(condition: PreviewCondition, value: number, index: number, unit: string): string {
  const text = formatValue(value, unit);
  if (condition.op !== "outside") return `${condition.op} ${text}`;
  return index === 0 ? `< ${text}` : `> ${text}`;
}

export function previewChartOption(input: PreviewInput) {
  const { data, condition } = input;
  const scaled = scaleValues(data.series.slice(0, MAX_PREVIEW_SERIES), [], data.unit);
  const toValues = conversionFactor(condition.unit ?? data.unit, data.unit) ?? 1;
  const bounds = thresholdValues(condition).map((v) => v * toValues * scaled.factor);
  const unit = scaled.unit;
  const base = timeSeriesBase({
    fromMs: input.fromMs,
    toMs: input.toMs,
    unit,
    max: Math.max(scaled.max, ...bounds.map(Math.abs)),
    legend: true,
  });
  const lines = scaled.series.flatMap((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length] ?? THRESHOLD_COLOR;
    const firing =
      s.firing.length === 0
        ? undefined
        : {
            silent: true,
            itemStyle: { color: `${color}26`, borderColor: `${color}99`, borderWidth: 1 },
            data: s.firing.map((f) => [{ xAxis: f.from }, { xAxis: f.to }]),
          };
    // The solid line carries the firing intervals; a dashed one joins the cut first window to it.
    return bucketLines(seriesName(s, input.name), s.points, partialWindows(s.points, input.fromMs), color).map(
      (line, k) => ({
        ...line,
        id: k === 0 ? `series-${i}` : `series-${i}-partial`,
        showSymbol: hasIsolatedPoints(line.data),
        markArea: k === 0 ? firing : undefined,
      }),
    );
  });
  // Its own empty series, so that hiding a line in the legend leaves the threshold drawn.
  const threshold = {
    id: THRESHOLD_SERIES_ID,
    name: THRESHOLD_SERIES_ID,
    type: "line",
    data: [],
    silent: true,
    markLine: {
      silent: true,
      symbol: "none",
      lineStyle: { color: THRESHOLD_COLOR, type: "dashed", width: 1.5 },
      label: { position: "insideEndTop", color: THRESHOLD_COLOR },
      data: bounds.map((v, i) => ({
        yAxis: v,
        name: thresholdLabel(condition, v, i, unit),
        label: { formatter: thresholdLabel(condition, v, i, unit) },
      })),
    },
  };
  // The axis must reach the threshold even when the data stays far from it.
  const lowest = Math.min(...bounds);
  const highest = Math.max(...bounds);
  return {
    ...base,
    legend: { ...base.legend, data: [...new Set(lines.map((l) => l.name))] },
    yAxis: {
      ...base.yAxis,
      min: (extent: { min: number }) => (lowest < extent.min ? lowest : undefined),
      max: (extent: { max: number }) => (highest > extent.max ? highest + Math.abs(highest) * 0.1 : undefined),
    },
    series: [threshold, ...lines],
  };
}
