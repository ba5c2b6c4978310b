// The results panel: the search's newest logs (with "load more"), or, during live tail, the
// tailed records only — no search runs while the tail is on.
"use client";

import type { AttributeFilter, LogRecord, LogsResponse } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { EmptyState, Panel, QueryView } from "../../components/panel.tsx";
import type { QueryParams } from "../../lib/api.ts";
import { formatCount } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { LiveTailControls } from "./live-tail-controls.tsx";
import { LogRow } from "./log-row.tsx";
import type { LogTail } from "./use-log-tail.ts";

/** Rows per page, and the most one search shows (the API's limit). */
export const PAGE_SIZE = 200;
export const MAX_LIMIT = 1_000;

export interface LogResultsProps {
  /** Range and filter parameters of /logs (without limit). */
  params: QueryParams;
  limit: number;
  onMore(): void;
  /** What to say when the search finds nothing (it knows the range and the filters). */
  empty: ReactNode;
  words: readonly string[];
  currentTraceId: string;
  onShowTrace(traceId: string): void;
  onAddFilter(filter: AttributeFilter): void;
  live: boolean;
  onLiveChange(on: boolean): void;
  tail: LogTail;
}

export function LogResults(props: LogResultsProps) {
  const { live, tail } = props;
  const query = useApiQuery<LogsResponse>("/logs", { ...props.params, limit: props.limit }, { enabled: !live });
  const tailFailed = tail.status === "unavailable" || tail.status === "error";
  const shown = live ? (tailFailed ? undefined : tail.buffer.rows.length) : query.data?.logs.length;
  return (
    <Panel
      testId="log-results"
      title={live ? "Live tail" : "Logs"}
      actions={
        <>
          {shown !== undefined && (
            <span className="text-xs text-slate-500 dark:text-slate-400">
              <span data-testid="log-count">{shown === 1 ? "1 log" : `${shown} logs`}</span>
              {live ? " (newest first, last 1,000 kept)" : " (newest first)"}
            </span>
          )}
          <LiveTailControls live={live} onLiveChange={props.onLiveChange} tail={tail} />
        </>
      }
    >
      {live ? (
        <TailList {...props} />
      ) : (
        <QueryView query={query} isEmpty={(d) => d.logs.length === 0} empty={props.empty} loadingHeight={240}>
          {(d) => (
            <>
              <LogList logs={d.logs.map((log, i) => ({ key: `${log.timestampUnixNano}:${i}`, log }))} {...props} />
              <MoreFooter count={d.logs.length} {...props} loading={query.isFetching} />
            </>
          )}
        </QueryView>
      )}
    </Panel>
  );
}

function TailList(props: LogResultsProps) {
  const { tail } = props;
  if (tail.status === "unavailable" || tail.status === "error") {
    return (
      <div
        role="alert"
        data-testid="live-tail-error"
        className="flex items-center justify-between gap-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      >
        <span>{tail.message}</span>
        {tail.status === "error" && (
          <button type="button" onClick={tail.retry} className="rounded border border-amber-400 px-2 py-0.5">
            Retry
          </button>
        )}
      </div>
    );
  }
  if (tail.buffer.rows.length === 0) {
    return (
      <EmptyState>
        {tail.status === "live"
          ? "Waiting for new logs that match these filters…"
          : tail.paused
            ? "Paused. New logs wait until you resume."
            : "Opening the live tail…"}
      </EmptyState>
    );
  }
  return <LogList logs={tail.buffer.rows.map((e) => ({ key: String(e.seq), log: e.log }))} {...props} />;
}

function LogList(props: LogResultsProps & { logs: { key: string; log: LogRecord }[] }) {
  return (
    <ul className="divide-slate-100 dark:divide-slate-800">
      {props.logs.map(({ key, log }) => (
        <LogRow
          key={key}
          log={log}
          words={props.words}
          currentTraceId={props.currentTraceId}
          onShowTrace={props.onShowTrace}
          onAddFilter={props.onAddFilter}
        />
      ))}
    </ul>
  );
}

function MoreFooter(props: { count: number; limit: number; onMore(): void; loading: boolean }) {
  if (props.count < props.limit) return null;
  return (
    <div className="mt-2 flex items-center justify-center gap-3 text-xs text-slate-500 dark:text-slate-400">
      {props.limit < MAX_LIMIT ? (
        <button
          type="button"
          onClick={props.onMore}
          disabled={props.loading}
          className="rounded border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
          data-testid="log-load-more"
        >
          {props.loading ? "Loading…" : `Load ${Math.min(PAGE_SIZE, MAX_LIMIT - props.limit)} more`}
        </button>
      ) : (
        <span data-testid="log-limit-note">
          Showing the newest {formatCount(MAX_LIMIT)} logs. Narrow the time range (drag across the chart) to see older
          ones.
        </span>
      )}
    </div>
  );
}
