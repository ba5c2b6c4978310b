// /services/<name>: the service's RED charts with clickable exemplars, its top operations
// (clicking one filters the charts: `route` in the URL), recent failed traces, its metrics,
// and links to its traces and logs.
"use client";

import type { RedResponse, TraceSearchResponse } from "@tracelight/contracts";
import Link from "next/link";
import { Panel, QueryView } from "../../components/panel.tsx";
import { formatCount, formatPercent, formatRate } from "../../lib/format.ts";
import { logsHref, tracesHref } from "../../lib/links.ts";
import { hrefWith, useUrlState } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { ErrorTraceList } from "./error-traces.tsx";
import { routeTracesHref, toggleRoute } from "./operations.ts";
import { RedCharts } from "./red-charts.tsx";
import { ServiceMetrics } from "./service-metrics.tsx";
import { errorHealth } from "./services-sort.ts";
import { TopOperations } from "./top-operations.tsx";
import { useErrorTraces, useRed } from "./use-services-data.ts";

const RECENT_ERRORS = 20;

export function ServiceDetailView({ name }: { name: string }) {
  const url = useUrlState();
  const time = useTimeRange();
  const route = url.get("route");
  // The charts follow the route filter; the routes list always comes from the whole service
  // (the same request as the unfiltered charts, so usually already cached).
  const red = useRed(name, route);
  const all = useRed(name);
  // The charts first: the side panels ask once the RED answer is in.
  const errors = useErrorTraces(RECENT_ERRORS, name, { after: red });
  const selectRoute = (clicked: string) => url.set({ route: toggleRoute(route, clicked) });

  return (
    <div className="space-y-3" data-testid="service-detail" data-service={name}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <nav className="text-sm text-slate-500 dark:text-slate-400">
          <Link href={hrefWith("/services", { from: time.expr.from, to: time.expr.to })} className="hover:underline">
            Services
          </Link>{" "}
          /
        </nav>
        <h1 className="text-lg font-semibold" data-testid="service-name">
          {name}
        </h1>
        {route !== undefined && (
          <span className="inline-flex items-center gap-1 rounded-full bg-sky-100 py-0.5 pr-1 pl-2.5 text-xs text-sky-800 dark:bg-sky-900 dark:text-sky-100">
            route <span className="font-mono">{route}</span>
            <button
              type="button"
              onClick={() => url.set({ route: undefined })}
              data-testid="clear-route"
              aria-label="Show every route"
              className="rounded-full px-1.5 hover:bg-sky-200 dark:hover:bg-sky-800"
            >
              ×
            </button>
          </span>
        )}
        <Totals red={red.data} />
        <div className="ml-auto flex gap-2 text-sm">
          <HeaderLink
            testId="service-traces-link"
            href={route ? routeTracesHref(name, route, time.expr) : tracesHref({ range: time.expr, service: name })}
          >
            Traces of this service
          </HeaderLink>
          <HeaderLink testId="service-logs-link" href={logsHref({ range: time.expr, service: name })}>
            Logs of this service
          </HeaderLink>
        </div>
      </header>

      <RedCharts query={red} subject={route ? `${name} ${route}` : name} />

      <div className="grid gap-3 xl:grid-cols-2">
        <Panel title="Top operations" testId="top-operations">
          <QueryView
            query={all}
            isEmpty={(d: RedResponse) => (d.routes ?? []).length === 0}
            empty={`No requests to ${name} in this time range.`}
          >
            {(d) => (
              <TopOperations
                service={name}
                routes={d.routes ?? []}
                selected={route}
                range={time.expr}
                onSelect={selectRoute}
              />
            )}
          </QueryView>
        </Panel>
        <Panel
          title="Recent errors"
          testId="recent-errors"
          actions={
            <Link
              href={tracesHref({ range: time.expr, service: name, status: "Error" })}
              className="text-xs text-sky-700 hover:underline dark:text-sky-400"
            >
              all failed traces
            </Link>
          }
        >
          <QueryView
            query={errors}
            isEmpty={(d: TraceSearchResponse) => d.traces.length === 0}
            empty={`No failed traces of ${name} in this time range.`}
          >
            {(d) => <ErrorTraceList traces={d.traces} />}
          </QueryView>
        </Panel>
      </div>

      <ServiceMetrics service={name} after={red} />
    </div>
  );
}

/** The range's total, rated over the same seconds as the top operations and the overview. */
function Totals({ red }: { red: RedResponse | undefined }) {
  if (!red) return null;
  const t = red.total;
  const health = errorHealth(t.errorRate);
  return (
    <span className="text-sm text-slate-600 dark:text-slate-300" data-testid="service-totals">
      {formatCount(t.requests)} requests · {formatRate(t.rate)} ·{" "}
      <span className={health === "bad" ? "font-semibold text-red-600 dark:text-red-400" : ""}>
        {formatCount(t.errors)} errors ({formatPercent(t.errorRate)})
      </span>
    </span>
  );
}

function HeaderLink(props: { href: string; testId: string; children: string }) {
  return (
    <Link
      href={props.href}
      data-testid={props.testId}
      className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
    >
      {props.children}
    </Link>
  );
}
