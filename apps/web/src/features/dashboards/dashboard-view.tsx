// /dashboards/[id]: the variables bar and the panels laid out on the document's 24-column grid,
// or with ?edit=1 (editors) the editor over the draft. The page's time range and refresh apply
// to every panel; the document's own range and refresh are used when the URL names none.
"use client";

import Link from "next/link";
import { useEffect } from "react";
import { ErrorState, LoadingState } from "../../components/panel.tsx";
import { canWrite } from "../../lib/roles.ts";
import { useUrlState } from "../../lib/url-state.ts";
import { useRole } from "../../lib/use-me.tsx";
import { BUTTON } from "../alerts/ui.tsx";
import { DashboardBody } from "./dashboard-body.tsx";
import { DashboardEditor } from "./dashboard-editor.tsx";
import { exportHref, useDashboard } from "./use-dashboards.ts";

export function DashboardView({ id }: { id: string }) {
  const dashboard = useDashboard(id);
  const url = useUrlState();
  const editor = canWrite(useRole());
  const doc = dashboard.data;
  const editing = editor && url.get("edit") === "1";

  const { params, set } = url;
  const noRange = !params.has("from") && !params.has("to");
  const noRefresh = !params.has("refresh");
  useEffect(() => {
    if (doc === undefined) return;
    const patch: Record<string, string> = {};
    if (noRange && doc.timeRange) Object.assign(patch, doc.timeRange);
    if (noRefresh && doc.refresh && doc.refresh !== "off") patch.refresh = doc.refresh;
    if (Object.keys(patch).length > 0) set(patch, { replace: true });
  }, [doc, noRange, noRefresh, set]);

  if (dashboard.isError) return <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  if (doc === undefined) return <LoadingState height={400} />;

  return (
    <div className="space-y-3 p-4" data-testid="dashboard" data-version={doc.version}>
      <header className="flex flex-wrap items-center gap-3">
        <Link href="/dashboards" className="text-sm text-slate-500 hover:underline">
          Dashboards
        </Link>
        <h1 className="text-lg font-semibold" data-testid="dashboard-title">
          {doc.name}
        </h1>
        {doc.description && <p className="text-sm text-slate-500 dark:text-slate-400">{doc.description}</p>}
        <span className="ml-auto flex gap-2">
          <a href={exportHref(doc.id)} download={`${doc.name}.json`} className={BUTTON} data-testid="dashboard-export">
            Export
          </a>
          {editor && !editing && (
            <button type="button" className={BUTTON} data-testid="dashboard-edit" onClick={() => set({ edit: "1" })}>
              Edit
            </button>
          )}
        </span>
      </header>
      {editing ? (
        <DashboardEditor
          key={doc.version}
          view={doc}
          onDone={() => set({ edit: undefined })}
          onReload={() => void dashboard.refetch()}
        />
      ) : (
        <DashboardBody panels={doc.panels} variables={doc.variables} />
      )}
      {doc.panels.length === 0 && (
        <p className="text-sm text-slate-500">No panels yet{editor ? ": Edit, then Add panel." : "."}</p>
      )}
    </div>
  );
}
