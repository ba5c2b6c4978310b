// The saved views of one page (log search, trace search, metric explorer): a menu that opens
// one, and for editors a "Save view" button that names the page's current URL state and "Pin to
// dashboard", which makes a view a dashboard's panel. A view's stable URL is the page with
// `?view=<id>`: opening it loads the view's state into the URL.
"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SavedView, SavedViewKind, SavedViewsResponse } from "@tracelight/contracts";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { apiGet, apiSend } from "../../lib/api.ts";
import { useUrlState } from "../../lib/url-state.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { RequireRole } from "../../lib/use-me.tsx";
import { BUTTON, INPUT, PRIMARY_BUTTON } from "../traces/ui.ts";
import { PinToDashboard } from "./pin-to-dashboard.tsx";
import { hrefForState, stateFromParams, VIEW_PARAM } from "./view-state.ts";

/** Loads `?view=<id>` into the page's URL (replacing the entry, so back skips the bare link). */
function useOpenSavedView(): { error?: string } {
  const url = useUrlState();
  const router = useRouter();
  const pathname = usePathname();
  const id = url.get(VIEW_PARAM);
  const view = useQuery({
    queryKey: ["/saved-views", id],
    queryFn: ({ signal }) => apiGet<SavedView>(`/saved-views/${encodeURIComponent(id ?? "")}`, {}, signal),
    enabled: id !== undefined,
    retry: false,
  });
  useEffect(() => {
    if (view.data !== undefined && view.data.id === id) router.replace(hrefForState(pathname, view.data.state));
  }, [view.data, id, router, pathname]);
  return { error: id !== undefined && view.error ? view.error.message : undefined };
}

function SaveViewForm(props: { kind: SavedViewKind; onDone: () => void }) {
  const url = useUrlState();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(true);
  const save = useMutation({
    mutationFn: () =>
      apiSend<SavedView>("POST", "/saved-views", {
        name,
        kind: props.kind,
        state: stateFromParams(url.params),
        shared,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["/saved-views"] });
      props.onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form
      onSubmit={submit}
      role="dialog"
      aria-label="Save view"
      className="absolute right-0 z-20 mt-1 flex w-72 flex-col gap-2 rounded border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900"
      data-testid="save-view-dialog"
    >
      <label className="flex flex-col gap-1 text-sm">
        Name
        <input
          className={INPUT}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          required
          data-testid="save-view-name"
        />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        Shared with everyone
      </label>
      {save.error ? (
        <p className="text-sm text-red-600" role="alert">
          {save.error.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" className={BUTTON} onClick={props.onDone}>
          Cancel
        </button>
        <button type="submit" className={PRIMARY_BUTTON} disabled={save.isPending} data-testid="save-view-submit">
          Save
        </button>
      </div>
    </form>
  );
}

export function SavedViewsMenu(props: { kind: SavedViewKind }) {
  const router = useRouter();
  const pathname = usePathname();
  const opened = useOpenSavedView();
  const url = useUrlState();
  const list = useApiQuery<SavedViewsResponse>("/saved-views", { kind: props.kind }, { keepPrevious: false });
  const [dialog, setDialog] = useState<"save" | "pin">();
  const views = list.data?.savedViews ?? [];
  // The view whose state the page shows now, if any, is the one to pin.
  const here = hrefForState("", stateFromParams(url.params));
  const current = views.find((v) => hrefForState("", v.state) === here)?.id;
  return (
    <div className="relative flex items-center gap-2" data-testid="saved-views">
      <select
        aria-label="Saved views"
        className={INPUT}
        value=""
        onChange={(e) => {
          if (e.target.value !== "") router.push(`${pathname}?${VIEW_PARAM}=${encodeURIComponent(e.target.value)}`);
        }}
        data-testid="saved-views-menu"
      >
        <option value="">{views.length === 0 ? "No saved views" : "Saved views…"}</option>
        {views.map((view) => (
          <option key={view.id} value={view.id}>
            {view.name}
            {view.shared ? "" : " (only you)"}
          </option>
        ))}
      </select>
      <RequireRole min="editor">
        <button type="button" className={BUTTON} onClick={() => setDialog("save")} data-testid="save-view">
          Save view
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={() => setDialog("pin")}
          disabled={views.length === 0}
          data-testid="pin-view"
        >
          Pin to dashboard
        </button>
        {dialog === "save" ? <SaveViewForm kind={props.kind} onDone={() => setDialog(undefined)} /> : null}
        {dialog === "pin" ? (
          <PinToDashboard views={views} current={current} onDone={() => setDialog(undefined)} />
        ) : null}
      </RequireRole>
      {opened.error ? (
        <span className="text-sm text-red-600" role="alert">
          Saved view: {opened.error}
        </span>
      ) : null}
    </div>
  );
}
