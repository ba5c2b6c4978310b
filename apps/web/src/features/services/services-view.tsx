// /services: every service that sent spans in the range, with rate, error rate, latency and
// their trends. Sort order and the name filter live in the URL (`sort`, `order`, `q`).
"use client";

import type { ServicesOverviewResponse } from "@tracelight/contracts";
import { useEffect, useMemo, useRef, useState } from "react";
import { EmptyState, Panel, QueryView } from "../../components/panel.tsx";
import { useUrlState } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { filterServices, nextSort, readSort, type SortKey, sortParams, sortServices } from "./services-sort.ts";
import { ServicesTable } from "./services-table.tsx";
import { useServicesOverview } from "./use-services-data.ts";

export function ServicesView() {
  const url = useUrlState();
  const time = useTimeRange();
  const query = useServicesOverview();
  const sortKey = url.get("sort");
  const sortOrder = url.get("order");
  const sort = useMemo(() => readSort(sortKey, sortOrder), [sortKey, sortOrder]);
  const [filter, setFilter] = useFilterText(url.get("q") ?? "", (q) => url.set({ q }, { replace: true }));
  const onSort = (key: SortKey) => url.set(sortParams(nextSort(sort, key)), { replace: true });

  return (
    <div className="space-y-3">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Services</h1>
        <span className="text-sm text-slate-500 dark:text-slate-400">
          {query.data
            ? query.data.truncated
              ? `the ${query.data.services.length} busiest shown; more in range`
              : `${query.data.services.length} in range`
            : ""}
        </span>
        <FilterBox value={filter} onChange={setFilter} />
      </header>
      <Panel className={`transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`}>
        <QueryView
          query={query}
          loadingHeight={240}
          isEmpty={(d: ServicesOverviewResponse) => d.services.length === 0}
          empty="No service sent spans in this time range. Widen the range, or check that your apps export OTLP to Tracelight."
        >
          {(data) => <FilteredTable data={data} filter={filter} sort={sort} onSort={onSort} range={time.expr} />}
        </QueryView>
      </Panel>
    </div>
  );
}

function FilteredTable(props: {
  data: ServicesOverviewResponse;
  filter: string;
  sort: ReturnType<typeof readSort>;
  onSort: (key: SortKey) => void;
  range: ReturnType<typeof useTimeRange>["expr"];
}) {
  const { data, filter, sort } = props;
  const rows = useMemo(() => sortServices(filterServices(data.services, filter), sort), [data, filter, sort]);
  if (rows.length === 0) return <EmptyState>No service name contains “{filter}”.</EmptyState>;
  return <ServicesTable services={rows} range={props.range} sort={sort} onSort={props.onSort} />;
}

/**
 * The filter text: the table follows every key press, the URL follows a moment later (so
 * history is not rewritten per key); a URL changed by someone else (back button) wins.
 */
function useFilterText(urlValue: string, write: (value: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(urlValue);
  const written = useRef(urlValue);
  const writeRef = useRef(write);
  writeRef.current = write;
  useEffect(() => {
    if (urlValue !== written.current) {
      written.current = urlValue;
      setText(urlValue);
    }
  }, [urlValue]);
  useEffect(() => {
    if (text === written.current) return;
    const timer = setTimeout(() => {
      written.current = text;
      writeRef.current(text);
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);
  return [text, setText];
}

function FilterBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <input
      type="search"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder="Filter by name"
      aria-label="Filter services by name"
      data-testid="services-filter"
      className="ml-auto w-56 rounded border border-slate-300 bg-white px-2 py-1 text-sm placeholder:text-slate-400 focus:border-sky-500 focus:outline-none dark:border-slate-600 dark:bg-slate-900"
    />
  );
}
