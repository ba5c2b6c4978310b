// The chart of the chosen metric and the table of its series: one line per series (at most
// MAX_SERIES), exemplar dots that open their trace, drag to zoom, and the highlighted window.
"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { MetricSeriesResponse } from "@tracelight/contracts";
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Chart, type ChartClick } from "../../components/chart.tsx";
import type { ExemplarDatum } from "../../components/chart-options.ts";
import { EmptyState, ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { formatTime } from "../../lib/format.ts";
import { traceHref } from "../../lib/links.ts";
import { metricChartOption } from "./chart-option.ts";
import type { MetricQuery } from "./metric-query.ts";
import { buildSeriesModel, MAX_SERIES } from "./series-model.ts";
import { SeriesTable } from "./series-table.tsx";
import { UnitWarnings } from "./unit-warnings.tsx";
import { displayUnit, scaleValues } from "./units.ts";

const CHART_HEIGHT = 340;

export function MetricChartPanel(props: {
  query: MetricQuery;
  result: UseQueryResult<MetricSeriesResponse>;
  range: { fromMs: number; toMs: number };
  onZoom: (fromMs: number, toMs: number) => void;
  onToggleExemplars: (show: boolean) => void;
  onClearHighlight: () => void;
}) {
  const { query, result, range } = props;
  const router = useRouter();
  // The previous answer is kept while a new range loads, but not another metric's.
  const data = result.data?.metric.name === query.metric ? result.data : undefined;
  const scaled = useMemo(
    () =>
      data
        ? scaleValues(data.series, data.exemplars, displayUnit(data.unit, data.metric.agg, data.metric.type))
        : undefined,
    [data],
  );
  const model = useMemo(
    () =>
      scaled && data
        ? buildSeriesModel(scaled.series, query.groupBy, data.metric.name, MAX_SERIES, data.partial)
        : undefined,
    [scaled, data, query.groupBy],
  );
  const unit = scaled?.unit ?? "";
  // Follows the URL, but flips at once on a click (the URL catches up after navigation).
  const [showExemplars, setShowExemplars] = useState(!query.hideExemplars);
  useEffect(() => setShowExemplars(!query.hideExemplars), [query.hideExemplars]);
  const option = useMemo(
    () =>
      model && scaled
        ? metricChartOption({
            fromMs: range.fromMs,
            toMs: range.toMs,
            unit,
            max: scaled.max,
            series: model.series,
            exemplars: scaled.exemplars,
            showExemplars,
            highlight: query.highlight,
          })
        : undefined,
    [model, scaled, range.fromMs, range.toMs, unit, showExemplars, query.highlight],
  );
  // A placeholder (the previous range's or query's answer) is dimmed until the new one arrives.
  const stale = result.isPlaceholderData;
  const onItemClick = (click: ChartClick) => {
    const d = click.data as Partial<ExemplarDatum> | undefined;
    if (d?.traceId) router.push(traceHref(d.traceId, { spanId: d.spanId }));
  };

  const title = data?.metric.agg ? (
    <span>
      <span className="font-mono">{data.metric.agg}</span> of <span className="font-mono">{data.metric.name}</span>
      {scaled?.label && <span className="font-normal text-slate-500 dark:text-slate-400"> ({scaled.label})</span>}
    </span>
  ) : (
    <span className="font-mono">{query.metric}</span>
  );
  const actions = (
    <>
      {result.isFetching && data && <span className="text-xs text-slate-400">updating…</span>}
      <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
        <input
          type="checkbox"
          data-testid="metric-exemplar-toggle"
          checked={showExemplars}
          onChange={(e) => {
            setShowExemplars(e.target.checked);
            props.onToggleExemplars(e.target.checked);
          }}
        />
        Exemplars{data ? ` (${data.exemplars.length})` : ""}
      </label>
    </>
  );

  let body: ReactNode;
  if (result.isError) body = <ErrorState error={result.error} onRetry={() => void result.refetch()} />;
  else if (!data || !model || !option) body = <LoadingState height={CHART_HEIGHT} />;
  else if (model.series.every((s) => s.stats.last === null))
    body = (
      <EmptyState height={CHART_HEIGHT}>
        <span>
          No data for <span className="font-mono">{data.metric.name}</span> in this time range
          {query.filters.length > 0 ? " with these filters" : ""}. Widen the time range
          {query.filters.length > 0 ? ", remove a filter" : ""} or pick another metric.
        </span>
      </EmptyState>
    );
  else
    body = (
      <div data-stale={stale} className={stale ? "opacity-50 transition-opacity" : "transition-opacity"}>
        {data.truncated && (
          <p
            data-testid="metric-series-truncated"
            className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            More series match than the {data.series.length} read (those with the highest peak). Add a filter or group by
            fewer keys to see the rest.
          </p>
        )}
        {model.total > model.series.length && (
          <p
            data-testid="metric-series-capped"
            className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            Showing {model.series.length} of {model.total} series (highest average). Add a filter or group by fewer keys
            to see the rest; the limit is {MAX_SERIES}.
          </p>
        )}
        <Chart
          testId="metric-chart"
          option={option}
          height={CHART_HEIGHT}
          onBrush={props.onZoom}
          onItemClick={onItemClick}
        />
        <div className="mt-3 max-h-80 overflow-auto">
          <SeriesTable series={model.series} groupBy={query.groupBy} unit={unit} />
        </div>
      </div>
    );

  return (
    <Panel title={title} actions={actions}>
      {query.highlight && (
        <p
          data-testid="metric-highlight"
          className="mb-2 flex items-center gap-2 text-xs text-rose-800 dark:text-rose-300"
        >
          <span className="inline-block h-3 w-4 rounded-sm border border-rose-400 bg-rose-400/20" />
          Highlighted {formatTime(query.highlight.fromMs)} – {formatTime(query.highlight.toMs)}
          {(query.highlight.toMs < range.fromMs || query.highlight.fromMs > range.toMs) && " (outside this time range)"}
          <button type="button" onClick={props.onClearHighlight} className="underline hover:no-underline">
            clear
          </button>
        </p>
      )}
      {data && <UnitWarnings warnings={data.warnings} unit={data.unit} />}
      {body}
    </Panel>
  );
}
