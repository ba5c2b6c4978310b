// The duration scatter: one dot per trace (x = start, y = duration), errors red. Dots are built
// with exemplarSeries so that clicks open the trace and browser tests can find their pixels.
import type { TraceScatterResponse, TraceSummary } from "@tracelight/contracts";
import { type ExemplarDatum, exemplarSeries, timeSeriesBase } from "../../components/chart-options.ts";
import { formatCount, formatDurationMs } from "../../lib/format.ts";

export const OK_COLOR = "#3b82f6";
export const ERROR_COLOR = "#ef4444";

function datum(t: TraceSummary): ExemplarDatum {
  const errors = t.errorCount > 0 ? `, ${formatCount(t.errorCount)} error spans` : "";
  return {
    value: [t.startTime, t.durationMs],
    traceId: t.traceId,
    spanId: "",
    label: `${t.rootServiceName}: ${t.rootName} (${formatCount(t.spanCount)} spans${errors})`,
  };
}

/** A log scale when durations span more than two orders of magnitude (a few slow outliers). */
export function wantsLogScale(traces: readonly TraceSummary[]): boolean {
  const durations = traces.map((t) => t.durationMs).filter((d) => d > 0);
  if (durations.length < 2) return false;
  return Math.max(...durations) / Math.min(...durations) > 100;
}

/** The panel's title, saying which traces the dots are when they are a sample. */
export function scatterTitle(scatter: TraceScatterResponse): string {
  const log = wantsLogScale(scatter.traces) ? " (log scale)" : "";
  const { complete, slowest, perBucket, bucketMs } = scatter.sampling;
  if (complete) return `Duration over time${log}`;
  return `Duration over time${log} · the ${slowest} slowest traces and up to ${perBucket} per ${formatDurationMs(bucketMs)}`;
}

// The chart themes style "value" axes only; a log axis gets neutral colours that read on both.
const LOG_AXIS_STYLE = {
  axisLine: { lineStyle: { color: "#94a3b8" } },
  splitLine: { lineStyle: { color: "rgba(148, 163, 184, 0.25)" } },
};

/** Dots over the page's whole range: the scatter's sample covers all of it (trace-scatter.ts). */
export function scatterOption(traces: readonly TraceSummary[], range: { fromMs: number; toMs: number }) {
  const base = timeSeriesBase({ fromMs: range.fromMs, toMs: range.toMs, unit: "ms", legend: true });
  const log = wantsLogScale(traces);
  return {
    ...base,
    yAxis: {
      ...base.yAxis,
      ...(log ? LOG_AXIS_STYLE : {}),
      type: log ? "log" : "value",
      axisLabel: {
        color: log ? "#94a3b8" : undefined,
        formatter: (ms: number) => (ms === 0 ? "0" : formatDurationMs(ms)),
      },
    },
    series: [
      exemplarSeries("traces-ok", "Traces", traces.filter((t) => t.errorCount === 0).map(datum), OK_COLOR),
      exemplarSeries(
        "traces-error",
        "Traces with errors",
        traces.filter((t) => t.errorCount > 0).map(datum),
        ERROR_COLOR,
      ),
    ],
  };
}
