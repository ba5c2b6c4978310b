// /settings/sessions: where you are signed in. Revoking a session signs that browser out; this
// device's own session ends with "Sign out" in the nav.
"use client";

import { Panel, QueryView } from "../../components/panel.tsx";
import { ConfirmDeleteButton, errorMessage, FormErrors } from "../alerts/ui.tsx";
import { ROW, TABLE, TD, TH, When } from "./settings-ui.tsx";
import { useRevokeSession, useSessions } from "./use-settings-data.ts";

export function SessionsView() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <Panel title="Your sessions" testId="sessions-list">
      <FormErrors
        messages={revoke.error ? [`Could not revoke: ${errorMessage(revoke.error)}`] : []}
        testId="session-error"
      />
      <QueryView query={sessions} isEmpty={(list) => list.length === 0} empty="No sessions.">
        {(list) => (
          <table className={TABLE} data-testid="sessions-table">
            <thead>
              <tr>
                <th className={TH}>Browser</th>
                <th className={TH}>Address</th>
                <th className={TH}>Signed in</th>
                <th className={TH}>Last seen</th>
                <th className={TH}>Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {[...list]
                .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt))
                .map((s) => (
                  <tr key={s.id} className={ROW} data-testid="session-row" data-current={s.current}>
                    <td className={`${TD} max-w-md text-xs`}>
                      {s.current && (
                        <span
                          data-testid="session-current"
                          className="mr-1 rounded bg-sky-100 px-1.5 py-0.5 font-semibold text-sky-800 dark:bg-sky-900 dark:text-sky-100"
                        >
                          this device
                        </span>
                      )}
                      <span className="break-words text-slate-600 dark:text-slate-300">{s.userAgent ?? "unknown"}</span>
                    </td>
                    <td className={`${TD} font-mono text-xs`}>{s.ipAddress ?? "—"}</td>
                    <td className={TD}>
                      <When iso={s.createdAt} />
                    </td>
                    <td className={TD}>
                      <When iso={s.lastSeenAt} />
                    </td>
                    <td className={TD}>
                      <When iso={s.expiresAt} />
                    </td>
                    <td className={`${TD} text-right`}>
                      {!s.current && (
                        <ConfirmDeleteButton
                          label="Revoke"
                          question="Sign that browser out?"
                          pending={revoke.isPending}
                          onConfirm={(done) => revoke.mutate(s.id, { onSettled: done })}
                          testId={`session-revoke-${s.id}`}
                        />
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </Panel>
  );
}
