// A Dashboard row and the API's shapes: the document column holds the input without id and
// version (those are columns), so an export carries them from the row.
import type { DashboardDocument, DashboardInput, DashboardSummary, DashboardView } from "@tracelight/contracts";
import type { Dashboard } from "@tracelight/db";

export type DashboardRow = Dashboard & { createdBy?: { email: string } | null };

/** The document column of an input: everything but the row's own id and version. */
export function documentText(input: DashboardInput): string {
  const { id: _id, version: _version, name: _name, ...rest } = input;
  return JSON.stringify(rest);
}

export function dashboardDocument(row: Dashboard): DashboardDocument {
  const rest = JSON.parse(row.document) as Omit<DashboardDocument, "id" | "version" | "name">;
  return { id: row.id, name: row.name, version: row.version, ...rest };
}

export function dashboardView(row: DashboardRow): DashboardView {
  return {
    ...dashboardDocument(row),
    builtin: row.builtinKey !== null,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function dashboardSummary(row: Dashboard): DashboardSummary {
  const { panels } = JSON.parse(row.document) as { panels?: unknown[] };
  return {
    id: row.id,
    name: row.name,
    builtin: row.builtinKey !== null,
    panelCount: panels?.length ?? 0,
    updatedAt: row.updatedAt.toISOString(),
  };
}
