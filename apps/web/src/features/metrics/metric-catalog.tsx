// What the explorer shows before a metric is picked: every metric reported in the range, each
// a link that opens it.
"use client";

import type { MetricInfo } from "@tracelight/contracts";
import Link from "next/link";
import { metricHref } from "../../lib/links.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { TypeBadge, UnitBadge } from "./metric-badges.tsx";

export function MetricCatalog({ metrics, range }: { metrics: readonly MetricInfo[]; range: TimeRangeExpr }) {
  return (
    <table data-testid="metric-catalog" className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr className="border-b border-slate-200 dark:border-slate-700">
          <th className="py-1.5 pr-3 font-medium">Metric</th>
          <th className="py-1.5 pr-3 font-medium">Type</th>
          <th className="py-1.5 pr-3 font-medium">Unit</th>
          <th className="py-1.5 pr-3 font-medium">Description</th>
          <th className="py-1.5 font-medium">Services</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => (
          <tr
            key={m.name}
            data-testid="metric-catalog-row"
            data-metric={m.name}
            className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
          >
            <td className="py-1.5 pr-3">
              <Link
                href={metricHref({ metric: m.name, range })}
                className="font-mono text-sky-700 hover:underline dark:text-sky-400"
              >
                {m.name}
              </Link>
            </td>
            <td className="py-1.5 pr-3">
              <TypeBadge type={m.type} monotonic={m.isMonotonic} />
            </td>
            <td className="py-1.5 pr-3">
              <UnitBadge unit={m.unit} units={m.units} />
            </td>
            <td className="py-1.5 pr-3 text-slate-600 dark:text-slate-300">{m.description}</td>
            <td className="py-1.5 text-slate-600 dark:text-slate-300">{m.services.join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
