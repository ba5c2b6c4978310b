// /traces: search traces by service, span name, duration, status and attributes over the page's
// time range; a duration scatter over the whole range (click a dot to open it, drag to zoom) and
// the list, newest or longest first.
"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Chart, type ChartClick } from "../../components/chart.tsx";
import type { ExemplarDatum } from "../../components/chart-options.ts";
import { InvalidFiltersNotice } from "../../components/invalid-filters-notice.tsx";
import { Panel, QueryView } from "../../components/panel.tsx";
import { searchQueryError } from "../../components/search-query-feedback.tsx";
import { traceHref } from "../../lib/links.ts";
import { useUrlState } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { SavedViewsMenu } from "../saved-views/saved-views-menu.tsx";
import { scatterOption, scatterTitle } from "./scatter-option.ts";
import {
  hasFilters,
  pastedTraceId,
  readSearch,
  resultsTitle,
  scatterApiParams,
  searchApiParams,
  searchPatch,
} from "./search-state.ts";
import { TraceResults } from "./trace-results.tsx";
import { TraceSearchForm } from "./trace-search-form.tsx";
import { useServices, useTraceScatter, useTraceSearch } from "./use-trace-data.ts";

export function TraceSearchView() {
  const url = useUrlState();
  const time = useTimeRange();
  const router = useRouter();
  const search = useMemo(() => readSearch(url.get, url.getAll), [url]);

  const services = useServices(time.query);
  const results = useTraceSearch(useMemo(() => searchApiParams(search, time.query), [search, time.query]));
  const scatter = useTraceScatter(useMemo(() => scatterApiParams(search, time.query), [search, time.query]));
  const traces = results.data?.traces;
  const dots = scatter.data;
  const option = useMemo(() => (dots ? scatterOption(dots.traces, time.range) : undefined), [dots, time.range]);
  const serviceNames = useMemo(() => services.data?.services.map((s) => s.name).sort(), [services.data]);

  const openDot = (click: ChartClick) => {
    const traceId = (click.data as ExemplarDatum | undefined)?.traceId;
    if (traceId) router.push(traceHref(traceId));
  };
  const pastedId = pastedTraceId(search.name);

  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">Traces</h1>
      <SavedViewsMenu kind="traces" />
      <TraceSearchForm
        // A new URL (back button, pasted link) resets the draft.
        key={JSON.stringify(search)}
        initial={search}
        services={serviceNames}
        onSubmit={(next) => url.set(searchPatch(next))}
        queryError={searchQueryError(results.error)}
        range={time.query}
      />
      <InvalidFiltersNotice url={url} />
      {/* One loading / empty / error state on the page (the results'); the plot shows data only. */}
      {traces === undefined && results.isFetching && (
        <div className="h-[246px] animate-pulse rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900" />
      )}
      {option && dots && dots.traces.length > 0 && (
        <Panel
          title={scatterTitle(dots)}
          actions={
            <span className="text-xs text-slate-500 dark:text-slate-400">drag to zoom · click a dot to open</span>
          }
        >
          <Chart option={option} height={200} testId="trace-scatter" onBrush={time.zoomTo} onItemClick={openDot} />
        </Panel>
      )}
      <Panel testId="trace-results" title={traces ? resultsTitle(traces.length, search) : "Traces"}>
        <QueryView
          query={results}
          isEmpty={(d) => d.traces.length === 0}
          empty={
            pastedId !== undefined ? (
              <span>No span is named like that. The name box holds a trace ID: use the link above to open it.</span>
            ) : hasFilters(search) ? (
              "No traces match these filters in this time range. Widen the range or remove a filter."
            ) : (
              "No traces in this time range."
            )
          }
        >
          {(data) => (
            <TraceResults
              traces={data.traces}
              sort={search.sort}
              onSort={(sort) => url.set(searchPatch({ ...search, sort }))}
            />
          )}
        </QueryView>
      </Panel>
    </div>
  );
}
