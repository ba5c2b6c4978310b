// Building blocks for chart options: the two themes, a time-series base (axes, grid, tooltip)
// and exemplar dots. Pure data, so views compose them and tests can read them.
import { formatTime, formatValue, valueScale } from "../lib/format.ts";

export const EXEMPLAR_SERIES_PREFIX = "exemplars";

const PALETTE = ["#3b82f6", "#f59e0b", "#10b981", "#a855f7", "#ef4444", "#06b6d4", "#84cc16", "#ec4899"];

function theme(text: string, axis: string, split: string, tooltipBg: string) {
  const numericAxis = {
    axisLine: { lineStyle: { color: axis } },
    axisLabel: { color: text },
    splitLine: { lineStyle: { color: split } },
  };
  return {
    color: PALETTE,
    backgroundColor: "transparent",
    textStyle: { color: text, fontFamily: "ui-sans-serif, system-ui, sans-serif" },
    legend: { textStyle: { color: text } },
    tooltip: { backgroundColor: tooltipBg, borderColor: axis, textStyle: { color: text } },
    timeAxis: { axisLine: { lineStyle: { color: axis } }, axisLabel: { color: text }, splitLine: { show: false } },
    valueAxis: numericAxis,
    logAxis: numericAxis,
    categoryAxis: { axisLine: { lineStyle: { color: axis } }, axisLabel: { color: text } },
  };
}

export const CHART_THEMES = {
  "tracelight-light": theme("#334155", "#cbd5e1", "#e2e8f0", "#ffffff"),
  "tracelight-dark": theme("#cbd5e1", "#475569", "#1e293b", "#0f172a"),
};

/** One exemplar dot: [epoch ms, value] plus the trace it points at. */
export interface ExemplarDatum {
  value: [number, number];
  traceId: string;
  spanId: string;
  /** A line for the tooltip, e.g. the series labels or "slowest request". */
  label?: string;
}

export function exemplarSeries(id: string, name: string, data: ExemplarDatum[], color = "#e11d48") {
  return {
    id: `${EXEMPLAR_SERIES_PREFIX}-${id}`,
    name,
    type: "scatter",
    data,
    symbolSize: 9,
    z: 10,
    cursor: "pointer",
    itemStyle: { color, borderColor: "#ffffff", borderWidth: 1 },
    emphasis: { scale: 1.6 },
  };
}

export interface TimeSeriesBase {
  fromMs: number;
  toMs: number;
  unit?: string;
  /**
   * The largest absolute value drawn: every y-axis tick is then labelled in the one scale that
   * suits it; without it each tick picks its own.
   */
  max?: number;
  /** Space for a legend above the plot. */
  legend?: boolean;
}

interface TooltipParam {
  seriesId?: string;
  seriesName?: string;
  marker?: string;
  data?: unknown;
  value?: unknown;
  axisValue?: number;
}

/** Axes, grid and a tooltip that lists each line's value and, for exemplar dots, the trace ID. */
export function timeSeriesBase({ fromMs, toMs, unit = "", max, legend = false }: TimeSeriesBase) {
  const axis = max === undefined ? undefined : valueScale(unit, max);
  return {
    animation: false,
    grid: { left: 56, right: 16, top: legend ? 32 : 12, bottom: 28 },
    legend: legend ? { type: "scroll", top: 0 } : undefined,
    xAxis: { type: "time", min: fromMs, max: toMs },
    yAxis: {
      type: "value",
      axisLabel: { formatter: (v: number) => (axis ? axis.format(v, true) : formatValue(v, unit)) },
    },
    tooltip: {
      trigger: "item",
      axisPointer: { type: "line" },
      formatter: (p: TooltipParam) => tooltipText(p, unit),
    },
  };
}

function tooltipText(p: TooltipParam, unit: string): string {
  const html = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  if (p.seriesId?.startsWith(EXEMPLAR_SERIES_PREFIX)) {
    const d = p.data as ExemplarDatum;
    return [
      `${p.marker ?? ""}<b>${html(p.seriesName ?? "exemplar")}</b>`,
      `${formatValue(d.value[1], unit)} at ${formatTime(d.value[0])}`,
      d.label ? html(d.label) : "",
      `trace <code>${d.traceId}</code>`,
      "<i>click to open the trace</i>",
    ]
      .filter((line) => line !== "")
      .join("<br/>");
  }
  const value = Array.isArray(p.value) ? (p.value as [number, number | null]) : undefined;
  if (!value) return html(p.seriesName ?? "");
  return `${p.marker ?? ""}${html(p.seriesName ?? "")}: <b>${formatValue(value[1], unit)}</b><br/>${formatTime(value[0])}`;
}

export function lineSeries(
  name: string,
  points: [number, number | null][],
  options: { color?: string; area?: boolean } = {},
) {
  return {
    name,
    type: "line",
    data: points,
    showSymbol: false,
    symbolSize: 6,
    connectNulls: false,
    lineStyle: { width: 1.5 },
    itemStyle: options.color ? { color: options.color } : undefined,
    areaStyle: options.area ? { opacity: 0.12 } : undefined,
    emphasis: { focus: "series" },
  };
}
