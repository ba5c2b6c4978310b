// The live-tail switch and, while it runs, its status, pause/resume and dropped notice.
"use client";

import { formatCount } from "../../lib/format.ts";
import type { LogTail, TailStatus } from "./use-log-tail.ts";

const BUTTON =
  "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

const STATUS_TEXT: Record<TailStatus, string> = {
  off: "",
  connecting: "connecting…",
  live: "live",
  reconnecting: "reconnecting…",
  unavailable: "unavailable",
  error: "stopped",
};

export function LiveTailControls(props: { live: boolean; onLiveChange(on: boolean): void; tail: LogTail }) {
  const { live, tail } = props;
  const status = tail.paused && tail.status === "live" ? "paused" : STATUS_TEXT[tail.status];
  const dotColor =
    tail.status === "live" && !tail.paused
      ? "bg-emerald-500 animate-pulse"
      : tail.status === "error" || tail.status === "unavailable"
        ? "bg-red-500"
        : "bg-amber-400";
  return (
    <span className="flex items-center gap-2 text-xs">
      {live && (
        <>
          <span className="flex items-center gap-1 text-slate-600 dark:text-slate-300" data-testid="live-tail-status">
            <span className={`inline-block h-2 w-2 rounded-full ${dotColor}`} aria-hidden />
            {status}
          </span>
          {tail.buffer.dropped > 0 && (
            <span
              className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100"
              title="Logs that matched but were skipped because this page fell behind the stream"
              data-testid="live-tail-dropped"
            >
              {formatCount(tail.buffer.dropped)} dropped
            </span>
          )}
          {tail.paused && tail.buffer.pending.length > 0 && (
            <span className="text-slate-500 dark:text-slate-400" data-testid="live-tail-pending">
              {formatCount(tail.buffer.pending.length)} new
            </span>
          )}
          {(tail.status === "live" || tail.paused) && (
            <button
              type="button"
              className={BUTTON}
              onClick={tail.paused ? tail.resume : tail.pause}
              data-testid="live-tail-pause"
            >
              {tail.paused ? "Resume" : "Pause"}
            </button>
          )}
        </>
      )}
      <button
        type="button"
        aria-pressed={live}
        onClick={() => props.onLiveChange(!live)}
        className={
          live
            ? "rounded bg-emerald-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-emerald-700 dark:bg-emerald-700 dark:hover:bg-emerald-600"
            : BUTTON
        }
        data-testid="live-tail-toggle"
      >
        {live ? "Stop live tail" : "Live tail"}
      </button>
    </span>
  );
}
