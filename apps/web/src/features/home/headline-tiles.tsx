// The home dashboard's headline: total request rate, overall error rate, services with errors
// and the slowest service, each with its trend where it has one.
"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatDurationMs, formatPercent, formatRate } from "../../lib/format.ts";
import { serviceHref } from "../../lib/links.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { ERROR_RATE_BAD, errorHealth } from "../services/services-sort.ts";
import { Sparkline } from "../services/sparkline.tsx";
import type { OverviewTotals } from "./home-summary.ts";

export function HeadlineTiles({ totals: t, range }: { totals: OverviewTotals; range: TimeRangeExpr }) {
  const health = errorHealth(t.errorRate);
  const bad = health === "bad";
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="home-tiles">
      <Tile label="Requests" testId="tile-rate" value={formatRate(t.rate)} note={`${formatCount(t.requests)} in range`}>
        <Sparkline
          values={t.rateTrend}
          partial={t.trendPartial}
          width={120}
          height={28}
          className="text-sky-500"
          label="Requests per second"
        />
      </Tile>
      <Tile
        label="Error rate"
        testId="tile-error-rate"
        value={formatPercent(t.errorRate)}
        valueClass={
          bad ? "text-red-600 dark:text-red-400" : health === "warn" ? "text-amber-600 dark:text-amber-400" : ""
        }
        note={`${formatCount(t.errors)} failed requests`}
      >
        <Sparkline
          values={t.errorRateTrend}
          partial={t.trendPartial}
          width={120}
          height={28}
          ceiling={Math.max(ERROR_RATE_BAD, ...t.errorRateTrend.map((v) => v ?? 0))}
          className={bad ? "text-red-500" : "text-slate-400"}
          label="Error rate"
        />
      </Tile>
      <Tile
        label="Services with errors"
        testId="tile-services-with-errors"
        value={`${t.servicesWithErrors}`}
        valueClass={t.servicesWithErrors > 0 ? "text-red-600 dark:text-red-400" : ""}
        note={`of ${t.serviceCount} services`}
      />
      <Tile
        label="Slowest p99"
        testId="tile-slowest"
        value={formatDurationMs(t.slowest?.p99Ms)}
        note={
          t.slowest ? (
            <Link href={serviceHref(t.slowest.name, range)} className="text-sky-700 hover:underline dark:text-sky-400">
              {t.slowest.name}
            </Link>
          ) : (
            "no requests"
          )
        }
      />
    </div>
  );
}

function Tile(props: {
  label: string;
  value: string;
  valueClass?: string;
  note: ReactNode;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <div
      data-testid={props.testId}
      className="flex items-end justify-between gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="min-w-0">
        <div className="text-xs font-medium text-slate-500 dark:text-slate-400">{props.label}</div>
        <div className={`text-2xl font-semibold tabular-nums ${props.valueClass ?? ""}`}>{props.value}</div>
        <div className="truncate text-xs text-slate-500 dark:text-slate-400">{props.note}</div>
      </div>
      {props.children}
    </div>
  );
}
