// The dashboard routes through react-query: the list, one document, and the writes, each of
// which refreshes the list (and the document it changed).
"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { DashboardInput, DashboardsResponse, DashboardView } from "@tracelight/contracts";
import { apiSend } from "../../lib/api.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";

export const useDashboards = () => useApiQuery<DashboardsResponse>("/dashboards", {}, { keepPrevious: false });

export const useDashboard = (id: string) =>
  useApiQuery<DashboardView>(`/dashboards/${encodeURIComponent(id)}`, {}, { keepPrevious: false });

const path = (id: string, tail = "") => `/dashboards/${encodeURIComponent(id)}${tail}`;

/** A write that refreshes every dashboard query once done. */
function useWrite<A>(fn: (arg: A) => Promise<DashboardView>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith("/dashboards") }),
  });
}

export function useDashboardWrites() {
  return {
    create: useWrite((doc: Partial<DashboardInput>) => apiSend<DashboardView>("POST", "/dashboards", doc)),
    replace: useWrite((doc: DashboardInput & { id: string; version: number }) =>
      apiSend<DashboardView>("PUT", path(doc.id), doc),
    ),
    duplicate: useWrite((id: string) => apiSend<DashboardView>("POST", path(id, "/duplicate"))),
    remove: useWrite((id: string) => apiSend<DashboardView>("DELETE", path(id))),
    importFile: useWrite((doc: unknown) => apiSend<DashboardView>("POST", "/dashboards/import", doc)),
  };
}

/** The export route's file, downloaded under the name it gives. */
export const exportHref = (id: string) => `/api/v1${path(id, "/export")}`;
