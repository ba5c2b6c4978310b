// The log-volume histogram as an ECharts option: one stacked bar series per severity range,
// in severity colours, each bar centred on its bucket. Pure data, built from the API's answer.
import type { LogHistogramResponse, LogHistogramSeverity } from "@tracelight/contracts";
import { formatCount, formatTime } from "../../lib/format.ts";
import { SEVERITY_COLORS } from "../../lib/severity.ts";

export interface HistogramBar {
  severity: LogHistogramSeverity;
  color: string;
  /** [bucket centre epoch ms, count]. */
  points: [number, number][];
}

/** Series for the chart; the x extent is the range asked for, or the buckets' own extent. */
export function histogramBars(response: LogHistogramResponse): HistogramBar[] {
  const half = response.stepMs / 2;
  return response.series.map((s) => ({
    severity: s.severity,
    color: SEVERITY_COLORS[s.severity],
    points: s.points.map(([start, count]): [number, number] => [start + half, count]),
  }));
}

/** The time the buckets cover: first bucket start to last bucket end (undefined when none). */
export function bucketExtent(response: LogHistogramResponse): { fromMs: number; toMs: number } | undefined {
  let fromMs = Number.POSITIVE_INFINITY;
  let toMs = Number.NEGATIVE_INFINITY;
  for (const s of response.series) {
    const first = s.points[0];
    const last = s.points[s.points.length - 1];
    if (first) fromMs = Math.min(fromMs, first[0]);
    if (last) toMs = Math.max(toMs, last[0] + response.stepMs);
  }
  return Number.isFinite(fromMs) && Number.isFinite(toMs) ? { fromMs, toMs } : undefined;
}

interface AxisTooltipParam {
  seriesName?: string;
  marker?: string;
  value?: unknown;
}

export function histogramOption(response: LogHistogramResponse, extent: { fromMs: number; toMs: number }) {
  const bars = histogramBars(response);
  const stepMs = response.stepMs;
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 8, bottom: 24 },
    xAxis: { type: "time", min: extent.fromMs, max: extent.toMs },
    yAxis: { type: "value", minInterval: 1, splitNumber: 3 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: AxisTooltipParam[]) => histogramTooltip(params, stepMs),
    },
    series: bars.map((bar) => ({
      id: `severity-${bar.severity}`,
      name: bar.severity,
      type: "bar",
      stack: "logs",
      data: bar.points,
      barWidth: "90%",
      itemStyle: { color: bar.color },
      emphasis: { focus: "series" },
    })),
  };
}

function histogramTooltip(params: AxisTooltipParam[], stepMs: number): string {
  const first = params[0]?.value;
  if (!Array.isArray(first)) return "";
  const start = Number(first[0]) - stepMs / 2;
  const lines = [`${formatTime(start)} – ${formatTime(start + stepMs)}`];
  let total = 0;
  for (const p of params) {
    const count = Array.isArray(p.value) ? Number(p.value[1]) : 0;
    if (count === 0) continue;
    total += count;
    lines.push(`${p.marker ?? ""}${p.seriesName ?? ""}: <b>${formatCount(count)}</b>`);
  }
  lines.push(`total: <b>${formatCount(total)}</b>`);
  return lines.join("<br/>");
}
