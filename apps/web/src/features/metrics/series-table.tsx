// The drawn series under the chart with last / min / max / avg over the range; a click on a
// column header sorts by it.
"use client";

import { useState } from "react";
import { formatValue } from "../../lib/format.ts";
import type { SeriesStats, SeriesView } from "./series-model.ts";

type SortKey = "name" | keyof SeriesStats;
const STATS: (keyof SeriesStats)[] = ["last", "min", "max", "avg"];

export function SeriesTable(props: { series: readonly SeriesView[]; groupBy: readonly string[]; unit: string }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "name", desc: false });
  const rows = [...props.series];
  if (sort.key !== "name") {
    const k = sort.key;
    rows.sort((a, b) => (a.stats[k] ?? Number.NEGATIVE_INFINITY) - (b.stats[k] ?? Number.NEGATIVE_INFINITY));
  }
  if (sort.desc) rows.reverse();
  const header = (key: SortKey, label: string, right: boolean) => (
    <th key={key} className={`py-1.5 pr-3 font-medium ${right ? "text-right" : ""}`} aria-sort={sortState(sort, key)}>
      <button
        type="button"
        className="hover:text-slate-900 dark:hover:text-slate-100"
        onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "name" }))}
      >
        {label}
        {sort.key === key ? (sort.desc ? " ↓" : " ↑") : ""}
      </button>
    </th>
  );
  const labelHeader = props.groupBy.length > 0 ? props.groupBy.join(" · ") : "Series";
  return (
    <table data-testid="metric-series-table" className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr className="border-b border-slate-200 dark:border-slate-700">
          {header("name", labelHeader, false)}
          {STATS.map((k) => header(k, k, true))}
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr
            key={s.key}
            data-testid="metric-series-row"
            data-series={s.name}
            className="border-b border-slate-100 last:border-0 dark:border-slate-800"
          >
            <td className="py-1 pr-3">
              <span className="inline-flex items-center gap-2 font-mono text-xs">
                <span className="inline-block h-2.5 w-2.5 shrink-0 rounded-full" style={{ background: s.color }} />
                {s.name}
              </span>
            </td>
            {STATS.map((k) => (
              <td key={k} className="py-1 pr-3 text-right tabular-nums">
                {formatValue(s.stats[k], props.unit)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function sortState(sort: { key: SortKey; desc: boolean }, key: SortKey): "ascending" | "descending" | "none" {
  if (sort.key !== key) return "none";
  return sort.desc ? "descending" : "ascending";
}
