// /dashboards: every dashboard with its panel count and last change; editors create, duplicate,
// delete (not a built-in) and import; anyone exports a dashboard as its JSON file.
"use client";

import type { DashboardSummary } from "@tracelight/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ChangeEvent, useState } from "react";
import { Panel, QueryView } from "../../components/panel.tsx";
import { canWrite } from "../../lib/roles.ts";
import { RoleNote, useRole } from "../../lib/use-me.tsx";
import { BUTTON, DANGER_BUTTON, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { ROW, TABLE, TD, TH, When } from "../settings/settings-ui.tsx";
import { exportHref, useDashboards, useDashboardWrites } from "./use-dashboards.ts";

export function DashboardsListView() {
  const list = useDashboards();
  const writes = useDashboardWrites();
  const editor = canWrite(useRole());
  const router = useRouter();
  const [problem, setProblem] = useState<string>();
  const run = async (action: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await action();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const create = () =>
    run(async () => {
      const made = await writes.create.mutateAsync({ name: `New dashboard ${new Date().toISOString().slice(0, 19)}` });
      router.push(`/dashboards/${made.id}?edit=1`);
    });
  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (file === undefined) return;
    void run(async () => {
      let doc: unknown;
      try {
        doc = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON`);
      }
      const made = await writes.importFile.mutateAsync(doc);
      router.push(`/dashboards/${made.id}`);
    });
  };

  const actions = editor ? (
    <>
      <label className={`${BUTTON} cursor-pointer`}>
        Import
        <input
          type="file"
          accept=".json,application/json"
          className="sr-only"
          data-testid="dashboard-import"
          onChange={importFile}
        />
      </label>
      <button type="button" className={PRIMARY_BUTTON} data-testid="dashboard-new" onClick={() => void create()}>
        New dashboard
      </button>
    </>
  ) : (
    <RoleNote min="editor" what="creating and importing dashboards" />
  );

  return (
    <div className="space-y-3 p-4">
      <Panel title="Dashboards" actions={actions} testId="dashboards-list">
        {problem && (
          <p role="alert" data-testid="dashboards-problem" className="mb-2 text-sm text-red-700 dark:text-red-300">
            {problem}
          </p>
        )}
        <QueryView query={list} isEmpty={(d) => d.dashboards.length === 0} empty="No dashboards yet.">
          {(d) => (
            <table className={TABLE}>
              <thead>
                <tr>
                  <th className={TH}>Name</th>
                  <th className={`${TH} text-right`}>Panels</th>
                  <th className={TH}>Updated</th>
                  <th className={TH} />
                </tr>
              </thead>
              <tbody>
                {d.dashboards.map((row) => (
                  <DashboardRow
                    key={row.id}
                    row={row}
                    editor={editor}
                    onDuplicate={() => run(() => writes.duplicate.mutateAsync(row.id))}
                    onDelete={() => {
                      if (window.confirm(`Delete the dashboard "${row.name}"?`))
                        void run(() => writes.remove.mutateAsync(row.id));
                    }}
                  />
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </Panel>
    </div>
  );
}

function DashboardRow(props: { row: DashboardSummary; editor: boolean; onDuplicate(): void; onDelete(): void }) {
  const { row } = props;
  return (
    <tr className={ROW} data-testid="dashboard-row" data-id={row.id}>
      <td className={TD}>
        <Link href={`/dashboards/${row.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
          {row.name}
        </Link>
        {row.builtin && (
          <span
            data-testid="dashboard-builtin"
            className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
          >
            built-in
          </span>
        )}
      </td>
      <td className={`${TD} text-right tabular-nums`}>{row.panelCount}</td>
      <td className={TD}>
        <When iso={row.updatedAt} />
      </td>
      <td className={`${TD} space-x-1 text-right whitespace-nowrap`}>
        <a href={exportHref(row.id)} download={`${row.name}.json`} className={BUTTON} data-testid="dashboard-export">
          Export
        </a>
        {props.editor && (
          <button type="button" className={BUTTON} data-testid="dashboard-duplicate" onClick={props.onDuplicate}>
            Duplicate
          </button>
        )}
        {props.editor && !row.builtin && (
          <button type="button" className={DANGER_BUTTON} data-testid="dashboard-delete" onClick={props.onDelete}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
