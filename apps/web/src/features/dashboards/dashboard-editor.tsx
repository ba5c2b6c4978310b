// Editing a dashboard (editors): its name, a panel added by kind or removed, the panels moved
// and resized on the grid (which draws the draft as it is), and the whole document as JSON;
// saved with the version it was read at, so a change by someone else in between is refused (409)
// rather than overwritten. The server's problems show by their path.
"use client";

import { type DashboardView, PANEL_KINDS, type PanelKind } from "@tracelight/contracts";
import { useMemo, useState } from "react";
import { ApiRequestError } from "../../lib/api.ts";
import { BUTTON, DANGER_BUTTON, INPUT, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { DashboardBody } from "./dashboard-body.tsx";
import {
  type DashboardDraft,
  draftOf,
  newPanel,
  parseQueryLines,
  previewOf,
  problemsOf,
  readDraft,
  withLayout,
} from "./dashboard-draft.ts";
import { useDashboardWrites } from "./use-dashboards.ts";

export function DashboardEditor(props: { view: DashboardView; onDone(): void; onReload(): void }) {
  const { view } = props;
  const [text, setText] = useState(() => JSON.stringify(draftOf(view), null, 2));
  const [kind, setKind] = useState<PanelKind>("timeseries");
  const [title, setTitle] = useState("");
  const [queryText, setQueryText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const { replace } = useDashboardWrites();

  const draft = useMemo(() => readDraft(text), [text]);
  const parsed = (): DashboardDraft | undefined => {
    if (typeof draft === "string") setProblems([draft]);
    return typeof draft === "string" ? undefined : draft;
  };
  const change = (fn: (draft: DashboardDraft) => DashboardDraft) => {
    const current = parsed();
    if (current) setText(JSON.stringify(fn(current), null, 2));
  };
  const save = async () => {
    const current = parsed();
    if (current === undefined) return;
    setProblems([]);
    try {
      await replace.mutateAsync({ ...current, id: view.id, version: view.version });
      props.onDone();
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409 && error.message.startsWith("version:"))
        setConflict(true);
      else setProblems(problemsOf(error instanceof Error ? error.message : String(error)));
    }
  };

  const shown = typeof draft === "string" ? undefined : draft;
  const preview = useMemo(() => previewOf(draft, view), [draft, view]);

  return (
    <>
      <section
        data-testid="dashboard-editor"
        className="space-y-2 rounded-lg border border-sky-200 bg-sky-50/50 p-3 dark:border-sky-900 dark:bg-sky-950/30"
      >
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-xs">
            Name
            <input
              className={`${INPUT} w-72`}
              data-testid="dashboard-name"
              value={shown?.name ?? ""}
              disabled={shown === undefined}
              onChange={(e) => change((d) => ({ ...d, name: e.target.value }))}
            />
          </label>
          <label className="flex flex-col text-xs">
            Panel kind
            <select className={INPUT} value={kind} onChange={(e) => setKind(e.target.value as PanelKind)}>
              {PANEL_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-xs">
            Title
            <input
              className={`${INPUT} w-48`}
              data-testid="panel-form-title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <label className="flex flex-col text-xs">
            Query (key=value a line; empty: an example)
            <textarea
              className={`${INPUT} h-16 w-80 font-mono`}
              data-testid="panel-form-query"
              placeholder={"metric=http.server.request.duration\nagg=p99\nfilter=service.name=$service"}
              value={queryText}
              onChange={(e) => setQueryText(e.target.value)}
            />
          </label>
          <button
            type="button"
            className={BUTTON}
            data-testid="dashboard-add-panel"
            onClick={() => {
              const form = { title: title.trim(), query: parseQueryLines(queryText) };
              change((d) => ({ ...d, panels: [...(d.panels ?? []), newPanel(kind, d.panels ?? [], form)] }));
              setTitle("");
              setQueryText("");
            }}
          >
            Add panel
          </button>
          <span className="ml-auto flex gap-2">
            <button type="button" className={BUTTON} onClick={props.onDone}>
              Cancel
            </button>
            <button type="button" className={PRIMARY_BUTTON} data-testid="dashboard-save" onClick={() => void save()}>
              Save
            </button>
          </span>
        </div>
        {shown && (shown.panels ?? []).length > 0 && (
          <ul className="flex flex-wrap gap-1 text-xs">
            {(shown.panels ?? []).map((p, i) => (
              <li
                key={p.id}
                className="flex items-center gap-1 rounded border border-slate-200 px-1.5 dark:border-slate-700"
              >
                {p.title} <span className="text-slate-500">({p.kind})</span>
                <button
                  type="button"
                  aria-label={`Remove ${p.title}`}
                  data-testid="dashboard-remove-panel"
                  className={`${DANGER_BUTTON} px-1 py-0`}
                  onClick={() => change((d) => ({ ...d, panels: (d.panels ?? []).filter((_, j) => j !== i) }))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {conflict && (
          <p role="alert" data-testid="dashboard-conflict" className="text-sm text-amber-800 dark:text-amber-200">
            This dashboard was changed by someone else since you opened it.{" "}
            <button type="button" className="underline" onClick={props.onReload}>
              Reload
            </button>{" "}
            (your edits here are lost).
          </p>
        )}
        {problems.length > 0 && (
          <ul
            role="alert"
            data-testid="dashboard-problems"
            className="list-disc pl-5 text-sm text-red-700 dark:text-red-300"
          >
            {problems.map((p) => (
              <li key={p} className="font-mono text-xs">
                {p}
              </li>
            ))}
          </ul>
        )}
        {(!preview.editable || preview.leftOut.length > 0) && (
          <p data-testid="dashboard-left-out" className="text-xs text-amber-800 dark:text-amber-200">
            {preview.editable
              ? `Not drawn until valid: ${preview.leftOut.join(", ")}.`
              : `${draft}: the saved panels are drawn, and cannot be moved until the JSON below is fixed.`}
          </p>
        )}
      </section>
      <DashboardBody
        panels={preview.panels}
        variables={preview.variables}
        onLayout={preview.editable ? (layout) => change((d) => withLayout(d, layout)) : undefined}
      />
      <textarea
        data-testid="dashboard-json"
        aria-label="Dashboard JSON"
        spellCheck={false}
        className={`${INPUT} h-96 w-full font-mono text-xs`}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </>
  );
}
