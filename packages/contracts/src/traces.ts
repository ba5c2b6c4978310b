// GET /api/v1/traces/:traceId and GET /api/v1/traces (search).
import { z } from "zod";
import { attributeFiltersParam, searchQueryParam, valueListParam } from "./filters.ts";
import { emptyAsUndefined, limitParam, rangeShape, withRange } from "./time.ts";
import { type AttributeMap, SPAN_STATUSES, TRACE_ID } from "./values.ts";

const traceId = z.string().trim().toLowerCase().regex(TRACE_ID, "must be 32 hex characters");

export const TraceParamsSchema = z.object({ traceId });
export type TraceParams = z.output<typeof TraceParamsSchema>;

const status = z.preprocess((v) => {
  if (typeof v !== "string" || v === "") return undefined;
  return SPAN_STATUSES.find((s) => s.toLowerCase() === v.toLowerCase()) ?? v;
}, z.enum(SPAN_STATUSES, { error: "must be Unset, Ok or Error" }).optional());

/** 100 days: longer than any span worth searching for, and still an exact integer in ns (2^53 ns is 104 days). */
export const MAX_DURATION_MS = 8_640_000_000;
const DURATION_MESSAGE = `must be between 0 and ${MAX_DURATION_MS} ms (100 days)`;
const durationMs = z.preprocess(
  emptyAsUndefined,
  z.coerce
    .number({ error: DURATION_MESSAGE })
    .min(0, DURATION_MESSAGE)
    .max(MAX_DURATION_MS, DURATION_MESSAGE)
    .optional(),
);

/** Newest first, or longest first; either order is applied over the whole range before the limit. */
export const TRACE_SORTS = ["time", "duration"] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];

const filterShape = {
  ...rangeShape,
  /** The search language (packages/search-query): the span name's words, fields, comparisons. */
  q: searchQueryParam,
  /** Any of these services (repeated `service=`); none: every service but Tracelight's own. */
  service: valueListParam,
  /** Any of these span names (repeated `name=`). */
  name: valueListParam,
  minDurationMs: durationMs,
  maxDurationMs: durationMs,
  status,
  attr: attributeFiltersParam,
};

export const TraceSearchQuerySchema = z
  .object({
    ...filterShape,
    sort: z.preprocess(emptyAsUndefined, z.enum(TRACE_SORTS, { error: "must be time or duration" }).default("time")),
    limit: limitParam,
  })
  .transform(withRange);
export type TraceSearchQuery = z.output<typeof TraceSearchQuerySchema>;

/** The search's filters alone: GET /api/v1/traces/scatter, whose answer's size the server fixes. */
export const TraceFiltersSchema = z.object(filterShape).transform(withRange);
export type TraceFilters = z.output<typeof TraceFiltersSchema>;

export interface SpanEvent {
  /** Epoch ms (fractional). */
  timestamp: number;
  timeUnixNano: string;
  name: string;
  attributes: AttributeMap;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: AttributeMap;
}

export interface Span {
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  name: string;
  serviceName: string;
  /** "Server" | "Client" | "Internal" | "Producer" | "Consumer" | "Unspecified". */
  kind: string;
  /** Epoch ms (fractional). */
  startTime: number;
  /** Exact start, unix nanoseconds as a decimal string. */
  startTimeUnixNano: string;
  durationNs: number;
  statusCode: string;
  statusMessage: string;
  traceState: string;
  scopeName: string;
  scopeVersion: string;
  attributes: AttributeMap;
  resourceAttributes: AttributeMap;
  events: SpanEvent[];
  links: SpanLink[];
}

export interface TraceResponse {
  traceId: string;
  /** Earliest span start, epoch ms. */
  startTime: number;
  /** Latest span end (start + duration), epoch ms. */
  endTime: number;
  /** Ordered by start time. */
  spans: Span[];
}

export interface TraceSummary {
  traceId: string;
  /** Of the root span (no parent); of the earliest span when the root is missing. */
  rootServiceName: string;
  rootName: string;
  /** Epoch ms. */
  startTime: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export interface TraceSearchResponse {
  /** In the query's `sort` order (newest first, or longest first). */
  traces: TraceSummary[];
}

/** How the scatter's traces were chosen out of every matching trace in the range. */
export interface TraceScatterSampling {
  /** The range's slowest traces, always included (at most this many). */
  slowest: number;
  /** The range is cut into buckets of this length (ms)... */
  bucketMs: number;
  /** ...and each bucket gives at most this many traces: its slowest span's and a random sample. */
  perBucket: number;
  /** True when no bucket had more matching spans than it gives: every matching trace is shown. */
  complete: boolean;
}

export interface TraceScatterResponse {
  /** One per trace, in no particular order; spread over the whole range. */
  traces: TraceSummary[];
  sampling: TraceScatterSampling;
}
