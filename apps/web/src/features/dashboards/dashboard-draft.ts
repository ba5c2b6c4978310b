// The editor's document: the stored dashboard without what the server keeps (id, version,
// built-in, authorship), a new panel of a kind placed under the others, and the server's
// refusal split into its "path: message" problems. Pure.
import type { DashboardPanel, DashboardView, PanelKind, PanelQuery } from "@tracelight/contracts";

export type DashboardDraft = Omit<
  DashboardView,
  "id" | "version" | "builtin" | "createdBy" | "createdAt" | "updatedAt"
>;

export function draftOf(view: DashboardView): DashboardDraft {
  const { id: _id, version: _v, builtin: _b, createdBy: _c, createdAt: _ca, updatedAt: _u, ...draft } = view;
  return draft;
}

const METRIC_QUERY = { metric: "http.server.request.duration", agg: "rate", groupBy: ["service.name"] };

/** A query written one `key=value` a line (a key given twice is a list), as the route takes it. */
export function parseQueryLines(text: string): PanelQuery {
  const query: Record<string, string[]> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    const key = line.slice(0, Math.max(0, at)).trim();
    if (at <= 0 || key === "") continue;
    query[key] = [...(query[key] ?? []), line.slice(at + 1).trim()];
  }
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.length === 1 ? (v[0] ?? "") : v]));
}

/**
 * A panel of `kind` on a new row below every panel, with `title` and `query` (written by the
 * form), else a query to start from.
 */
export function newPanel(
  kind: PanelKind,
  panels: readonly DashboardPanel[],
  form: { title?: string; query?: PanelQuery } = {},
): DashboardPanel {
  const y = Math.max(0, ...panels.map((p) => p.grid.y + p.grid.h));
  const ids = new Set(panels.map((p) => p.id));
  let n = panels.length + 1;
  while (ids.has(`panel-${n}`)) n++;
  const base = { id: `panel-${n}`, title: form.title || `New ${kind} panel`, grid: { x: 0, y, w: 12, h: 8 } };
  const given = form.query && Object.keys(form.query).length > 0 ? form.query : undefined;
  switch (kind) {
    case "markdown":
      return { ...base, kind, options: { text: "## Notes\n\nWrite **markdown** here." } };
    case "logs":
      return { ...base, kind, queries: [given ?? { severity: "ERROR" }] };
    case "log-volume":
    case "traces":
      return { ...base, kind, queries: [given ?? {}] };
    default:
      return { ...base, kind, queries: [given ?? { ...METRIC_QUERY }] } as DashboardPanel;
  }
}

/** "panels.3.queries.0.metric: is required; name: …" as one line each. */
export function problemsOf(message: string): string[] {
  return message
    .split("; ")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
