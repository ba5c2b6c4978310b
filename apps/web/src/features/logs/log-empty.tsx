// What an empty search says: for a trace ID, that the trace has no logs in this range, with
// ways to look wider (a longer range, or the trace's own time).
"use client";

import { useUrlState } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { hasAnyFilter, type LogFilterState } from "./log-filters.ts";
import { widenRange } from "./widen-range.ts";

const BUTTON =
  "rounded border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800";

export function LogEmpty({ filters, traceWindow }: { filters: LogFilterState; traceWindow: boolean }) {
  const time = useTimeRange();
  const url = useUrlState();
  const widen = () => time.setRange(widenRange(time.expr, time.range));
  const message =
    filters.traceId !== ""
      ? traceWindow
        ? `No logs for trace ${filters.traceId} around its spans (or in the last 30 days).`
        : `No logs for trace ${filters.traceId} in this time range.`
      : hasAnyFilter(filters)
        ? "No logs match these filters in this time range."
        : "No logs in this time range.";
  return (
    <div className="flex flex-col items-center gap-2" data-testid="log-empty">
      <p>{message}</p>
      {!traceWindow && (
        <p className="flex flex-wrap justify-center gap-2">
          <button type="button" className={BUTTON} onClick={widen} data-testid="log-widen-range">
            Widen the time range
          </button>
          {filters.traceId !== "" && (
            <button
              type="button"
              className={BUTTON}
              onClick={() => url.set({ from: null, to: null })}
              data-testid="log-trace-window"
            >
              Search around the trace’s own time
            </button>
          )}
        </p>
      )}
    </div>
  );
}
