// The trace search as it lives in the URL (`q`, `service`, `name`, `minDurationMs`, `maxDurationMs`,
// `status`, repeated `attr=key=value`, `sort`, `limit`), and what it sends to GET /api/v1/traces
// and to the scatter. Pure.
import type { TraceSort } from "@tracelight/contracts";
import { parseAttributeFilter, TRACE_ID } from "@tracelight/contracts/values";
import type { QueryParams } from "../../lib/api.ts";
import { formatCount } from "../../lib/format.ts";
import type { UrlPatch } from "../../lib/url-state.ts";

export interface TraceSearch {
  /** The search language (words of the span name, fields, comparisons); "" when not set. */
  q: string;
  service: string;
  name: string;
  /** As typed (text inputs); "" when not set. */
  minDurationMs: string;
  maxDurationMs: string;
  /** "" | "Ok" | "Error" | "Unset" */
  status: string;
  /** `key=value` or `key!=value`. */
  attr: string[];
  /** Applied by the api over the whole range before the limit; "time" (newest first) is the default. */
  sort: TraceSort;
  limit: number;
}

export const LIMITS = [20, 50, 100, 200, 500] as const;
export const DEFAULT_LIMIT = 100;
export const STATUSES = ["Error", "Ok", "Unset"] as const;

const cleanDuration = (text: string | undefined) => {
  const t = (text ?? "").trim();
  return t !== "" && Number.isFinite(Number(t)) && Number(t) >= 0 ? t : "";
};

export function readSearch(get: (key: string) => string | undefined, getAll: (key: string) => string[]): TraceSearch {
  const status = STATUSES.find((s) => s.toLowerCase() === (get("status") ?? "").toLowerCase()) ?? "";
  const limit = Number(get("limit"));
  return {
    q: get("q")?.trim() ?? "",
    service: get("service")?.trim() ?? "",
    name: get("name")?.trim() ?? "",
    minDurationMs: cleanDuration(get("minDurationMs")),
    maxDurationMs: cleanDuration(get("maxDurationMs")),
    status,
    attr: getAll("attr").filter((a) => parseAttributeFilter(a) !== undefined),
    sort: get("sort") === "duration" ? "duration" : "time",
    limit: (LIMITS as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

/** The URL patch for a submitted search (empty fields are removed from the URL). */
export function searchPatch(s: TraceSearch): UrlPatch {
  return {
    q: s.q.trim(),
    service: s.service.trim(),
    name: s.name.trim(),
    minDurationMs: cleanDuration(s.minDurationMs),
    maxDurationMs: cleanDuration(s.maxDurationMs),
    status: s.status,
    attr: s.attr,
    sort: s.sort === "time" ? undefined : s.sort,
    limit: s.limit === DEFAULT_LIMIT ? undefined : s.limit,
  };
}

export function searchApiParams(s: TraceSearch, range: { from: number; to: number }): QueryParams {
  return { ...range, ...searchPatch(s), sort: s.sort, limit: s.limit } as QueryParams;
}

/** The scatter takes the filters only: it always covers the whole range in a bounded sample. */
export function scatterApiParams(s: TraceSearch, range: { from: number; to: number }): QueryParams {
  const { sort: _sort, limit: _limit, ...filters } = searchApiParams(s, range);
  return filters;
}

/** "100 traces (the 100 longest)": says which part of the range a list cut at its limit holds. */
export function resultsTitle(count: number, s: TraceSearch): string {
  const cut = s.sort === "duration" ? `the ${s.limit} longest` : `the newest ${s.limit}`;
  return `${formatCount(count)} trace${count === 1 ? "" : "s"}${count >= s.limit ? ` (${cut})` : ""}`;
}

/** A filter chip's text, normalised ("key = value" → "key=value"), or undefined when malformed. */
export function normaliseFilter(text: string): string | undefined {
  const f = parseAttributeFilter(text.trim());
  if (f === undefined) return undefined;
  return `${f.key}${f.op}${f.value.trim()}`;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace ID in text someone pasted into the name box: 32 hex characters (any case, with or
 * without dashes as some tools print them), or a W3C `traceparent` header value.
 */
export function pastedTraceId(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  const fromHeader = TRACEPARENT.exec(t)?.[1];
  if (fromHeader !== undefined) return fromHeader;
  const bare = t.replace(/-/g, "");
  if (!TRACE_ID.test(bare) || /^0+$/.test(bare)) return undefined;
  return bare;
}

/** Whether any filter besides the time range is set (to word the empty state). */
export function hasFilters(s: TraceSearch): boolean {
  return (
    s.q !== "" ||
    s.service !== "" ||
    s.name !== "" ||
    s.minDurationMs !== "" ||
    s.maxDurationMs !== "" ||
    s.status !== "" ||
    s.attr.length > 0
  );
}
