// A short list of recent failed traces (newest first), each a link to its waterfall; the
// service page lists one service's, the home dashboard every service's.
"use client";

import type { TraceSummary } from "@tracelight/contracts";
import Link from "next/link";
import { formatDurationMs, formatTime } from "../../lib/format.ts";
import { traceHref } from "../../lib/links.ts";

export function ErrorTraceList({
  traces,
  showService = true,
}: {
  traces: readonly TraceSummary[];
  showService?: boolean;
}) {
  return (
    <ul className="max-h-[420px] divide-y divide-slate-100 overflow-y-auto text-sm dark:divide-slate-800">
      {traces.map((t) => (
        <li key={t.traceId} data-testid="error-trace-row" data-trace-id={t.traceId}>
          <Link
            href={traceHref(t.traceId)}
            className="flex items-center gap-3 rounded px-1 py-1.5 hover:bg-slate-50 dark:hover:bg-slate-800/50"
          >
            <span className="w-[70px] shrink-0 tabular-nums text-xs text-slate-500 dark:text-slate-400">
              {formatTime(t.startTime)}
            </span>
            <span className="min-w-0 flex-1 truncate" title={`${t.rootServiceName}: ${t.rootName}`}>
              {showService && <span className="text-slate-500 dark:text-slate-400">{t.rootServiceName} · </span>}
              <span className="font-medium text-slate-800 dark:text-slate-100">{t.rootName}</span>
            </span>
            <span
              className="shrink-0 rounded bg-red-100 px-1.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
              title="spans of this trace with status Error (one failed request marks every hop it fails through)"
            >
              {t.errorCount} {t.errorCount === 1 ? "error span" : "error spans"}
            </span>
            <span className="w-16 shrink-0 text-right tabular-nums text-xs text-slate-600 dark:text-slate-300">
              {formatDurationMs(t.durationMs)}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
