// Log filters evaluated in JS on decoded rows (live tail): the same conditions as the search's
// SQL (logConditions in logs.ts) minus the time window, so a tail shows what a search over
// the same moment would find.
import { type LogFilters, SELF_SERVICE, SEVERITY_MIN_NUMBER } from "@tracelight/contracts";
import type { LogRow } from "@tracelight/otlp";
import { compileAttributeFilters } from "./attributes.ts";
import { compileLogSearch } from "./search-match.ts";

/** A compiled filter: `matches(row)` is cheap enough to run on every ingested row. */
export interface LogMatcher {
  matches(row: LogRow): boolean;
}

/** Throws SearchQueryError for a `q` the search language cannot read (as the search does). */
export function compileLogFilters(f: LogFilters): LogMatcher {
  const minSeverity = f.severity === undefined ? undefined : SEVERITY_MIN_NUMBER[f.severity];
  const search = compileLogSearch(f.q);
  const services = f.service ?? [];
  const attributes = compileAttributeFilters(f.attr);
  return {
    matches(row) {
      if (f.traceId !== undefined && row.TraceId !== f.traceId) return false;
      if (f.spanId !== undefined && row.SpanId !== f.spanId) return false;
      // As log search: Tracelight's own warnings only when service tracelight is asked for.
      if (services.length > 0 ? !services.includes(row.ServiceName) : row.ServiceName === SELF_SERVICE) return false;
      // The column is UInt8: compare what is stored.
      if (minSeverity !== undefined && (row.SeverityNumber & 0xff) < minSeverity) return false;
      if (!attributes(row.ServiceName, row.LogAttributes, row.ResourceAttributes)) return false;
      return search === null || search(row);
    },
  };
}
