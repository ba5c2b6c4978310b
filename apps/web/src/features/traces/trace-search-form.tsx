// The trace search form. It edits a draft; submitting writes the draft to the URL, which is what
// the results read, so a search can be shared by its link.
"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { SearchQueryError, SearchSyntaxHelp } from "../../components/search-query-feedback.tsx";
import { SearchQueryInput } from "../../components/search-query-input.tsx";
import type { ApiRequestError } from "../../lib/api.ts";
import { traceHref } from "../../lib/links.ts";
import { LIMITS, normaliseFilter, pastedTraceId, STATUSES, type TraceSearch } from "./search-state.ts";
import { BUTTON, INPUT, LABEL, LINK, PRIMARY_BUTTON } from "./ui.ts";

export function TraceSearchForm(props: {
  initial: TraceSearch;
  services: string[] | undefined;
  onSubmit: (search: TraceSearch) => void;
  /** The API's invalid_query answer for the submitted `q`. */
  queryError?: ApiRequestError;
  /** The page's range (epoch ms): the search box suggests from its data. */
  range?: { from: number; to: number };
}) {
  const [draft, setDraft] = useState(props.initial);
  const [filterText, setFilterText] = useState("");
  const [filterError, setFilterError] = useState<string | null>(null);
  const set = (patch: Partial<TraceSearch>) => setDraft((d) => ({ ...d, ...patch }));
  const pastedId = pastedTraceId(draft.name);

  const addFilter = (): boolean => {
    if (filterText.trim() === "") return true;
    const filter = normaliseFilter(filterText);
    if (filter === undefined) {
      setFilterError("Write key=value or key!=value");
      return false;
    }
    setDraft((d) => ({ ...d, attr: d.attr.includes(filter) ? d.attr : [...d.attr, filter] }));
    setFilterText("");
    setFilterError(null);
    return true;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A filter typed but not added yet is part of the search.
    const pending = filterText.trim() === "" ? undefined : normaliseFilter(filterText);
    if (filterText.trim() !== "" && pending === undefined) return void addFilter();
    const attr = pending === undefined || draft.attr.includes(pending) ? draft.attr : [...draft.attr, pending];
    setFilterText("");
    props.onSubmit({ ...draft, attr });
  };
  const services = props.services ?? [];
  const serviceOptions =
    draft.service !== "" && !services.includes(draft.service) ? [draft.service, ...services] : services;

  return (
    <form
      onSubmit={submit}
      data-testid="trace-search-form"
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex flex-col gap-1">
        <div className="flex items-start gap-1">
          <SearchQueryInput
            signal="traces"
            range={props.range}
            className={`${INPUT} flex-1 ${props.queryError !== undefined ? "border-red-500 dark:border-red-500" : ""}`}
            value={draft.q}
            placeholder="Search: checkout duration>500ms http.response.status_code>=500 -service:frontend"
            aria-label="Search"
            aria-invalid={props.queryError !== undefined}
            spellCheck={false}
            onChange={(q) => set({ q })}
            data-testid="trace-query-input"
          />
          <SearchSyntaxHelp />
        </div>
        {props.queryError !== undefined && (
          <SearchQueryError query={props.initial.q} error={props.queryError} testId="trace-query-error" />
        )}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <label className={LABEL}>
          Service
          <select
            className={`${INPUT} w-44`}
            value={draft.service}
            onChange={(e) => set({ service: e.target.value })}
            data-testid="trace-service-select"
          >
            <option value="">{props.services === undefined ? "Loading…" : "All services"}</option>
            {serviceOptions.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className={`${LABEL} min-w-56 flex-1`}>
          Span name
          <input
            className={INPUT}
            value={draft.name}
            placeholder="exact name, e.g. GET /checkout"
            onChange={(e) => set({ name: e.target.value })}
            data-testid="trace-name-input"
          />
        </label>
        <label className={LABEL}>
          Min duration (ms)
          <input
            className={`${INPUT} w-28`}
            inputMode="decimal"
            value={draft.minDurationMs}
            onChange={(e) => set({ minDurationMs: e.target.value })}
            data-testid="trace-min-duration"
          />
        </label>
        <label className={LABEL}>
          Max duration (ms)
          <input
            className={`${INPUT} w-28`}
            inputMode="decimal"
            value={draft.maxDurationMs}
            onChange={(e) => set({ maxDurationMs: e.target.value })}
            data-testid="trace-max-duration"
          />
        </label>
        <label className={LABEL}>
          Status
          <select
            className={`${INPUT} w-28`}
            value={draft.status}
            onChange={(e) => set({ status: e.target.value })}
            data-testid="trace-status-select"
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          Limit
          <select
            className={`${INPUT} w-20`}
            value={draft.limit}
            onChange={(e) => set({ limit: Number(e.target.value) })}
          >
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={PRIMARY_BUTTON} data-testid="trace-search-submit">
          Search
        </button>
      </div>
      {pastedId !== undefined && (
        <p
          className="rounded border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
          data-testid="trace-id-hint"
        >
          That looks like a trace ID, not a span name.{" "}
          <Link href={traceHref(pastedId)} className={`${LINK} font-medium`}>
            Open trace <code>{pastedId}</code> →
          </Link>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <input
          className={`${INPUT} w-72`}
          value={filterText}
          placeholder="attribute filter: key=value or key!=value"
          onChange={(e) => {
            setFilterText(e.target.value);
            setFilterError(null);
          }}
          onKeyDown={(e) => {
            // Enter in the filter box adds the chip rather than searching.
            if (e.key === "Enter" && filterText.trim() !== "") {
              e.preventDefault();
              addFilter();
            }
          }}
          aria-label="Attribute filter"
          data-testid="trace-attr-input"
        />
        <button type="button" className={BUTTON} onClick={addFilter} data-testid="trace-attr-add">
          Add filter
        </button>
        {filterError && <span className="text-xs text-red-600 dark:text-red-400">{filterError}</span>}
        {draft.attr.map((filter) => (
          <span
            key={filter}
            data-testid="trace-attr-chip"
            className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
          >
            {filter}
            <button
              type="button"
              aria-label={`Remove filter ${filter}`}
              className="rounded-full px-1 hover:bg-slate-300 dark:hover:bg-slate-600"
              onClick={() => set({ attr: draft.attr.filter((f) => f !== filter) })}
            >
              ×
            </button>
          </span>
        ))}
      </div>
    </form>
  );
}
