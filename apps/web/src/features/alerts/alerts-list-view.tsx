// /alerts: every alert instance and every quiet rule, filtered by state and text, sorted by
// urgency, start or rule name (all three in the URL: `state`, `q`, `sort`).
"use client";

import { ALERT_NAME_LABEL, ALERT_SEVERITY_LABEL } from "@tracelight/contracts/values";
import Link from "next/link";
import { useMemo } from "react";
import { EmptyState, ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { formatTime, formatValue } from "../../lib/format.ts";
import { useUrlState } from "../../lib/url-state.ts";
import { RequireRole } from "../../lib/use-me.tsx";
import {
  type AlertListRow,
  buildRows,
  countByState,
  DISPLAY_STATES,
  filterRows,
  type ListSort,
  readSort,
  readState,
  SORT_KEYS,
  sortRows,
} from "./alert-list.ts";
import { EvaluatorBanner } from "./evaluator-banner.tsx";
import { BUTTON, INPUT, LabelChips, PageHeader, PRIMARY_BUTTON, SeverityText, StateBadge } from "./ui.tsx";
import { useAlertRules, useAlerts } from "./use-alerts-data.ts";

const SORT_LABELS: Record<ListSort, string> = { state: "State", started: "Started", rule: "Rule name" };

export function AlertsListView() {
  const url = useUrlState();
  const state = readState(url.get("state"));
  const sort = readSort(url.get("sort"));
  const text = url.get("q") ?? "";
  const alerts = useAlerts();
  const rules = useAlertRules();
  const rows = useMemo(
    () => (alerts.data && rules.data ? buildRows(alerts.data.alerts, rules.data.rules) : undefined),
    [alerts.data, rules.data],
  );
  const counts = rows ? countByState(rows) : undefined;
  const shown = useMemo(() => (rows ? sortRows(filterRows(rows, state, text), sort) : []), [rows, state, text, sort]);
  const error = alerts.error ?? rules.error;

  return (
    <div className="space-y-3">
      <PageHeader
        back={false}
        title="Alerts"
        actions={
          <>
            <RequireRole min="editor" explain="creating rules">
              <Link href="/alerts/rules/new" className={PRIMARY_BUTTON} data-testid="alerts-new-rule">
                New rule
              </Link>
            </RequireRole>
            <Link href="/alerts/channels" className={BUTTON} data-testid="alerts-channels">
              Channels
            </Link>
            <Link href="/alerts/silences" className={BUTTON} data-testid="alerts-silences">
              Silences
            </Link>
          </>
        }
      />
      <EvaluatorBanner />
      <div className="flex flex-wrap items-center gap-2" data-testid="alerts-toolbar">
        <fieldset aria-label="State" className="flex flex-wrap gap-1" data-testid="alerts-state-filter">
          {([undefined, ...DISPLAY_STATES] as const).map((s) => (
            <button
              key={s ?? "all"}
              type="button"
              aria-pressed={state === s}
              data-testid="alerts-state-option"
              data-state={s ?? "all"}
              onClick={() => url.set({ state: s }, { replace: true })}
              className={`rounded-full border px-2.5 py-0.5 text-xs ${state === s ? "border-sky-500 bg-sky-100 text-sky-900 dark:border-sky-600 dark:bg-sky-900 dark:text-sky-100" : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"}`}
            >
              {s ?? "all"}
              {counts && ` (${s === undefined ? (rows?.length ?? 0) : counts[s]})`}
            </button>
          ))}
        </fieldset>
        <input
          type="search"
          defaultValue={text}
          onChange={(e) => url.set({ q: e.target.value }, { replace: true })}
          placeholder="Filter by rule, label or summary"
          aria-label="Filter alerts"
          data-testid="alerts-filter"
          className={`${INPUT} ml-auto w-64`}
        />
        <label className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
          Sort
          <select
            data-testid="alerts-sort"
            className={INPUT}
            value={sort}
            onChange={(e) =>
              url.set({ sort: e.target.value === "state" ? undefined : e.target.value }, { replace: true })
            }
          >
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Panel testId="alerts-list" className={alerts.isPlaceholderData ? "opacity-60" : ""}>
        {error && !rows ? (
          <ErrorState
            error={error}
            onRetry={() => {
              void alerts.refetch();
              void rules.refetch();
            }}
          />
        ) : !rows ? (
          <LoadingState height={200} />
        ) : rows.length === 0 ? (
          <EmptyState>
            <span>
              No alert rules yet.{" "}
              <Link href="/alerts/rules/new" className="text-sky-700 underline dark:text-sky-400">
                Create one
              </Link>{" "}
              to be told when a metric or the error logs cross a threshold.
            </span>
          </EmptyState>
        ) : shown.length === 0 ? (
          <EmptyState>
            No alert matches{state ? ` state “${state}”` : ""}
            {text ? ` and “${text}”` : ""}.
          </EmptyState>
        ) : (
          <AlertTable rows={shown} />
        )}
      </Panel>
    </div>
  );
}

/** The labels besides the two the row already shows (rule name and severity). */
function seriesLabels(labels: Record<string, string>): Record<string, string> {
  const { [ALERT_NAME_LABEL]: _name, [ALERT_SEVERITY_LABEL]: _severity, ...rest } = labels;
  return rest;
}

function AlertTable({ rows }: { rows: readonly AlertListRow[] }) {
  return (
    <table className="w-full text-left text-sm" data-testid="alerts-table">
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr>
          <th className="px-2 py-1 font-medium">State</th>
          <th className="px-2 py-1 font-medium">Rule</th>
          <th className="px-2 py-1 font-medium">Labels</th>
          <th className="px-2 py-1 text-right font-medium">Value</th>
          <th className="px-2 py-1 font-medium">Started</th>
          <th className="px-2 py-1 font-medium">Summary</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.key}
            data-testid="alert-row"
            data-state={row.state}
            data-rule={row.ruleName}
            className="border-t border-slate-100 align-top hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
          >
            <td className="px-2 py-1.5">
              <StateBadge state={row.state} />
            </td>
            <td className="px-2 py-1.5">
              <Link
                href={row.href}
                data-testid="alert-row-link"
                className="font-medium text-sky-700 hover:underline dark:text-sky-400"
              >
                {row.ruleName}
              </Link>
              <div className="flex gap-2">
                <SeverityText severity={row.severity} />
                {row.enabled === false && <span className="text-xs text-slate-500">disabled</span>}
              </div>
              {row.evalError !== null && (
                <div data-testid="alert-row-eval-error" className="text-xs text-red-700 dark:text-red-400">
                  evaluation failed: {row.evalError}
                </div>
              )}
            </td>
            <td className="px-2 py-1.5">
              <LabelChips labels={seriesLabels(row.labels)} />
            </td>
            <td className="px-2 py-1.5 text-right font-mono tabular-nums">
              <span data-testid="alert-row-value">{formatValue(row.value, row.unit)}</span>
              {row.condition !== "" && (
                <div data-testid="alert-row-condition" className="text-xs text-slate-500 dark:text-slate-400">
                  {row.condition}
                </div>
              )}
            </td>
            <td className="px-2 py-1.5 text-xs whitespace-nowrap text-slate-600 dark:text-slate-300">
              {row.startedAt === null ? "–" : formatTime(row.startedAt)}
              {row.resolvedAt !== null && <div className="text-slate-400">resolved {formatTime(row.resolvedAt)}</div>}
            </td>
            <td className="px-2 py-1.5 text-xs text-slate-600 dark:text-slate-300">{row.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
