// The routes of a service over the range, busiest first; clicking one filters the page's
// charts to it (`route` in the URL), and each links to trace search for that route.
"use client";

import type { RedRoute } from "@tracelight/contracts";
import Link from "next/link";
import { formatDurationMs, formatPercent, formatRate } from "../../lib/format.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { routeTracesHref } from "./operations.ts";
import { errorHealth } from "./services-sort.ts";

const ERROR_TEXT = {
  ok: "",
  warn: "text-amber-700 dark:text-amber-400",
  bad: "font-semibold text-red-600 dark:text-red-400",
} as const;

export function TopOperations(props: {
  service: string;
  routes: readonly RedRoute[];
  selected?: string;
  range: TimeRangeExpr;
  onSelect: (route: string) => void;
}) {
  const { service, routes, selected, range, onSelect } = props;
  return (
    <div className="max-h-[420px] overflow-auto">
      <table className="w-full border-collapse text-sm">
        <thead className="sticky top-0 bg-white dark:bg-slate-900">
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
            <th className="px-2 py-1.5 font-medium">Route</th>
            <th className="px-2 py-1.5 text-right font-medium">Requests</th>
            <th className="px-2 py-1.5 text-right font-medium">Error rate</th>
            <th className="px-2 py-1.5 text-right font-medium">p50</th>
            <th className="px-2 py-1.5 text-right font-medium">p99</th>
            <th className="px-2 py-1.5" aria-label="Traces" />
          </tr>
        </thead>
        <tbody>
          {routes.map((r) => {
            const active = r.route === selected;
            return (
              <tr
                key={r.route}
                data-testid="operation-row"
                data-route={r.route}
                aria-selected={active}
                onClick={() => onSelect(r.route)}
                className={`cursor-pointer border-b border-slate-100 last:border-0 dark:border-slate-800 ${active ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-slate-50 dark:hover:bg-slate-800/50"}`}
              >
                <td className="max-w-[320px] truncate px-2 py-1.5">
                  <button
                    type="button"
                    title={active ? "Show every route again" : "Show only this route in the charts"}
                    className={`truncate font-mono text-xs ${active ? "font-semibold text-sky-800 dark:text-sky-200" : "text-slate-800 dark:text-slate-200"}`}
                  >
                    {r.route}
                  </button>
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatRate(r.rate)}</td>
                <td className={`px-2 py-1.5 text-right tabular-nums ${ERROR_TEXT[errorHealth(r.errorRate)]}`}>
                  {formatPercent(r.errorRate)}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatDurationMs(r.p50Ms)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatDurationMs(r.p99Ms)}</td>
                <td className="px-2 py-1.5 text-right">
                  <Link
                    href={routeTracesHref(service, r.route, range)}
                    onClick={(e) => e.stopPropagation()}
                    data-testid="operation-traces-link"
                    className="text-xs text-sky-700 hover:underline dark:text-sky-400"
                  >
                    traces
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
