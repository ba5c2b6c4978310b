// The search results: one row per trace in the api's order (newest first, or longest first over
// the whole range), with a duration bar scaled to the slowest trace listed. Rows open the trace.
"use client";

import type { TraceSort, TraceSummary } from "@tracelight/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { formatCount, formatDurationMs, formatTimePrecise } from "../../lib/format.ts";
import { traceHref } from "../../lib/links.ts";
import { ServiceChip } from "./service-chip.tsx";
import { serviceColors } from "./service-colors.ts";
import { MUTED } from "./ui.ts";
import { usePrefetchTrace } from "./use-trace-data.ts";

const SORT_TITLES: Record<TraceSort, string> = {
  time: "Newest first, over the whole time range",
  duration: "Longest first, over the whole time range",
};

export function TraceResults(props: { traces: TraceSummary[]; sort: TraceSort; onSort: (sort: TraceSort) => void }) {
  const router = useRouter();
  const prefetch = usePrefetchTrace();
  const maxDuration = useMemo(() => Math.max(...props.traces.map((t) => t.durationMs), 0), [props.traces]);
  const colors = useMemo(() => serviceColors(props.traces.flatMap((t) => t.services)), [props.traces]);
  const header = (sort: TraceSort, label: string, className: string) => (
    <th className={`px-2 py-1 font-medium ${className}`} aria-sort={props.sort === sort ? "descending" : "none"}>
      <button
        type="button"
        data-testid={`sort-${sort}`}
        onClick={() => props.onSort(sort)}
        className={`hover:underline ${props.sort === sort ? "text-sky-700 dark:text-sky-400" : ""}`}
        title={SORT_TITLES[sort]}
      >
        {label}
        {props.sort === sort ? " ↓" : ""}
      </button>
    </th>
  );

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className={`text-left text-xs ${MUTED}`}>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            {header("time", "Start", "w-36")}
            <th className="px-2 py-1 font-medium">Root span</th>
            {header("duration", "Duration", "w-64")}
            <th className="w-16 px-2 py-1 text-right font-medium">Spans</th>
            <th className="w-16 px-2 py-1 text-right font-medium">Errors</th>
            <th className="px-2 py-1 font-medium">Services</th>
          </tr>
        </thead>
        <tbody>
          {props.traces.map((t) => {
            const href = traceHref(t.traceId);
            return (
              <tr
                key={t.traceId}
                data-testid="trace-row"
                data-trace-id={t.traceId}
                onPointerEnter={() => prefetch(t.traceId)}
                onClick={(e) => {
                  // Let modified clicks on the link open a new tab.
                  if ((e.target as HTMLElement).closest("a")) return;
                  router.push(href);
                }}
                className="cursor-pointer border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60"
              >
                <td className={`px-2 py-1.5 font-mono text-xs whitespace-nowrap ${MUTED}`}>
                  {formatTimePrecise(t.startTime)}
                </td>
                <td className="max-w-md px-2 py-1.5">
                  <Link href={href} className="flex min-w-0 items-center gap-2 hover:underline">
                    <ServiceChip name={t.rootServiceName} color={colors.get(t.rootServiceName) ?? "#94a3b8"} />
                    <span className="truncate font-medium">{t.rootName || "(no name)"}</span>
                  </Link>
                </td>
                <td className="px-2 py-1.5">
                  <div className="flex items-center gap-2">
                    <div className="h-2 flex-1 rounded bg-slate-100 dark:bg-slate-800">
                      <div
                        className={`h-2 rounded ${t.errorCount > 0 ? "bg-red-500" : "bg-sky-500"}`}
                        style={{ width: `${maxDuration > 0 ? Math.max(1, (t.durationMs / maxDuration) * 100) : 0}%` }}
                      />
                    </div>
                    <span className="w-16 text-right font-mono text-xs tabular-nums">
                      {formatDurationMs(t.durationMs)}
                    </span>
                  </div>
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatCount(t.spanCount)}</td>
                <td
                  className={`px-2 py-1.5 text-right tabular-nums ${t.errorCount > 0 ? "font-semibold text-red-600 dark:text-red-400" : MUTED}`}
                >
                  {formatCount(t.errorCount)}
                </td>
                <td className="px-2 py-1.5">
                  <div className="flex flex-wrap gap-1">
                    {t.services.map((s) => (
                      <ServiceChip key={s} name={s} color={colors.get(s) ?? "#94a3b8"} />
                    ))}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
