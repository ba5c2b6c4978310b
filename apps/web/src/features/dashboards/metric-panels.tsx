// The panels over /metrics/series: timeseries (the explorer's chart: exemplar dots open their
// trace, dragging zooms the page's range), stat (one reduced value, coloured by the options'
// thresholds, with a sparkline), bar (one bar per series' last value) and table (the top
// series by their last value).
"use client";

import type { MetricSeriesResponse, PanelKind } from "@tracelight/contracts";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Chart, type ChartClick } from "../../components/chart.tsx";
import type { ExemplarDatum } from "../../components/chart-options.ts";
import { EmptyState } from "../../components/panel.tsx";
import { formatValue } from "../../lib/format.ts";
import { traceHref } from "../../lib/links.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { metricChartOption } from "../metrics/chart-option.ts";
import { Sparkline } from "../services/sparkline.tsx";
import {
  type MetricPanelModel,
  metricPanelModel,
  type Reduce,
  reduce,
  stackLines,
  thresholdColor,
} from "./metric-summary.ts";

export interface MetricPanelOptions {
  unit?: string;
  reduce?: Reduce;
  sparkline?: boolean;
  thresholds?: { value: number; color: string }[];
  limit?: number;
  stacked?: boolean;
}

const THRESHOLD_CLASSES: Record<string, string> = {
  green: "text-emerald-600 dark:text-emerald-400",
  yellow: "text-yellow-500 dark:text-yellow-300",
  orange: "text-orange-500 dark:text-orange-400",
  red: "text-red-600 dark:text-red-400",
  blue: "text-sky-600 dark:text-sky-400",
  gray: "text-slate-500 dark:text-slate-400",
};

export function MetricPanel(props: {
  kind: PanelKind;
  answers: readonly MetricSeriesResponse[];
  groupBy: readonly string[];
  options: MetricPanelOptions;
  height: number;
}) {
  const { kind, answers, groupBy, options } = props;
  const data = useMemo(
    () => metricPanelModel(answers, groupBy, kind === "table" ? (options.limit ?? 10) : undefined),
    [answers, groupBy, kind, options.limit],
  );
  if (data === undefined || data.model.series.every((s) => s.stats.last === null))
    return <EmptyState height={props.height}>No data in this time range.</EmptyState>;
  if (kind === "stat") return <StatValue data={data} options={options} />;
  if (kind === "table") return <TopTable data={data} groupBy={groupBy} />;
  if (kind === "bar") return <Bars data={data} height={props.height} />;
  return <TimeSeries data={data} height={props.height} stacked={options.stacked === true} />;
}

function TimeSeries({ data, height, stacked }: { data: MetricPanelModel; height: number; stacked: boolean }) {
  const time = useTimeRange();
  const router = useRouter();
  const { fromMs, toMs } = time.range;
  const option = useMemo(() => {
    const lines = metricChartOption({
      fromMs,
      toMs,
      unit: data.unit,
      // Stacked, the axis reaches the sum of the lines.
      max: stacked ? data.max * data.model.series.length : data.max,
      series: data.model.series,
      exemplars: data.exemplars,
      showExemplars: true,
    });
    return stacked ? stackLines(lines) : lines;
  }, [data, fromMs, toMs, stacked]);
  const onItemClick = (click: ChartClick) => {
    const d = click.data as Partial<ExemplarDatum> | undefined;
    if (d?.traceId) router.push(traceHref(d.traceId, { spanId: d.spanId }));
  };
  return <Chart testId="panel-chart" option={option} height={height} onBrush={time.zoomTo} onItemClick={onItemClick} />;
}

function StatValue({ data, options }: { data: MetricPanelModel; options: MetricPanelOptions }) {
  const series = data.model.series[0];
  const value = series ? reduce(series.points, options.reduce) : null;
  const color = thresholdColor(value, options.thresholds);
  return (
    <div className="flex h-full flex-col items-center justify-center gap-1" data-testid="panel-stat">
      <span
        data-testid="panel-stat-value"
        data-color={color}
        className={`text-3xl font-semibold tabular-nums ${color ? (THRESHOLD_CLASSES[color] ?? "") : ""}`}
      >
        {formatValue(value, data.unit)}
      </span>
      {options.sparkline !== false && series && (
        <Sparkline
          values={series.points.map(([, v]) => v)}
          partial={series.partial}
          label={`trend of ${series.name}`}
          width={160}
          height={28}
          className={color ? THRESHOLD_CLASSES[color] : "text-sky-600 dark:text-sky-400"}
        />
      )}
    </div>
  );
}

function lastValues(data: MetricPanelModel) {
  return data.model.series
    .map((s) => ({ series: s, value: s.stats.last }))
    .sort((a, b) => (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY));
}

function TopTable({ data, groupBy }: { data: MetricPanelModel; groupBy: readonly string[] }) {
  const rows = lastValues(data);
  return (
    <table className="w-full text-left text-sm" data-testid="panel-table">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr>
          {(groupBy.length > 0 ? groupBy : ["series"]).map((key) => (
            <th key={key} className="px-2 py-1 font-medium">
              {key}
            </th>
          ))}
          <th className="px-2 py-1 text-right font-medium">last</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ series, value }) => (
          <tr
            key={series.key}
            className="border-t border-slate-100 dark:border-slate-800"
            data-testid="panel-table-row"
          >
            {groupBy.length > 0 ? (
              groupBy.map((key) => (
                <td key={key} className="px-2 py-1 font-mono text-xs">
                  {String(series.labels[key] ?? "")}
                </td>
              ))
            ) : (
              <td className="px-2 py-1 font-mono text-xs">{series.name}</td>
            )}
            <td className="px-2 py-1 text-right tabular-nums">{formatValue(value, data.unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Bars({ data, height }: { data: MetricPanelModel; height: number }) {
  const option = useMemo(() => {
    const rows = lastValues(data).reverse();
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => formatValue(v, data.unit) } },
      yAxis: { type: "category", data: rows.map((r) => r.series.name) },
      tooltip: { trigger: "item" },
      series: [
        {
          type: "bar",
          data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.series.color } })),
          label: {
            show: true,
            position: "right",
            formatter: (p: { value: number }) => formatValue(p.value, data.unit),
          },
        },
      ],
    };
  }, [data]);
  return <Chart testId="panel-chart" option={option} height={height} />;
}
