// The metric explorer (/metrics): pick a metric, an aggregation, group-by keys and filters;
// the chart, its exemplars and the series table follow. All of it lives in the URL.
"use client";

import { InvalidFiltersNotice } from "../../components/invalid-filters-notice.tsx";
import { Panel, QueryView } from "../../components/panel.tsx";
import { useUrlState } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { SavedViewsMenu } from "../saved-views/saved-views-menu.tsx";
import { MetricCatalog } from "./metric-catalog.tsx";
import { MetricChartPanel } from "./metric-chart-panel.tsx";
import { MetricPicker } from "./metric-picker.tsx";
import {
  addFilter,
  addGroupBy,
  type MetricQuery,
  metricQueryPatch,
  readMetricQuery,
  removeFilter,
  removeGroupBy,
  selectedAgg,
  withMetric,
} from "./metric-query.ts";
import { AggSelect, FilterEditor, GroupByPicker, StepSelect } from "./query-controls.tsx";
import { useMetricAttributes, useMetricCatalog, useMetricSeries } from "./use-metric-data.ts";

export function MetricsView() {
  const url = useUrlState();
  const time = useTimeRange();
  const query = readMetricQuery(url.params);
  const update = (next: MetricQuery) => url.set(metricQueryPatch(next));

  const series = useMetricSeries(query, time.query);
  // With no metric chosen the catalogue is the page's main data; otherwise the chart is.
  const chartFirst = query.metric === undefined ? undefined : series;
  const catalog = useMetricCatalog(time.query, chartFirst);
  const attributes = useMetricAttributes(query.metric, time.query, chartFirst);

  const info = catalog.data?.metrics.find((m) => m.name === query.metric);
  // Without the metric in the catalogue (no data in range), the series answer may still know it.
  const seriesMetric = series.data?.metric.name === query.metric ? series.data?.metric : undefined;
  const type = info?.type ?? seriesMetric?.type ?? undefined;
  const agg = selectedAgg(query, info) ?? seriesMetric?.agg ?? undefined;
  const keys = attributes.data?.keys;

  return (
    <div className="space-y-3">
      <SavedViewsMenu kind="metrics" />
      <InvalidFiltersNotice url={url} paramKey="filter" />
      <Panel>
        <div className="flex flex-wrap items-center gap-3">
          <MetricPicker
            metrics={catalog.data?.metrics}
            value={query.metric}
            onPick={(name) => update(withMetric(query, name))}
          />
          <AggSelect type={type} value={agg} onChange={(next) => update({ ...query, agg: next })} />
          <StepSelect
            value={query.step}
            onChange={(step) => {
              const { step: _old, ...rest } = query;
              update(step === undefined ? rest : { ...rest, step });
            }}
          />
          {query.metric !== undefined && (
            <button
              type="button"
              onClick={() => update(withMetric(query, undefined))}
              className="text-xs text-slate-500 underline hover:no-underline dark:text-slate-400"
            >
              all metrics
            </button>
          )}
        </div>
        {query.metric !== undefined && (
          <div className="mt-3 flex flex-wrap items-start gap-x-6 gap-y-2">
            <GroupByPicker
              keys={keys}
              value={query.groupBy}
              onAdd={(key) => update(addGroupBy(query, key))}
              onRemove={(key) => update(removeGroupBy(query, key))}
            />
            <FilterEditor
              keys={keys}
              value={query.filters}
              onAdd={(filter) => update(addFilter(query, filter))}
              onRemove={(index) => update(removeFilter(query, index))}
            />
          </div>
        )}
        {info?.description && <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{info.description}</p>}
      </Panel>

      {query.metric === undefined ? (
        <Panel title="Metrics in this time range">
          <QueryView
            query={catalog}
            isEmpty={(d) => d.metrics.length === 0}
            empty="No metrics were reported in this time range. Send OTLP metrics to Tracelight, or widen the range."
          >
            {(d) => <MetricCatalog metrics={d.metrics} range={time.expr} />}
          </QueryView>
        </Panel>
      ) : (
        <MetricChartPanel
          query={query}
          result={series}
          range={time.range}
          onZoom={time.zoomTo}
          onToggleExemplars={(show) => {
            const { hideExemplars: _old, ...rest } = query;
            url.set(metricQueryPatch(show ? rest : { ...rest, hideExemplars: true }), { replace: true });
          }}
          onClearHighlight={() => {
            const { highlight: _old, ...rest } = query;
            update(rest);
          }}
        />
      )}
    </div>
  );
}
