// Charts of Tracelight's own metrics (self-metrics.ts in the api), drawn by the metric
// explorer's chart panel over the page's time range.
"use client";

import type { TimeRangeState } from "../../lib/use-time-range.tsx";
import { MetricChartPanel } from "../metrics/metric-chart-panel.tsx";
import type { MetricQuery } from "../metrics/metric-query.ts";
import { useMetricSeries } from "../metrics/use-metric-data.ts";

const chart = (metric: string, agg: string, groupBy: string[] = []): MetricQuery => ({
  metric,
  agg,
  groupBy,
  filters: [],
  hideExemplars: true,
});

export const HEALTH_CHARTS: readonly MetricQuery[] = [
  chart("tracelight.ingest.queue.bytes", "max"),
  chart("tracelight.ingest.refused", "sum"),
  chart("tracelight.ingest.batch.duration", "p99"),
  chart("tracelight.query.duration", "p99", ["http.route"]),
  chart("tracelight.alerts.lag", "max"),
  chart("tracelight.notifications.backlog", "max"),
];

const ignore = () => {};

function HealthChart({ query, time }: { query: MetricQuery; time: TimeRangeState }) {
  const result = useMetricSeries(query, time.query);
  return (
    <MetricChartPanel
      query={query}
      result={result}
      range={time.range}
      onZoom={time.zoomTo}
      onToggleExemplars={ignore}
      onClearHighlight={ignore}
    />
  );
}

export function HealthCharts({ time }: { time: TimeRangeState }) {
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      {HEALTH_CHARTS.map((query) => (
        <HealthChart key={query.metric} query={query} time={time} />
      ))}
    </div>
  );
}
