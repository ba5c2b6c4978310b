// /alerts/silences: active, pending and expired silences, a form to add one, and "Expire" to
// end one now.
"use client";

import type { Silence } from "@tracelight/contracts";
import { useState } from "react";
import { EmptyState, Panel, QueryView } from "../../components/panel.tsx";
import { formatTime } from "../../lib/format.ts";
import { RequireRole } from "../../lib/use-me.tsx";
import { SilenceForm } from "./silence-form.tsx";
import { BUTTON, DANGER_BUTTON, errorMessage, FormErrors, PageHeader, PRIMARY_BUTTON } from "./ui.tsx";
import { useExpireSilence, useSilences } from "./use-alerts-data.ts";

const STATUS_ORDER: Record<Silence["status"], number> = { active: 0, pending: 1, expired: 2 };
const STATUS_CLASS: Record<Silence["status"], string> = {
  active: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  expired: "bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400",
};

/** Active first, then pending, then expired; newest end first within each. */
export function sortSilences(silences: readonly Silence[]): Silence[] {
  return [...silences].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.endsAt - a.endsAt);
}

export function SilencesView() {
  const silences = useSilences();
  const expire = useExpireSilence();
  const [creating, setCreating] = useState(false);
  const [showExpired, setShowExpired] = useState(false);

  return (
    <div className="space-y-3">
      <PageHeader
        title="Silences"
        actions={
          !creating && (
            <RequireRole min="editor" explain="creating and expiring silences">
              <button
                type="button"
                className={PRIMARY_BUTTON}
                onClick={() => setCreating(true)}
                data-testid="silence-new"
              >
                New silence
              </button>
            </RequireRole>
          )
        }
      />
      {creating && (
        <Panel title="New silence" testId="silence-new-panel">
          <SilenceForm onDone={() => setCreating(false)} onCancel={() => setCreating(false)} />
        </Panel>
      )}
      <FormErrors
        messages={expire.error ? [`Could not expire: ${errorMessage(expire.error)}`] : []}
        testId="silence-expire-error"
      />
      <Panel
        title="Silences"
        testId="silences-list"
        actions={
          <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
            <input
              type="checkbox"
              data-testid="silences-show-expired"
              checked={showExpired}
              onChange={(e) => setShowExpired(e.target.checked)}
            />
            show expired
          </label>
        }
      >
        <QueryView
          query={silences}
          isEmpty={(d) => d.silences.length === 0}
          empty="No silences. A silence mutes the notifications of the alerts its matchers select, for a while."
        >
          {(d) => {
            const rows = sortSilences(d.silences).filter((s) => showExpired || s.status !== "expired");
            if (rows.length === 0)
              return <EmptyState>No active or pending silences ({d.silences.length} expired).</EmptyState>;
            return (
              <table className="w-full text-left text-sm" data-testid="silences-table">
                <thead className="text-xs text-slate-500 dark:text-slate-400">
                  <tr>
                    <th className="px-2 py-1 font-medium">Status</th>
                    <th className="px-2 py-1 font-medium">Matchers</th>
                    <th className="px-2 py-1 font-medium">Starts</th>
                    <th className="px-2 py-1 font-medium">Ends</th>
                    <th className="px-2 py-1 font-medium">Comment</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr
                      key={s.id}
                      data-testid="silence-row"
                      data-status={s.status}
                      className="border-t border-slate-100 align-top dark:border-slate-800"
                    >
                      <td className="px-2 py-1.5">
                        <span
                          className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${STATUS_CLASS[s.status]}`}
                        >
                          {s.status}
                        </span>
                      </td>
                      <td className="px-2 py-1.5">
                        <span className="flex flex-wrap gap-1">
                          {s.matchers.map((m) => (
                            <span
                              key={`${m.label}${m.op}${m.value}`}
                              data-testid="silence-matcher"
                              className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800"
                            >
                              {m.label}
                              {m.op}
                              {m.value === "" ? '""' : m.value}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td className="px-2 py-1.5 text-xs whitespace-nowrap">{formatTime(s.startsAt)}</td>
                      <td className="px-2 py-1.5 text-xs whitespace-nowrap">{formatTime(s.endsAt)}</td>
                      <td className="px-2 py-1.5 text-xs text-slate-600 dark:text-slate-300">
                        {s.comment}
                        {s.createdBy && <span className="text-slate-400"> — {s.createdBy}</span>}
                      </td>
                      <td className="px-2 py-1.5 text-right">
                        {s.status !== "expired" && (
                          <RequireRole min="editor">
                            <button
                              type="button"
                              className={DANGER_BUTTON}
                              disabled={expire.isPending}
                              onClick={() => expire.mutate(s.id)}
                              data-testid="silence-expire"
                            >
                              Expire
                            </button>
                          </RequireRole>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </QueryView>
      </Panel>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Matchers compare alert labels: <code>alertname</code> (the rule name), <code>severity</code>, the rule&apos;s
        labels and its group-by labels. <code>=~</code> and <code>!~</code> take a regular expression.{" "}
        <button type="button" className={`${BUTTON} ml-1 text-xs`} onClick={() => void silences.refetch()}>
          Refresh
        </button>
      </p>
    </div>
  );
}
