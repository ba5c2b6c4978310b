// "Pin to dashboard" (editors): a saved view of this page becomes a panel of a dashboard chosen
// from the list (view-panel.ts makes it), appended in the dashboard's first free place and saved
// with the version just read; then a link opens that dashboard.
"use client";

import { useMutation } from "@tanstack/react-query";
import type { DashboardView, SavedView } from "@tracelight/contracts";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { apiGet } from "../../lib/api.ts";
import { draftOf } from "../dashboards/dashboard-draft.ts";
import { useDashboards, useDashboardWrites } from "../dashboards/use-dashboards.ts";
import { BUTTON, INPUT, LABEL, LINK, PRIMARY_BUTTON } from "../traces/ui.ts";
import { panelOfView } from "./view-panel.ts";

export function PinToDashboard(props: { views: readonly SavedView[]; current?: string; onDone(): void }) {
  const dashboards = useDashboards();
  const { replace } = useDashboardWrites();
  const [viewId, setViewId] = useState(props.current ?? props.views[0]?.id ?? "");
  const [dashboardId, setDashboardId] = useState("");
  const list = dashboards.data?.dashboards ?? [];
  const pin = useMutation({
    mutationFn: async () => {
      const view = props.views.find((v) => v.id === viewId);
      if (view === undefined) throw new Error("Choose a saved view");
      const doc = await apiGet<DashboardView>(`/dashboards/${encodeURIComponent(dashboardId)}`);
      const panel = panelOfView(view, doc.panels);
      if (typeof panel === "string") throw new Error(`${view.name} cannot be a panel: ${panel}`);
      return replace.mutateAsync({ ...draftOf(doc), panels: [...doc.panels, panel], id: doc.id, version: doc.version });
    },
  });
  // Pinned once: Pin again only for another choice (a second click would add a second panel).
  const choose = (set: (id: string) => void, id: string) => {
    pin.reset();
    set(id);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    pin.mutate();
  };
  return (
    <form
      onSubmit={submit}
      role="dialog"
      aria-label="Pin to dashboard"
      className="absolute right-0 z-20 mt-1 flex w-80 flex-col gap-2 rounded border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900"
      data-testid="pin-view-dialog"
    >
      <label className={LABEL}>
        Saved view
        <select
          className={INPUT}
          value={viewId}
          onChange={(e) => choose(setViewId, e.target.value)}
          data-testid="pin-view-view"
        >
          {props.views.map((view) => (
            <option key={view.id} value={view.id}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Dashboard
        <select
          className={INPUT}
          value={dashboardId}
          onChange={(e) => choose(setDashboardId, e.target.value)}
          required
          data-testid="pin-view-dashboard"
        >
          <option value="">
            {dashboards.isPending ? "Loading…" : list.length === 0 ? "No dashboards" : "Choose…"}
          </option>
          {list.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {pin.error ? (
        <p className="text-sm text-red-600" role="alert">
          {pin.error.message}
        </p>
      ) : null}
      {pin.data ? (
        <p className="text-sm" role="status" data-testid="pin-view-done">
          Pinned.{" "}
          <Link className={LINK} href={`/dashboards/${encodeURIComponent(pin.data.id)}`} data-testid="pin-view-open">
            Open {pin.data.name}
          </Link>
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" className={BUTTON} onClick={props.onDone}>
          {pin.data ? "Close" : "Cancel"}
        </button>
        <button
          type="submit"
          className={PRIMARY_BUTTON}
          disabled={pin.isPending || pin.isSuccess || viewId === "" || dashboardId === ""}
          data-testid="pin-view-submit"
        >
          Pin
        </button>
      </div>
    </form>
  );
}
