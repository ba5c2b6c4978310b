// Log volume over time, stacked by severity; dragging across it zooms the page's time range.
"use client";

import type { LogHistogramResponse } from "@tracelight/contracts";
import { useMemo } from "react";
import { Chart } from "../../components/chart.tsx";
import { Panel, QueryView } from "../../components/panel.tsx";
import type { QueryParams } from "../../lib/api.ts";
import { formatCount, formatTime } from "../../lib/format.ts";
import { SEVERITY_COLORS } from "../../lib/severity.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { bucketExtent, histogramOption } from "./histogram-option.ts";

export interface LogHistogramPanelProps {
  /** Range and filter parameters, exactly as /logs gets them. */
  params: QueryParams;
  /** The chart's x extent; undefined in a trace's own window (the buckets' extent then). */
  extent: { fromMs: number; toMs: number } | undefined;
  onBrush(fromMs: number, toMs: number): void;
  note?: string;
}

const HEIGHT = 150;

export function LogHistogramPanel({ params, extent, onBrush, note }: LogHistogramPanelProps) {
  const query = useApiQuery<LogHistogramResponse>("/logs/histogram", params);
  const data = query.data;
  return (
    <Panel
      testId="log-histogram"
      title="Log volume"
      actions={
        <span className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
          {note && <span>{note}</span>}
          {extent === undefined && data && <TraceWindowNote data={data} />}
          {data && data.total > 0 && <Legend data={data} />}
          {data && <span data-testid="log-histogram-total">{formatCount(data.total)} logs in range</span>}
        </span>
      }
    >
      <QueryView
        query={query}
        loadingHeight={HEIGHT}
        isEmpty={(d) => d.total === 0}
        empty="No logs to chart in this range."
      >
        {(d) => <HistogramChart data={d} extent={extent} onBrush={onBrush} />}
      </QueryView>
    </Panel>
  );
}

function HistogramChart(props: {
  data: LogHistogramResponse;
  extent: LogHistogramPanelProps["extent"];
  onBrush(fromMs: number, toMs: number): void;
}) {
  const { data, extent } = props;
  const from = extent?.fromMs;
  const to = extent?.toMs;
  const option = useMemo(() => {
    const x = from !== undefined && to !== undefined ? { fromMs: from, toMs: to } : bucketExtent(data);
    return histogramOption(data, x ?? { fromMs: 0, toMs: 1 });
  }, [data, from, to]);
  return <Chart option={option} height={HEIGHT} testId="log-histogram-chart" onBrush={props.onBrush} />;
}

function Legend({ data }: { data: LogHistogramResponse }) {
  return (
    <span className="flex items-center gap-2">
      {data.series.map((s) => (
        <span key={s.severity} className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 rounded-sm" style={{ backgroundColor: SEVERITY_COLORS[s.severity] }} />
          {s.severity}
        </span>
      ))}
    </span>
  );
}

/** Without a range the API searched the trace's own window: say which, since the time picker cannot. */
function TraceWindowNote({ data }: { data: LogHistogramResponse }) {
  const window = bucketExtent(data);
  if (window === undefined) return <span>around the trace (its spans ± 5 min)</span>;
  return (
    <span data-testid="log-trace-window-note">
      the trace’s window {formatTime(window.fromMs)} → {formatTime(window.toMs)} (its spans ± 5 min)
    </span>
  );
}
