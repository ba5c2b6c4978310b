// /settings/audit: who changed what, newest first, filtered by action ("rule.create", or a
// family such as "rule") and actor; "Older" loads the next page.
"use client";

import type { AuditEntry } from "@tracelight/contracts";
import { AUDIT_RETENTION_DAYS } from "@tracelight/contracts";
import { type FormEvent, useState } from "react";
import { EmptyState, ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { BUTTON, INPUT } from "../alerts/ui.tsx";
import { ROW, TABLE, TD, TH, When } from "./settings-ui.tsx";
import { type AuditFilter, useAudit } from "./use-settings-data.ts";

function Target({ entry }: { entry: AuditEntry }) {
  if (entry.targetType === null) return <span className="text-slate-400">—</span>;
  return (
    <span>
      <span className="text-xs text-slate-500 dark:text-slate-400">{entry.targetType} </span>
      {entry.targetName ?? entry.targetId}
    </span>
  );
}

export function AuditView() {
  const [draft, setDraft] = useState<AuditFilter>({ action: "", actor: "" });
  const [filter, setFilter] = useState<AuditFilter>(draft);
  const audit = useAudit(filter);
  const entries = audit.data?.pages.flatMap((page) => page.entries);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
  };

  return (
    <Panel
      title="Audit log"
      testId="audit-log"
      actions={
        <form onSubmit={apply} className="flex flex-wrap items-center gap-2" data-testid="audit-filter">
          <input
            data-testid="audit-filter-action"
            className={`${INPUT} w-40`}
            placeholder="action (rule, user.update)"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
          <input
            data-testid="audit-filter-actor"
            className={`${INPUT} w-48`}
            placeholder="actor (email)"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
          <button type="submit" className={BUTTON} data-testid="audit-filter-apply">
            Filter
          </button>
        </form>
      }
    >
      {audit.isError && entries === undefined ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : entries === undefined ? (
        <LoadingState />
      ) : entries.length === 0 ? (
        <EmptyState>No audit entries{filter.action || filter.actor ? " match these filters" : ""}.</EmptyState>
      ) : (
        <table className={TABLE} data-testid="audit-table">
          <thead>
            <tr>
              <th className={TH}>Time</th>
              <th className={TH}>Actor</th>
              <th className={TH}>Action</th>
              <th className={TH}>Target</th>
              <th className={TH}>Outcome</th>
              <th className={TH}>Address</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr
                key={entry.id}
                className={ROW}
                data-testid="audit-row"
                data-action={entry.action}
                data-outcome={entry.outcome}
                title={entry.details ? JSON.stringify(entry.details) : undefined}
              >
                <td className={TD}>
                  <When iso={entry.at} />
                </td>
                <td className={TD} data-testid="audit-actor">
                  {entry.actor}
                </td>
                <td className={`${TD} font-mono text-xs`} data-testid="audit-action">
                  {entry.action}
                </td>
                <td className={TD} data-testid="audit-target">
                  <Target entry={entry} />
                </td>
                <td
                  className={`${TD} ${entry.outcome === "failure" ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}
                >
                  {entry.outcome}
                </td>
                <td className={`${TD} font-mono text-xs`}>{entry.ipAddress ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="mt-2 flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
        {audit.hasNextPage && (
          <button
            type="button"
            className={BUTTON}
            disabled={audit.isFetchingNextPage}
            onClick={() => void audit.fetchNextPage()}
            data-testid="audit-older"
          >
            {audit.isFetchingNextPage ? "Loading…" : "Older"}
          </button>
        )}
        {audit.isFetchNextPageError && <span role="alert">Could not load older entries.</span>}
        <span>Entries are kept for {AUDIT_RETENTION_DAYS} days.</span>
      </div>
    </Panel>
  );
}
