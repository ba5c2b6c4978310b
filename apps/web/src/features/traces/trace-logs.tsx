// "Trace logs": the trace's logs in time order, interleaved with the starts of its spans so that
// a log reads in the context of the call it was written in. Clicking a row selects its span.
"use client";

import Link from "next/link";
import { memo, useMemo, useState } from "react";
import { ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { formatCount, formatDurationMs } from "../../lib/format.ts";
import { severityBadgeClass, severityLabel, severityRange } from "../../lib/severity.ts";
import { formatOffset, interleave, type PlacedLog, type TimelineEntry } from "./timeline.ts";
import type { TraceModel } from "./trace-model.ts";
import { LINK, MUTED } from "./ui.ts";
import type { SpanNode } from "./waterfall-layout.ts";

/** Rows drawn before "show all": a long list of logs still opens fast. */
const FIRST_ROWS = 1000;

const LogRow = memo(function LogRow(props: {
  placed: PlacedLog;
  traceId: string;
  selected: boolean;
  onSelect: (spanId: string) => void;
}) {
  const { log, span, offsetNs } = props.placed;
  const severity = severityLabel(log.severityText, log.severityNumber);
  return (
    <li
      data-testid="trace-log-row"
      data-trace-id={log.traceId || props.traceId}
      data-span-id={log.spanId}
      className={`grid grid-cols-[3.5rem_5.5rem_8rem_1fr_minmax(8rem,14rem)] items-baseline gap-2 border-b border-slate-100 px-2 py-1 text-xs dark:border-slate-800 ${
        props.selected ? "bg-sky-50 dark:bg-sky-950/60" : ""
      }`}
    >
      <span
        className={`rounded px-1 text-center text-[10px] font-semibold ${severityBadgeClass(severityRange(log.severityNumber))}`}
      >
        {severity}
      </span>
      <span className="text-right font-mono text-slate-500 tabular-nums dark:text-slate-400">
        {formatOffset(offsetNs, formatDurationMs)}
      </span>
      <span className="truncate text-slate-600 dark:text-slate-300" title={log.serviceName}>
        {log.serviceName}
      </span>
      <span className="min-w-0 font-mono break-words whitespace-pre-wrap">{log.body}</span>
      {span ? (
        <button
          type="button"
          className={`truncate text-left ${LINK}`}
          onClick={() => props.onSelect(span.id)}
          title={`Select span ${span.span.name} (${span.id})`}
        >
          {span.span.name}
        </button>
      ) : (
        <span
          className={`truncate ${MUTED}`}
          title={log.spanId === "" ? "no span context" : `span ${log.spanId} is not in this trace`}
        >
          {log.spanId === "" ? "—" : "(span not in trace)"}
        </span>
      )}
    </li>
  );
});

const SpanStartRow = memo(function SpanStartRow(props: {
  node: SpanNode;
  color: string;
  selected: boolean;
  onSelect: (spanId: string) => void;
}) {
  const { node } = props;
  return (
    <li
      data-testid="trace-span-start"
      className={`grid cursor-pointer grid-cols-[3.5rem_5.5rem_8rem_1fr_minmax(8rem,14rem)] items-baseline gap-2 border-b border-slate-100 px-2 py-0.5 text-xs text-slate-500 hover:bg-slate-50 dark:border-slate-800 dark:text-slate-400 dark:hover:bg-slate-800/50 ${
        props.selected ? "bg-sky-50 dark:bg-sky-950/60" : ""
      }`}
      onClick={() => props.onSelect(node.id)}
      onKeyDown={(e) => e.key === "Enter" && props.onSelect(node.id)}
    >
      <span className="text-center text-[10px]">span</span>
      <span className="text-right font-mono tabular-nums">{formatOffset(node.startNs, formatDurationMs)}</span>
      <span className="flex min-w-0 items-center gap-1">
        <span className="inline-block size-2 shrink-0 rounded-full" style={{ backgroundColor: props.color }} />
        <span className="truncate">{node.span.serviceName}</span>
      </span>
      <span className={`min-w-0 truncate ${node.error ? "text-red-700 dark:text-red-400" : ""}`}>
        ▸ {node.span.name} <span className="font-mono">({formatDurationMs((node.endNs - node.startNs) / 1e6)})</span>
      </span>
      <span />
    </li>
  );
});

export function TraceLogs(props: {
  traceId: string;
  model: TraceModel;
  placed: PlacedLog[];
  state: "loading" | "error" | "ready";
  error?: unknown;
  onRetry?: () => void;
  truncated: boolean;
  searchHref: string;
  selectedId: string | undefined;
  onSelect: (spanId: string) => void;
}) {
  const [withSpans, setWithSpans] = useState(true);
  const [showAll, setShowAll] = useState(false);
  const entries = useMemo(
    () => interleave(props.model.tree, props.placed, withSpans),
    [props.model.tree, props.placed, withSpans],
  );
  const shown = showAll ? entries : entries.slice(0, FIRST_ROWS);
  const row = (e: TimelineEntry) =>
    e.kind === "log" ? (
      <LogRow
        key={e.key}
        placed={e.placed}
        traceId={props.traceId}
        selected={e.placed.span !== undefined && e.placed.span.id === props.selectedId}
        onSelect={props.onSelect}
      />
    ) : (
      <SpanStartRow
        key={e.key}
        node={e.node}
        color={props.model.colors.get(e.node.span.serviceName) ?? "#94a3b8"}
        selected={e.node.id === props.selectedId}
        onSelect={props.onSelect}
      />
    );

  return (
    <Panel
      testId="trace-logs"
      title={`Trace logs${props.state === "ready" ? ` (${formatCount(props.placed.length)}${props.truncated ? "+" : ""})` : ""}`}
      actions={
        <>
          <label className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300">
            <input
              type="checkbox"
              checked={withSpans}
              onChange={(e) => setWithSpans(e.target.checked)}
              data-testid="trace-logs-with-spans"
            />
            Interleave span starts
          </label>
          <Link href={props.searchHref} className={`${LINK} text-xs`}>
            Open in log search →
          </Link>
        </>
      }
    >
      {props.state === "loading" && <LoadingState label="Loading logs…" height={48} />}
      {props.state === "error" && <ErrorState error={props.error} onRetry={props.onRetry} />}
      {props.state === "ready" && props.placed.length === 0 && (
        <p className={`pb-2 text-sm ${MUTED}`} data-testid="trace-logs-empty">
          No logs carry this trace ID (within 5 minutes of the trace).
        </p>
      )}
      {props.truncated && (
        <p className={`pb-2 text-xs ${MUTED}`}>
          Showing the first {formatCount(props.placed.length)} logs; log search has all of them.
        </p>
      )}
      {(props.placed.length > 0 || (withSpans && props.state === "ready")) && (
        <ol className="max-h-[60vh] overflow-y-auto rounded border border-slate-200 dark:border-slate-700">
          {shown.map(row)}
        </ol>
      )}
      {!showAll && entries.length > FIRST_ROWS && (
        <button type="button" className={`${LINK} mt-2 text-xs`} onClick={() => setShowAll(true)}>
          Show all {formatCount(entries.length)} rows
        </button>
      )}
    </Panel>
  );
}
