// Links from an alert into the UI: the metric view (or log search) with the rule's exact
// query and a range around the breach, the breach highlighted. Relative paths; callers that
// need absolute URLs (notifications) prefix the public base URL.
import type { LogAlertQuery, MetricAlertQuery } from "@tracelight/contracts";
import { parseDurationSeconds } from "@tracelight/contracts/values";

export interface BreachWindow {
  /** Start of the first breaching window, epoch ms. */
  from: number;
  /** When it resolved, or the latest evaluation while it lasts. */
  to: number;
}

function search(entries: readonly [string, string | number | undefined][]): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) if (value !== undefined && value !== "") params.append(key, String(value));
  return params.toString();
}

/** A range around the breach: at least 30 min (or 10 windows) before it, 5 min (or 5 windows) after. */
export function rangeAround(breach: BreachWindow, windowText: string): { from: number; to: number } {
  const windowMs = (parseDurationSeconds(windowText) ?? 60) * 1000;
  return {
    from: Math.floor(breach.from - Math.max(30 * 60_000, 10 * windowMs)),
    to: Math.ceil(breach.to + Math.max(5 * 60_000, 5 * windowMs)),
  };
}

export function metricAlertLink(query: MetricAlertQuery, breach: BreachWindow): string {
  const range = rangeAround(breach, query.window);
  return `/metrics?${search([
    ["from", range.from],
    ["to", range.to],
    ["metric", query.metric],
    ["agg", query.aggregation],
    ["groupBy", query.groupBy.join(",")],
    ...query.filters.map((f): [string, string] => ["filter", `${f.key}${f.op}${f.value}`]),
    ["step", query.window],
    ["hlFrom", Math.floor(breach.from)],
    ["hlTo", Math.ceil(breach.to)],
  ])}`;
}

export function logAlertLink(query: LogAlertQuery, breach: BreachWindow): string {
  const range = rangeAround(breach, query.window);
  return `/logs?${search([
    ["from", range.from],
    ["to", range.to],
    ["service", query.service],
    ["severity", query.severity],
    ["q", query.text],
    ...query.filters.map((f): [string, string] => ["attr", `${f.key}${f.op}${f.value}`]),
  ])}`;
}
