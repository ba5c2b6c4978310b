// The editor's document: the stored dashboard without what the server keeps (id, version,
// built-in, authorship), what of it the page can draw while it is being edited, a new panel of a
// kind in the first free place, a new layout written into it, and the server's refusal split
// into its "path: message" problems. Pure.
import {
  type DashboardPanel,
  DashboardPanelSchema,
  type DashboardVariable,
  DashboardVariableSchema,
  type DashboardView,
  type PanelKind,
  type PanelQuery,
} from "@tracelight/contracts";
import { firstFree, type Placed } from "./grid-layout.ts";

export type DashboardDraft = Omit<
  DashboardView,
  "id" | "version" | "builtin" | "createdBy" | "createdAt" | "updatedAt"
>;

export function draftOf(view: DashboardView): DashboardDraft {
  const { id: _id, version: _v, builtin: _b, createdBy: _c, createdAt: _ca, updatedAt: _u, ...draft } = view;
  return draft;
}

/** The edited text as a document, or why it is none. */
export function readDraft(text: string): DashboardDraft | string {
  try {
    const doc: unknown = JSON.parse(text);
    if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) return doc as DashboardDraft;
    return "document: must be a JSON object";
  } catch (error) {
    return `document: not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
}

export interface DraftPreview {
  panels: DashboardPanel[];
  variables: DashboardVariable[];
  /** Whether the panels drawn are the draft's (else the saved ones: the text is no document). */
  editable: boolean;
  /** Panels and variables left out of the page until they are valid, by id or name. */
  leftOut: string[];
}

/** The draft's valid panels and variables, else the saved ones: a half-typed panel only drops out. */
export function previewOf(draft: DashboardDraft | string, saved: DashboardView): DraftPreview {
  if (typeof draft === "string")
    return { panels: saved.panels, variables: saved.variables, editable: false, leftOut: [] };
  const leftOut: string[] = [];
  const valid = <T>(items: unknown, schema: { safeParse(v: unknown): { success: boolean; data?: T } }) =>
    (Array.isArray(items) ? items : []).flatMap((item: unknown) => {
      const parsed = schema.safeParse(item);
      if (parsed.success && parsed.data !== undefined) return [parsed.data];
      const named = item as { id?: unknown; name?: unknown } | null;
      leftOut.push(String(named?.id ?? named?.name ?? "?"));
      return [];
    });
  const panels = valid<DashboardPanel>(draft.panels, DashboardPanelSchema);
  const variables = valid<DashboardVariable>(draft.variables, DashboardVariableSchema);
  return { panels, variables, editable: true, leftOut };
}

/** The draft with each panel of `layout` at its new cell. */
export function withLayout(draft: DashboardDraft, layout: readonly Placed[]): DashboardDraft {
  const cells = new Map(layout.map((p) => [p.id, p.grid]));
  return { ...draft, panels: (draft.panels ?? []).map((p) => ({ ...p, grid: cells.get(p.id) ?? p.grid })) };
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
 * A panel of `kind` in the first free place of its size (top rows first), with `title` and
 * `query` (written by the form), else a query to start from.
 */
export function newPanel(
  kind: PanelKind,
  panels: readonly DashboardPanel[],
  form: { title?: string; query?: PanelQuery } = {},
): DashboardPanel {
  const base = { id: freeId(panels), title: form.title || `New ${kind} panel`, grid: firstFree(panels, 12, 8) };
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

/** `panel-<n>`, the first n from the panel count up that no panel has. */
export function freeId(panels: readonly DashboardPanel[]): string {
  const ids = new Set(panels.map((p) => p.id));
  let n = panels.length + 1;
  while (ids.has(`panel-${n}`)) n++;
  return `panel-${n}`;
}

/** "panels.3.queries.0.metric: is required; name: …" as one line each. */
export function problemsOf(message: string): string[] {
  return message
    .split("; ")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
