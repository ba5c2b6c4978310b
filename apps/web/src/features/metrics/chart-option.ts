// The metric chart's ECharts option: one line per drawn series, its partial buckets dashed
// (components/partial-bucket.ts), exemplar dots coloured like their line (named after it, so
// the legend hides a line and its dots together), and the highlighted window as a shaded area. Pure.
import type { MetricExemplar } from "@tracelight/contracts";
import { type ExemplarDatum, exemplarSeries, timeSeriesBase } from "../../components/chart-options.ts";
import { bucketLines } from "../../components/partial-bucket.ts";
import { type ExemplarGroup, groupExemplars, type SeriesView } from "./series-model.ts";

export interface MetricChartInput {
  fromMs: number;
  toMs: number;
  unit: string;
  /** The largest absolute value of the lines, for the axis scale. */
  max: number;
  series: readonly SeriesView[];
  exemplars: readonly MetricExemplar[];
  showExemplars: boolean;
  highlight?: { fromMs: number; toMs: number } | undefined;
}

export const HIGHLIGHT_COLOR = "rgba(244, 63, 94, 0.12)";
export const HIGHLIGHT_SERIES_ID = "highlight";

function exemplarData(group: ExemplarGroup): ExemplarDatum[] {
  return group.exemplars.map((e) => ({
    value: [e.timestamp, e.value],
    traceId: e.traceId,
    spanId: e.spanId,
    label: group.series ? `exemplar · ${e.serviceName}` : `exemplar of a series not drawn · ${e.serviceName}`,
  }));
}

export function metricChartOption(input: MetricChartInput) {
  const base = timeSeriesBase({
    fromMs: input.fromMs,
    toMs: input.toMs,
    unit: input.unit,
    max: input.max,
    legend: true,
  });
  const lines = input.series.flatMap((s) => {
    // A series with a single point has no segment to draw; show its point.
    const sparse = s.points.filter(([, v]) => v !== null).length <= 1;
    return bucketLines(s.name, s.points, s.partial, s.color).map((line) =>
      sparse ? { ...line, showSymbol: true } : line,
    );
  });
  // The highlight has its own empty series so hiding a line in the legend does not hide it.
  const highlight = input.highlight
    ? [
        {
          id: HIGHLIGHT_SERIES_ID,
          name: HIGHLIGHT_SERIES_ID,
          type: "line",
          data: [],
          silent: true,
          markArea: {
            silent: true,
            itemStyle: { color: HIGHLIGHT_COLOR, borderColor: "rgba(244, 63, 94, 0.6)", borderWidth: 1 },
            data: [[{ xAxis: input.highlight.fromMs }, { xAxis: input.highlight.toMs }]],
          },
        },
      ]
    : [];
  const groups = input.showExemplars ? groupExemplars(input.exemplars, input.series) : [];
  const dots = groups.map((g, i) => ({
    ...exemplarSeries(g.series ? `s${i}` : "unmatched", g.series?.name ?? "other exemplars", exemplarData(g), g.color),
    // Earlier groups on top: where dots overlap, the one listed (and published) first is the one a click hits.
    z: 10 + groups.length - i,
  }));
  return {
    ...base,
    legend: { ...base.legend, data: input.series.map((s) => s.name) },
    series: [...highlight, ...lines, ...dots],
  };
}
