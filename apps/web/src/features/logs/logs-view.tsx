// /logs — log search. Every filter and the range live in the URL (see log-filters.ts), so a
// link such as /logs?traceId=…&from=…&to=… opens exactly that search. A trace ID without a
// range searches the trace's own window (its spans ± 5 minutes, chosen by the API).
"use client";

import type { AttributeFilter, LogHistogramResponse, ServicesResponse } from "@tracelight/contracts";
import { useCallback, useMemo, useRef, useState } from "react";
import { InvalidFiltersNotice } from "../../components/invalid-filters-notice.tsx";
import { searchQueryError } from "../../components/search-query-feedback.tsx";
import type { QueryParams } from "../../lib/api.ts";
import { useUrlState } from "../../lib/url-state.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { SavedViewsMenu } from "../saved-views/saved-views-menu.tsx";
import { FilterBar } from "./filter-bar.tsx";
import { queryWords } from "./highlight.ts";
import { LogEmpty } from "./log-empty.tsx";
import {
  addAttributeFilter,
  EMPTY_FILTERS,
  formatAttributeFilter,
  type LogFilterState,
  logFilterParams,
  logFiltersKey,
  logFiltersPatch,
  parseLogFilters,
} from "./log-filters.ts";
import { LogHistogramPanel } from "./log-histogram-panel.tsx";
import { LogResults, MAX_LIMIT, PAGE_SIZE } from "./log-results.tsx";
import { useLogTail } from "./use-log-tail.ts";

export function LogsView() {
  const url = useUrlState();
  const time = useTimeRange();
  const filters = useMemo(() => parseLogFilters(url.params), [url.params]);
  const filtersKey = logFiltersKey(filters);
  const traceWindow = filters.traceId !== "" && url.get("from") === undefined && url.get("to") === undefined;

  const [live, setLive] = useState(false);
  const tail = useLogTail(filters, live);

  // While the tail runs nothing re-queries on a timer: auto-refresh does not move the range
  // the panels use (a range the user picks still applies).
  const exprKey = `${time.expr.from}|${time.expr.to}`;
  const frozen = useRef({ exprKey, query: time.query });
  if (!live || frozen.current.exprKey !== exprKey) frozen.current = { exprKey, query: time.query };
  const rangeQuery = frozen.current.query;
  const rangeParams: QueryParams = traceWindow ? {} : rangeQuery;
  // react-query keys requests by value, so a fresh object per render is fine.
  const params: QueryParams = { ...rangeParams, ...logFilterParams(filters) };

  // "Load more" raises the limit of the same search; a new search starts again at one page.
  const searchKey = `${filtersKey}|${exprKey}|${traceWindow}`;
  const [more, setMore] = useState({ key: searchKey, limit: PAGE_SIZE });
  const limit = more.key === searchKey ? more.limit : PAGE_SIZE;

  const services = useApiQuery<ServicesResponse>("/services", rangeQuery);
  const serviceNames = useMemo(() => services.data?.services.map((s) => s.name), [services.data]);

  const { set } = url;
  const search = useCallback((next: LogFilterState) => set(logFiltersPatch(next)), [set]);
  const showTrace = useCallback((traceId: string) => set(logFiltersPatch({ ...EMPTY_FILTERS, traceId })), [set]);
  const addFilter = useCallback(
    (filter: AttributeFilter) => {
      const attr = addAttributeFilter(filters.attr, formatAttributeFilter(filter));
      if (attr !== undefined) set({ attr: attr.map(formatAttributeFilter) });
    },
    [filters.attr, set],
  );
  const words = useMemo(() => queryWords(filters.q), [filters.q]);
  // The histogram panel's own request (same key: answered from its cache, not sent twice).
  const histogram = useApiQuery<LogHistogramResponse>("/logs/histogram", params);

  return (
    <div className="space-y-3" data-testid="logs-view">
      <h1 className="sr-only">Log search</h1>
      <SavedViewsMenu kind="logs" />
      <FilterBar
        filters={filters}
        services={serviceNames}
        onSubmit={search}
        queryError={searchQueryError(histogram.error)}
        range={time.query}
      />
      <InvalidFiltersNotice url={url} />
      <LogHistogramPanel
        params={params}
        extent={traceWindow ? undefined : { fromMs: rangeQuery.from, toMs: rangeQuery.to }}
        onBrush={time.zoomTo}
        note={live ? "not refreshed during live tail" : undefined}
      />
      <LogResults
        params={params}
        limit={Math.min(limit, MAX_LIMIT)}
        onMore={() => setMore({ key: searchKey, limit: Math.min(limit + PAGE_SIZE, MAX_LIMIT) })}
        empty={<LogEmpty filters={filters} traceWindow={traceWindow} />}
        words={words}
        currentTraceId={filters.traceId}
        onShowTrace={showTrace}
        onAddFilter={addFilter}
        live={live}
        onLiveChange={setLive}
        tail={tail}
      />
    </div>
  );
}
