// Where a panel opens: the view its queries were written for, with the query exactly as sent
// (variables substituted) and the page's range. The views read the same parameter names as
// their routes (metric explorer: /metrics/series, log search: /logs, trace search: /traces). Pure.
import type { PanelKind } from "@tracelight/contracts";
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
  return { href: hrefWith(view.path, { from: range.from, to: range.to, ...query }), label: view.label };
}
