// Top operations of a service: the route filter and the link to trace search for one route.
import type { RedBucket } from "@tracelight/contracts";
import { tracesHref } from "../../lib/links.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";

/**
 * Trace search for one route of a service. The rollup's route is `http.route` when the span
 * has one (a path such as "/api/checkout"), else the span name, so the search matches the same.
 */
export function routeTracesHref(service: string, route: string, range?: TimeRangeExpr): string {
  if (route.startsWith("/")) return tracesHref({ range, service, attr: [`http.route=${route}`] });
  return tracesHref({ range, service, name: route });
}

/** Clicking the selected route again clears the filter. */
export function toggleRoute(current: string | undefined, clicked: string): string | undefined {
  return current === clicked ? undefined : clicked;
}

export interface RedTotals {
  requests: number;
  errors: number;
  /** errors / requests, 0 when there were none. */
  errorRate: number;
  /** Requests per second over the buckets' span. */
  rate: number;
}

/** Totals of a range from its buckets (percentiles cannot be added up, so there are none). */
export function redTotals(buckets: readonly RedBucket[], stepMs: number): RedTotals {
  let requests = 0;
  let errors = 0;
  for (const b of buckets) {
    requests += b.requests;
    errors += b.errors;
  }
  const seconds = (buckets.length * stepMs) / 1000;
  return {
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    rate: seconds > 0 ? requests / seconds : 0,
  };
}
