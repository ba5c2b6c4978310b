// The log search bar: the search language (its 400 shown under the box with a caret), trace ID
// (checked before it is sent), service, minimum severity and attribute chips. It edits a draft; Enter, the button, a select or a chip change
// submits the whole draft (the page then writes it to the URL).
"use client";

import { type FormEvent, useState } from "react";
import { SearchQueryError, SearchSyntaxHelp } from "../../components/search-query-feedback.tsx";
import { SearchQueryInput } from "../../components/search-query-input.tsx";
import type { ApiRequestError } from "../../lib/api.ts";
import { SEVERITY_CHOICES } from "../../lib/severity.ts";
import { AttributeChips } from "./attribute-chips.tsx";
import { type LogFilterState, logFiltersKey, normalizeTraceId, traceIdProblem } from "./log-filters.ts";

export interface FilterBarProps {
  filters: LogFilterState;
  /** Service names to choose from; undefined while loading. */
  services: readonly string[] | undefined;
  onSubmit(next: LogFilterState): void;
  /** The API's invalid_query answer for the submitted `q`. */
  queryError?: ApiRequestError;
  /** The page's range (epoch ms): the search box suggests from its data. */
  range?: { from: number; to: number };
}

const INPUT =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm placeholder:text-slate-400 focus:border-sky-500 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:placeholder:text-slate-500";

export function FilterBar({ filters, services, onSubmit, queryError, range }: FilterBarProps) {
  const [draft, setDraft] = useState(filters);
  // A malformed ID from a pasted link is pointed out at once, not only after a submit.
  const [traceError, setTraceError] = useState(() => traceIdProblem(filters.traceId));
  // A new search in the URL (back button, a link, "show this trace's logs") resets the draft.
  const key = logFiltersKey(filters);
  const [shownKey, setShownKey] = useState(key);
  if (key !== shownKey) {
    setShownKey(key);
    setDraft(filters);
    setTraceError(traceIdProblem(filters.traceId));
  }

  const submit = (next: LogFilterState) => {
    setDraft(next);
    const problem = traceIdProblem(next.traceId);
    setTraceError(problem);
    if (problem !== undefined) return;
    onSubmit({ ...next, q: next.q.trim(), traceId: normalizeTraceId(next.traceId) });
  };
  const onFormSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(draft);
  };

  const serviceNames = services ?? [];
  const serviceOptions =
    draft.service !== "" && !serviceNames.includes(draft.service) ? [draft.service, ...serviceNames] : serviceNames;

  return (
    <form onSubmit={onFormSubmit} className="space-y-2" aria-label="Log search" data-testid="log-filter-bar">
      <div className="flex flex-wrap items-start gap-2">
        <div className="flex min-w-64 flex-1 flex-col gap-1">
          <div className="flex items-start gap-1">
            <SearchQueryInput
              signal="logs"
              range={range}
              value={draft.q}
              onChange={(q) => setDraft({ ...draft, q })}
              placeholder='Search: words, "a phrase", service:checkout severity>=error'
              aria-label="Full-text search"
              aria-invalid={queryError !== undefined}
              spellCheck={false}
              className={`${INPUT} flex-1 ${queryError !== undefined ? "border-red-500 dark:border-red-500" : ""}`}
              data-testid="log-query-input"
            />
            <SearchSyntaxHelp />
          </div>
          {queryError !== undefined && (
            <SearchQueryError query={filters.q} error={queryError} testId="log-query-error" />
          )}
        </div>
        <div className="flex w-[22rem] flex-col gap-1">
          <input
            type="text"
            value={draft.traceId}
            onChange={(e) => {
              setDraft({ ...draft, traceId: e.target.value });
              if (traceError !== undefined) setTraceError(traceIdProblem(e.target.value));
            }}
            placeholder="Trace ID (32 hex characters)"
            aria-label="Trace ID"
            aria-invalid={traceError !== undefined}
            aria-describedby={traceError !== undefined ? "log-traceid-error" : undefined}
            spellCheck={false}
            className={`${INPUT} font-mono ${traceError !== undefined ? "border-red-500 dark:border-red-500" : ""}`}
            data-testid="log-traceid-input"
          />
          {traceError !== undefined && (
            <p
              id="log-traceid-error"
              role="alert"
              className="text-xs text-red-700 dark:text-red-400"
              data-testid="log-traceid-error"
            >
              {traceError}
            </p>
          )}
        </div>
        <select
          value={draft.service}
          onChange={(e) => submit({ ...draft, service: e.target.value })}
          aria-label="Service"
          className={INPUT}
          data-testid="log-service-select"
        >
          <option value="">{services === undefined ? "Loading services…" : "All services"}</option>
          {serviceOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select
          value={draft.severity ?? ""}
          onChange={(e) => submit({ ...draft, severity: SEVERITY_CHOICES.find((s) => s === e.target.value) })}
          aria-label="Minimum severity"
          className={INPUT}
          data-testid="log-severity-select"
        >
          <option value="">Any severity</option>
          {SEVERITY_CHOICES.map((s) => (
            <option key={s} value={s}>
              {s} and above
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white hover:bg-sky-700 dark:bg-sky-700 dark:hover:bg-sky-600"
          data-testid="log-search-submit"
        >
          Search
        </button>
      </div>
      <AttributeChips
        filters={draft.attr}
        spanId={draft.spanId}
        onChange={(attr) => submit({ ...draft, attr })}
        onClearSpan={() => submit({ ...draft, spanId: "" })}
      />
    </form>
  );
}
