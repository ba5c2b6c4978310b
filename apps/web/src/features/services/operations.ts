// Top operations of a service: the route filter and the link to trace search for one route.
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
