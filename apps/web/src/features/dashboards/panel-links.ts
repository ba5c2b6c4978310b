// Where a panel opens: the view its queries were written for, with the query exactly as sent
// (variables substituted) and the page's range. The views read the same parameter names as
// their routes (metric explorer: /metrics/series, log search: /logs, trace search: /traces). Pure.
import type { PanelKind } from "@tracelight/contracts";
import { printSearchQuery, type SearchNode } from "@tracelight/search-query";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { hrefWith } from "../../lib/url-state.ts";

const VIEWS: Partial<Record<PanelKind, { path: string; label: string }>> = {
  timeseries: { path: "/metrics", label: "Open in explorer" },
  stat: { path: "/metrics", label: "Open in explorer" },
  bar: { path: "/metrics", label: "Open in explorer" },
  table: { path: "/metrics", label: "Open in explorer" },
  logs: { path: "/logs", label: "Open in log search" },
  "log-volume": { path: "/logs", label: "Open in log search" },
  traces: { path: "/traces", label: "Open in trace search" },
};

export function panelLink(
  kind: PanelKind,
  query: Record<string, string | string[]> | undefined,
  range: TimeRangeExpr,
): { href: string; label: string } | undefined {
  const view = VIEWS[kind];
  if (view === undefined || query === undefined) return undefined;
  const exact = view.path === "/metrics" ? query : servicesIntoSearch(query);
  return { href: hrefWith(view.path, { from: range.from, to: range.to, ...exact }), label: view.label };
}

/**
 * Log and trace search pick one service in their filter bar, while a panel's query may name
 * several (a multi-value `$service`): those go into the search box as `service:(a OR b)`, which
 * finds the same rows, so the page shows what the panel showed.
 */
function servicesIntoSearch(query: Record<string, string | string[]>): Record<string, string | string[]> {
  const { service, ...rest } = query;
  if (!Array.isArray(service) || service.length < 2) return query;
  const anyOf: SearchNode = {
    type: "or",
    children: service.map((value) => ({
      type: "match",
      field: "service",
      value,
      prefix: false,
      offset: 0,
      valueOffset: 0,
    })),
  };
  const typed = typeof rest.q === "string" && rest.q.trim() !== "" ? `(${rest.q}) ` : "";
  return { ...rest, q: `${typed}${printSearchQuery(anyOf)}` };
}
