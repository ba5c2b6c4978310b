// GET /api/v1/logs
import { z } from "zod";
import { attributeFiltersParam, searchQueryParam, valueListParam } from "./filters.ts";
import { limitParam, rangeShape, withRange } from "./time.ts";
import { type AttributeMap, SEVERITY_MIN_NUMBER, type SeverityName } from "./values.ts";

const severity = z.preprocess(
  (v) => {
    if (typeof v !== "string" || v.trim() === "") return undefined;
    const upper = v.trim().toUpperCase();
    return upper === "WARNING" ? "WARN" : upper;
  },
  z
    .enum(Object.keys(SEVERITY_MIN_NUMBER) as [SeverityName, ...SeverityName[]], {
      error: "must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL",
    })
    .optional(),
);

const hexId = (length: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toLowerCase()) : v),
    z
      .string()
      .regex(new RegExp(`^[0-9a-f]{${length}}$`), `must be ${length} hex characters`)
      .optional(),
  );

/** The filters of log search, shared by /logs, /logs/histogram and /logs/tail. */
export const logFilterShape = {
  traceId: hexId(32),
  spanId: hexId(16),
  /**
   * The search language (packages/search-query): words of the body (every one, case-insensitive,
   * as before the language), phrases, fields, comparisons, AND/OR/NOT.
   */
  q: searchQueryParam,
  /** Any of these services (repeated `service=`); none: every service but Tracelight's own. */
  service: valueListParam,
  /** Minimum severity. */
  severity,
  attr: attributeFiltersParam,
};

export const LogsQuerySchema = z.object({ ...rangeShape, ...logFilterShape, limit: limitParam }).transform(withRange);
export type LogsQuery = z.output<typeof LogsQuerySchema>;
/** The filter fields of a parsed log query (no range, no limit); no `service` is as an empty list. */
export type LogFilters = Pick<LogsQuery, "traceId" | "spanId" | "q" | "severity" | "attr"> & {
  service?: readonly string[];
};

export interface LogRecord {
  /** Epoch ms (fractional). */
  timestamp: number;
  /** Exact time, unix nanoseconds as a decimal string (for interleaving with spans). */
  timestampUnixNano: string;
  severityText: string;
  severityNumber: number;
  body: string;
  serviceName: string;
  /** "" when the record has no trace context. */
  traceId: string;
  spanId: string;
  attributes: AttributeMap;
  resourceAttributes: AttributeMap;
}

export interface LogsResponse {
  /** Newest first. */
  logs: LogRecord[];
}
