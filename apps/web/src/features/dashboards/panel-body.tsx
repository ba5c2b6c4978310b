// One panel's content by kind: its queries (variables already substituted) asked of their route
// over the page's range, drawn with the views' own components.
"use client";

import type {
  DashboardPanel,
  LogHistogramResponse,
  LogsResponse,
  MetricSeriesResponse,
  TraceSearchResponse,
  TraceSort,
} from "@tracelight/contracts";
import { useRouter } from "next/navigation";
import { type ReactNode, useMemo } from "react";
import { Chart } from "../../components/chart.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../components/panel.tsx";
import { logsHref } from "../../lib/links.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { hrefWith } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { histogramOption } from "../logs/histogram-option.ts";
import { LogRow } from "../logs/log-row.tsx";
import { TraceResults } from "../traces/trace-results.tsx";
import { Markdown } from "./markdown.tsx";
import { MetricPanel, type MetricPanelOptions } from "./metric-panels.tsx";
import { groupByOf } from "./metric-summary.ts";
import { type PanelData, usePanelData } from "./use-panel-data.ts";

type Query = Record<string, string | string[]>;
const METRIC_KINDS = new Set(["timeseries", "stat", "bar", "table"]);

export function PanelBody(props: { panel: DashboardPanel; queries: Query[]; height: number }) {
  const { panel, queries, height } = props;
  if (panel.kind === "markdown") return <Markdown text={panel.options.text} />;
  if (METRIC_KINDS.has(panel.kind)) return <MetricBody {...props} />;
  if (panel.kind === "logs") return <LogsBody queries={queries} height={height} />;
  if (panel.kind === "traces") return <TracesBody queries={queries} height={height} />;
  return <VolumeBody queries={queries} height={height} />;
}

function Answered<T>(props: { data: PanelData<T>; height: number; children: (answers: T[]) => ReactNode }) {
  const { data } = props;
  if (data.error) return <ErrorState error={data.error} onRetry={data.refetch} />;
  if (data.answers === undefined) return <LoadingState height={props.height} />;
  return <>{props.children(data.answers)}</>;
}

function MetricBody({ panel, queries, height }: { panel: DashboardPanel; queries: Query[]; height: number }) {
  const time = useTimeRange();
  const data = usePanelData<MetricSeriesResponse>("/metrics/series", queries, time.query);
  const groupBy = useMemo(() => groupByOf(queries[0]), [queries]);
  // Only the metric kinds reach here: their options are MetricPanelOptions.
  const options = ("options" in panel && panel.options ? panel.options : {}) as MetricPanelOptions;
  return (
    <Answered data={data} height={height}>
      {(answers) => (
        <MetricPanel kind={panel.kind} answers={answers} groupBy={groupBy} options={options} height={height} />
      )}
    </Answered>
  );
}

function LogsBody({ queries, height }: { queries: Query[]; height: number }) {
  const time = useTimeRange();
  const router = useRouter();
  const data = usePanelData<LogsResponse>("/logs", queries, time.query);
  return (
    <Answered data={data} height={height}>
      {(answers) => {
        const logs = answers.flatMap((a) => a.logs).sort((a, b) => b.timestamp - a.timestamp);
        if (logs.length === 0) return <EmptyState height={height}>No logs in this time range.</EmptyState>;
        return (
          <ul className="overflow-auto" style={{ maxHeight: height }}>
            {logs.map((log) => (
              <LogRow
                key={`${log.timestampUnixNano}-${log.body.slice(0, 40)}`}
                log={log}
                words={[]}
                currentTraceId=""
                onShowTrace={(traceId) => router.push(logsHref({ range: time.expr, traceId }))}
                onAddFilter={(f) =>
                  router.push(viewHref("/logs", time.expr, queries[0], "attr", `${f.key}${f.op}${f.value}`))
                }
              />
            ))}
          </ul>
        );
      }}
    </Answered>
  );
}

/** The panel's view with one more value of a repeated filter (a log row's "filter by"). */
function viewHref(path: string, range: TimeRangeExpr, query: Query | undefined, key: string, value: string): string {
  const had = query?.[key] ?? [];
  return hrefWith(path, {
    from: range.from,
    to: range.to,
    ...query,
    [key]: [...(Array.isArray(had) ? had : [had]), value],
  });
}

function TracesBody({ queries, height }: { queries: Query[]; height: number }) {
  const time = useTimeRange();
  const router = useRouter();
  const data = usePanelData<TraceSearchResponse>("/traces", queries, time.query);
  const sort: TraceSort = queries[0]?.sort === "duration" ? "duration" : "time";
  return (
    <Answered data={data} height={height}>
      {(answers) => {
        const traces = answers.flatMap((a) => a.traces);
        if (traces.length === 0) return <EmptyState height={height}>No traces in this time range.</EmptyState>;
        return (
          <div className="overflow-auto" style={{ maxHeight: height }}>
            <TraceResults
              traces={traces}
              sort={sort}
              onSort={(next) => router.push(hrefWith("/traces", { ...time.expr, ...queries[0], sort: next }))}
            />
          </div>
        );
      }}
    </Answered>
  );
}

function VolumeBody({ queries, height }: { queries: Query[]; height: number }) {
  const time = useTimeRange();
  // One chart of severities: a log-volume panel draws its first query.
  const data = usePanelData<LogHistogramResponse>("/logs/histogram", queries.slice(0, 1), time.query);
  const { fromMs, toMs } = time.range;
  return (
    <Answered data={data} height={height}>
      {([answer]) =>
        answer === undefined || answer.total === 0 ? (
          <EmptyState height={height}>No logs in this time range.</EmptyState>
        ) : (
          <Chart
            testId="panel-chart"
            option={histogramOption(answer, { fromMs, toMs })}
            height={height}
            onBrush={time.zoomTo}
          />
        )
      }
    </Answered>
  );
}
