// ECharts options of the service page's RED charts, built from redChartData with the shared
// building blocks, so that exemplar dots are published for browser tests (exemplarSeries).
// Every line draws its partial buckets dashed (components/partial-bucket.ts).
import { exemplarSeries, timeSeriesBase } from "../../components/chart-options.ts";
import { bucketLines } from "../../components/partial-bucket.ts";
import { formatDurationMs, formatPercent, formatRate } from "../../lib/format.ts";
import type { RedChartData } from "./red-series.ts";

// No area fills: a filled area is a hit target, and a drag that starts on it would not zoom.
export const RED_COLORS = {
  p50: "#10b981",
  p90: "#3b82f6",
  p99: "#a855f7",
  rate: "#3b82f6",
  errors: "#ef4444",
  slowestDot: "#f59e0b",
  errorDot: "#e11d48",
} as const;

interface Range {
  fromMs: number;
  toMs: number;
}

function withAxisLabel<T extends ReturnType<typeof timeSeriesBase>>(base: T, formatter: (v: number) => string): T {
  return { ...base, yAxis: { ...base.yAxis, axisLabel: { formatter } } };
}

export function latencyOption(data: RedChartData, range: Range) {
  const base = withAxisLabel(timeSeriesBase({ ...range, unit: "ms", legend: true }), (v) =>
    v === 0 ? "0" : formatDurationMs(v),
  );
  return {
    ...base,
    series: [
      ...bucketLines("p50", data.p50, data.partial, RED_COLORS.p50),
      ...bucketLines("p90", data.p90, data.partial, RED_COLORS.p90),
      ...bucketLines("p99", data.p99, data.partial, RED_COLORS.p99),
      exemplarSeries("slowest", "Slowest request", data.slowest, RED_COLORS.slowestDot),
      exemplarSeries("errors", "Slowest error", data.slowestErrors, RED_COLORS.errorDot),
    ],
  };
}

export function throughputOption(data: RedChartData, range: Range) {
  const base = withAxisLabel(timeSeriesBase({ ...range, unit: "req/s", legend: true }), (v) => formatRate(v));
  return {
    ...base,
    series: [
      ...bucketLines("Requests/s", data.rate, data.partial, RED_COLORS.rate),
      ...bucketLines("Errors/s", data.errorsPerSecond, data.partial, RED_COLORS.errors),
    ],
  };
}

export function errorRateOption(data: RedChartData, range: Range) {
  const base = withAxisLabel(timeSeriesBase({ ...range, unit: "%", legend: true }), (v) => formatPercent(v / 100));
  return {
    ...base,
    yAxis: { ...base.yAxis, min: 0 },
    series: [
      ...bucketLines("Error rate", data.errorPercent, data.partial, RED_COLORS.errors),
      exemplarSeries("error-rate", "Failed request", data.errorRateExemplars, RED_COLORS.errorDot),
    ],
  };
}
