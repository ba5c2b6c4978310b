// Log search filters ↔ the URL: the page reads every filter from the query string and writes
// it back, so a pasted link (or a reload) opens the same search. Pure.
import { type AttributeFilter, parseAttributeFilter, type SeverityName } from "@tracelight/contracts/values";
import type { QueryParams } from "../../lib/api.ts";
import { parseSeverity } from "../../lib/severity.ts";
import { mergeSearch, type UrlPatch } from "../../lib/url-state.ts";

export interface LogFilterState {
  /** The search language (words of the body, "phrases", field:value, comparisons, AND/OR/NOT). */
  q: string;
  /** 32 lower-case hex characters, or "" for any. */
  traceId: string;
  spanId: string;
  service: string;
  /** Minimum severity, or undefined for any. */
  severity: SeverityName | undefined;
  attr: AttributeFilter[];
}

export const EMPTY_FILTERS: LogFilterState = {
  q: "",
  traceId: "",
  spanId: "",
  service: "",
  severity: undefined,
  attr: [],
};

/** The URL keys this page owns besides the time range. */
export const FILTER_KEYS = ["q", "traceId", "spanId", "service", "severity", "attr"] as const;

const normalizeId = (text: string | null | undefined) => (text ?? "").trim().toLowerCase();

/** Reads the filters from a query string. Unreadable attribute filters are left out. */
export function parseLogFilters(search: URLSearchParams | string): LogFilterState {
  const params = new URLSearchParams(search);
  const attr: AttributeFilter[] = [];
  for (const text of params.getAll("attr")) {
    const filter = parseAttributeFilter(text);
    if (filter !== undefined && !attr.some((a) => sameFilter(a, filter))) attr.push(filter);
  }
  return {
    q: (params.get("q") ?? "").trim(),
    traceId: normalizeId(params.get("traceId")),
    spanId: normalizeId(params.get("spanId")),
    service: (params.get("service") ?? "").trim(),
    severity: parseSeverity(params.get("severity") ?? undefined),
    attr,
  };
}

/** `key=value` / `key!=value`, the form the URL and the API take. */
export function formatAttributeFilter(filter: AttributeFilter): string {
  return `${filter.key}${filter.op}${filter.value}`;
}

export function sameFilter(a: AttributeFilter, b: AttributeFilter): boolean {
  return a.key === b.key && a.op === b.op && a.value === b.value;
}

/** The URL patch that writes `state` (empty filters remove their keys). */
export function logFiltersPatch(state: LogFilterState): UrlPatch {
  return {
    q: state.q.trim(),
    traceId: state.traceId,
    spanId: state.spanId,
    service: state.service,
    severity: state.severity,
    attr: state.attr.map(formatAttributeFilter),
  };
}

/** The filter part of /logs, /logs/histogram and /logs/tail requests. */
export function logFilterParams(state: LogFilterState): QueryParams {
  return logFiltersPatch(state);
}

/** A stable text for the filters, e.g. to restart a live tail when they change. */
export function logFiltersKey(state: LogFilterState): string {
  return mergeSearch("", logFiltersPatch(state));
}

export function hasAnyFilter(state: LogFilterState): boolean {
  return logFiltersKey(state) !== "";
}

const TRACE_ID = /^[0-9a-f]{32}$/;

/** Why a typed trace ID is unusable, or undefined when it is fine (or empty). */
export function traceIdProblem(text: string): string | undefined {
  const id = normalizeId(text);
  if (id === "" || TRACE_ID.test(id)) return undefined;
  if (/[^0-9a-f]/.test(id)) return "A trace ID has only hexadecimal characters (0–9, a–f).";
  return `A trace ID is 32 hexadecimal characters; this one has ${id.length}.`;
}

export function normalizeTraceId(text: string): string {
  return normalizeId(text);
}

/** Adds a filter typed as `key=value` / `key!=value`; undefined when the text is neither. */
export function addAttributeFilter(list: AttributeFilter[], text: string): AttributeFilter[] | undefined {
  const filter = parseAttributeFilter(text.trim());
  if (filter === undefined) return undefined;
  return list.some((a) => sameFilter(a, filter)) ? list : [...list, filter];
}

export function removeAttributeFilter(list: AttributeFilter[], filter: AttributeFilter): AttributeFilter[] {
  return list.filter((a) => !sameFilter(a, filter));
}
