// The table of services with their rate, error rate and latency and a trend line for each;
// the service overview shows all of them (sortable), the home dashboard the busiest few.
"use client";

import type { ServiceOverview } from "@tracelight/contracts";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatDurationMs, formatPercent, formatRate } from "../../lib/format.ts";
import { serviceHref } from "../../lib/links.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { ERROR_RATE_BAD, errorHealth, type Health, type SortKey, type SortState } from "./services-sort.ts";
import { Sparkline } from "./sparkline.tsx";

const HEALTH_TEXT: Record<Health, string> = {
  ok: "text-slate-700 dark:text-slate-300",
  warn: "text-amber-700 dark:text-amber-400",
  bad: "font-semibold text-red-600 dark:text-red-400",
};
const HEALTH_SPARK: Record<Health, string> = {
  ok: "text-slate-400 dark:text-slate-500",
  warn: "text-amber-500 dark:text-amber-400",
  bad: "text-red-500 dark:text-red-400",
};

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: "name", label: "Service", numeric: false },
  { key: "rate", label: "Requests", numeric: true },
  { key: "errorRate", label: "Error rate", numeric: true },
  { key: "p50", label: "p50", numeric: true },
  { key: "p99", label: "p99", numeric: true },
];

export interface ServicesTableProps {
  services: readonly ServiceOverview[];
  /** Links to a service keep the page's range. */
  range: TimeRangeExpr;
  /** With onSort the headers are buttons that sort; without, the order is as given. */
  sort?: SortState;
  onSort?: (key: SortKey) => void;
}

export function ServicesTable({ services, range, sort, onSort }: ServicesTableProps) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="services-table" className="w-full min-w-[760px] border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
            {COLUMNS.map((c) => (
              <HeaderCell key={c.key} column={c} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <ServiceRow key={s.name} service={s} range={range} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HeaderCell(props: { column: (typeof COLUMNS)[number]; sort?: SortState; onSort?: (key: SortKey) => void }) {
  const { column, sort, onSort } = props;
  const active = sort?.key === column.key;
  const arrow = active ? (sort.order === "asc" ? "▲" : "▼") : "";
  const align = column.numeric ? "text-right" : "text-left";
  return (
    <th
      scope="col"
      className={`px-2 py-1.5 font-medium ${align}`}
      aria-sort={active ? (sort.order === "asc" ? "ascending" : "descending") : undefined}
    >
      {onSort ? (
        <button
          type="button"
          onClick={() => onSort(column.key)}
          data-testid={`sort-${column.key}`}
          className={`inline-flex items-center gap-1 rounded px-1 hover:text-slate-900 dark:hover:text-slate-100 ${active ? "text-slate-900 dark:text-slate-100" : ""}`}
        >
          {column.label}
          <span className="w-2 text-[9px]">{arrow}</span>
        </button>
      ) : (
        column.label
      )}
    </th>
  );
}

function ServiceRow(props: { service: ServiceOverview; range: TimeRangeExpr }) {
  const { service: s, range } = props;
  const health = errorHealth(s.errorRate);
  const idle = s.requests === 0;
  const partial = s.buckets.map((b) => b.partial);
  // Buckets after now have no seconds yet: no point rather than a zero.
  const errorRates = s.buckets.map((b) => (b.seconds > 0 ? b.errorRate : null));
  const peakError = Math.max(0, ...errorRates.map((r) => r ?? 0));
  return (
    <tr
      data-testid="service-row"
      data-service={s.name}
      data-error-level={health}
      className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
    >
      <td className="max-w-[260px] truncate px-2 py-1.5">
        <Link
          href={serviceHref(s.name, range)}
          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
          title={s.name}
        >
          {s.name}
        </Link>
      </td>
      <td className="px-2 py-1.5">
        <Cell text={idle ? "–" : formatRate(s.rate)} title={`${formatCount(s.requests)} requests`}>
          <Sparkline
            values={s.buckets.map((b) => (b.seconds > 0 ? b.rate : null))}
            partial={partial}
            className="text-sky-500 dark:text-sky-400"
            label={`${s.name} requests per second over the range`}
          />
        </Cell>
      </td>
      <td className="px-2 py-1.5">
        <Cell
          text={idle ? "–" : formatPercent(s.errorRate)}
          textClass={HEALTH_TEXT[health]}
          title={`${formatCount(s.errors)} errors`}
        >
          <Sparkline
            values={errorRates}
            partial={partial}
            // Below 1 % the line stays low: noise must not look like an incident.
            ceiling={Math.max(peakError, ERROR_RATE_BAD)}
            className={HEALTH_SPARK[health]}
            label={`${s.name} error rate over the range, peak ${formatPercent(peakError)}`}
          />
        </Cell>
      </td>
      <td className="px-2 py-1.5 text-right tabular-nums text-slate-700 dark:text-slate-300">
        {formatDurationMs(s.p50Ms)}
      </td>
      <td className="px-2 py-1.5">
        <Cell text={formatDurationMs(s.p99Ms)}>
          <Sparkline
            values={s.buckets.map((b) => b.p99Ms)}
            partial={partial}
            className="text-violet-500 dark:text-violet-400"
            label={`${s.name} p99 latency over the range`}
          />
        </Cell>
      </td>
    </tr>
  );
}

function Cell(props: { text: string; textClass?: string; title?: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-end gap-2">
      {props.children}
      <span
        title={props.title}
        className={`w-20 text-right tabular-nums ${props.textClass ?? "text-slate-700 dark:text-slate-300"}`}
      >
        {props.text}
      </span>
    </div>
  );
}
