// The latest ERROR (and FATAL) log records across services; records with trace context link
// to their trace, at the span that wrote them.
"use client";

import type { LogRecord } from "@tracelight/contracts";
import Link from "next/link";
import { formatTime } from "../../lib/format.ts";
import { traceHref } from "../../lib/links.ts";

export function ErrorLogList({ logs }: { logs: readonly LogRecord[] }) {
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {logs.map((log) => (
        <li
          // Two records can share a nanosecond; service, span and body break the tie.
          key={`${log.timestampUnixNano}|${log.serviceName}|${log.spanId}|${log.body}`}
          data-testid="error-log-row"
          data-trace-id={log.traceId}
          className="flex items-center gap-3 px-1 py-1.5"
        >
          <span className="w-[70px] shrink-0 tabular-nums text-xs text-slate-500 dark:text-slate-400">
            {formatTime(log.timestamp)}
          </span>
          <span className="w-28 shrink-0 truncate text-xs text-slate-600 dark:text-slate-300" title={log.serviceName}>
            {log.serviceName}
          </span>
          <span
            className="min-w-0 flex-1 truncate font-mono text-xs text-slate-800 dark:text-slate-100"
            title={log.body}
          >
            <span className="mr-1.5 font-sans font-semibold text-red-600 dark:text-red-400">
              {log.severityText || "ERROR"}
            </span>
            {log.body}
          </span>
          {log.traceId !== "" ? (
            <Link
              href={traceHref(log.traceId, { spanId: log.spanId || undefined })}
              className="shrink-0 text-xs text-sky-700 hover:underline dark:text-sky-400"
              title={`trace ${log.traceId}`}
            >
              trace
            </Link>
          ) : (
            <span className="w-8 shrink-0" />
          )}
        </li>
      ))}
    </ul>
  );
}
