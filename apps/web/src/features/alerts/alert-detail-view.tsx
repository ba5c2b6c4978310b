// /alerts/<id>: one alert — state, rule, labels, value and times; the way into the metric view
// with the breach highlighted; the evidence captured when it fired (traces, log lines); the
// state history with each event's deliveries; and a silence pre-filled for this alert.
"use client";

import type { AlertDetailResponse, AlertEvent, AlertEvidence } from "@tracelight/contracts";
import { SEVERITY_MIN_NUMBER } from "@tracelight/contracts/values";
import Link from "next/link";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState, Panel } from "../../components/panel.tsx";
import { formatDurationMs, formatTime, formatTimePrecise, formatValue } from "../../lib/format.ts";
import { logsHref, traceHref } from "../../lib/links.ts";
import { canWrite } from "../../lib/roles.ts";
import { parseSeverity, severityBadgeClass, severityRange } from "../../lib/severity.ts";
import { useRole } from "../../lib/use-me.tsx";
import { displayState, ruleHref } from "./alert-list.ts";
import { conditionText } from "./condition-text.ts";
import { DeliveriesTable } from "./deliveries-table.tsx";
import { matchersForAlert } from "./silence-draft.ts";
import { SilenceForm } from "./silence-form.tsx";
import { BUTTON, LabelChips, PageHeader, PRIMARY_BUTTON, SeverityText, StateBadge } from "./ui.tsx";
import { useAlertDetail } from "./use-alerts-data.ts";

export function AlertDetailView({ id }: { id: string }) {
  const detail = useAlertDetail(id);
  if (detail.isError && detail.data === undefined)
    return (
      <div className="space-y-3">
        <PageHeader title="Alert" />
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      </div>
    );
  if (detail.data === undefined)
    return (
      <div className="space-y-3">
        <PageHeader title="Alert" />
        <LoadingState height={300} />
      </div>
    );
  return <AlertDetail data={detail.data} />;
}

/** The evidence to show: the alert's own, else the newest event's that has one. */
function latestEvidence(data: AlertDetailResponse): AlertEvidence | null {
  return data.alert.evidence ?? data.events.find((e) => e.evidence !== null)?.evidence ?? null;
}

export function AlertDetail({ data }: { data: AlertDetailResponse }) {
  const { alert, rule, events } = data;
  const [silencing, setSilencing] = useState(false);
  const [silenced, setSilenced] = useState(false);
  const writer = canWrite(useRole());
  const state = displayState(alert);
  const evidence = latestEvidence(data);
  const times: [string, number | null][] = [
    ["Started", alert.startedAt],
    ["Fired", alert.firedAt],
    ["Resolved", alert.resolvedAt],
    ["Last evaluated", alert.lastEvalAt],
  ];

  return (
    <div className="space-y-3" data-testid="alert-detail" data-state={state}>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <StateBadge state={state} />
            <span data-testid="alert-rule-name">{alert.ruleName}</span>
          </span>
        }
        actions={
          <>
            {alert.links.metric && (
              <Link href={alert.links.metric} className={PRIMARY_BUTTON} data-testid="alert-open-metric">
                Open in metric view
              </Link>
            )}
            {writer && (
              <button type="button" className={BUTTON} onClick={() => setSilencing(true)} data-testid="alert-silence">
                Silence
              </button>
            )}
            <Link href={ruleHref(rule.id)} className={BUTTON} data-testid="alert-edit-rule">
              {writer ? "Edit rule" : "View rule"}
            </Link>
          </>
        }
      />
      {silencing && (
        <Panel title="Silence this alert" testId="alert-silence-panel">
          <SilenceForm
            initial={matchersForAlert(alert, rule)}
            onDone={() => {
              setSilencing(false);
              setSilenced(true);
            }}
            onCancel={() => setSilencing(false)}
          />
        </Panel>
      )}
      {silenced && (
        <p className="text-sm text-sky-800 dark:text-sky-300" data-testid="alert-silence-created">
          Silence created.{" "}
          <Link href="/alerts/silences" className="underline">
            See silences
          </Link>
        </p>
      )}

      <Panel testId="alert-summary">
        <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
          <div className="space-y-2 text-sm">
            {alert.summary && (
              <p data-testid="alert-summary-text" className="text-base">
                {alert.summary}
              </p>
            )}
            <p className="flex flex-wrap items-center gap-3">
              <span>
                Value{" "}
                <b className="font-mono" data-testid="alert-value">
                  {formatValue(alert.value, alert.unit)}
                </b>
              </span>
              <span>
                Condition{" "}
                <span className="font-mono" data-testid="alert-condition">
                  {conditionText(rule.condition, alert.unit)}
                </span>
              </span>
              <SeverityText severity={alert.severity} />
            </p>
            <LabelChips labels={alert.labels} />
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="alert-times">
            {times.map(([label, ms]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
                <dd data-testid={`alert-${label.toLowerCase().replace(" ", "-")}`}>
                  {ms === null ? "–" : formatTime(ms)}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </Panel>

      <div className="grid gap-3 xl:grid-cols-2">
        <EvidenceTraces evidence={evidence} />
        <EvidenceLogs evidence={evidence} />
      </div>

      <Panel title="State history" testId="alert-history">
        {events.length === 0 ? (
          <EmptyState>No state changes recorded yet.</EmptyState>
        ) : (
          <ol className="space-y-2">
            {events.map((e) => (
              <EventItem key={e.id} event={e} unit={alert.unit} />
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
}

function EvidenceTraces({ evidence }: { evidence: AlertEvidence | null }) {
  return (
    <Panel
      title="Evidence: traces"
      testId="alert-evidence-traces"
      actions={
        evidence && (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {formatTime(evidence.window.from)} – {formatTime(evidence.window.to)}
          </span>
        )
      }
    >
      {evidence === null ? (
        <EmptyState>Evidence is captured when the alert fires.</EmptyState>
      ) : evidence.missing !== undefined ? (
        <EmptyState>
          <span data-testid="alert-evidence-missing">
            The evidence could not be read when the alert fired: {evidence.missing}
          </span>
        </EmptyState>
      ) : evidence.traces.length === 0 ? (
        <EmptyState>No traces were found in the breaching window.</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500 dark:text-slate-400">
            <tr>
              <th className="px-2 py-1 font-medium">Trace</th>
              <th className="px-2 py-1 font-medium">Service</th>
              <th className="px-2 py-1 font-medium">Span</th>
              <th className="px-2 py-1 text-right font-medium">Duration</th>
              <th className="px-2 py-1 font-medium">Time</th>
            </tr>
          </thead>
          <tbody>
            {evidence.traces.map((t) => (
              <tr
                key={`${t.traceId}-${t.spanId}`}
                data-testid="evidence-trace"
                data-trace-id={t.traceId}
                className="border-t border-slate-100 dark:border-slate-800"
              >
                <td className="px-2 py-1">
                  <Link
                    href={traceHref(t.traceId, { spanId: t.spanId })}
                    data-testid="evidence-trace-link"
                    className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {t.traceId.slice(0, 16)}…
                  </Link>
                  {t.isError && (
                    <span
                      data-testid="evidence-trace-error"
                      className="ml-1.5 rounded bg-red-100 px-1 text-xs text-red-800 dark:bg-red-950 dark:text-red-300"
                    >
                      error
                    </span>
                  )}
                </td>
                <td className="px-2 py-1 text-xs">{t.serviceName}</td>
                <td className="max-w-56 truncate px-2 py-1 text-xs" title={t.spanName}>
                  {t.spanName || "–"}
                </td>
                <td className="px-2 py-1 text-right font-mono text-xs tabular-nums">
                  {formatDurationMs(t.durationMs)}
                </td>
                <td className="px-2 py-1 text-xs whitespace-nowrap">{formatTime(t.timestamp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function EvidenceLogs({ evidence }: { evidence: AlertEvidence | null }) {
  return (
    <Panel title="Evidence: log lines" testId="alert-evidence-logs">
      {evidence === null ? (
        <EmptyState>Evidence is captured when the alert fires.</EmptyState>
      ) : evidence.logs.length === 0 ? (
        <EmptyState>No log lines of these traces were found.</EmptyState>
      ) : (
        <ul className="space-y-1 text-xs">
          {evidence.logs.map((l, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id; the list never reorders
              key={i}
              data-testid="evidence-log"
              className="flex items-start gap-2 border-t border-slate-100 pt-1 dark:border-slate-800"
            >
              <span className="whitespace-nowrap text-slate-500 dark:text-slate-400">
                {formatTimePrecise(l.timestamp)}
              </span>
              <span className={`rounded px-1 ${severityBadgeClass(severityRange(severityNumberOf(l.severityText)))}`}>
                {l.severityText || "—"}
              </span>
              <span className="text-slate-600 dark:text-slate-300">{l.serviceName}</span>
              <span className="min-w-0 flex-1 font-mono break-words">{l.body}</span>
              {l.traceId && (
                <Link
                  href={logsHref({ traceId: l.traceId })}
                  data-testid="evidence-log-link"
                  className="whitespace-nowrap text-sky-700 hover:underline dark:text-sky-400"
                >
                  trace logs →
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** The evidence keeps the severity text only; its range picks the badge colour. */
function severityNumberOf(text: string): number {
  const name = parseSeverity(text);
  return name === undefined ? 0 : SEVERITY_MIN_NUMBER[name];
}

function EventItem({ event, unit }: { event: AlertEvent; unit: string }) {
  return (
    <li
      data-testid="alert-event"
      data-state={event.state}
      className="rounded border border-slate-200 p-2 dark:border-slate-700"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">{formatTime(event.at)}</span>
        <span className="font-mono text-xs">{event.fromState}</span>→<StateBadge state={event.state} />
        {event.value !== null && <span className="font-mono text-xs">value {formatValue(event.value, unit)}</span>}
        {event.summary && <span className="text-xs text-slate-600 dark:text-slate-300">{event.summary}</span>}
      </div>
      {event.deliveries.length > 0 && (
        <div className="mt-1.5 pl-4">
          <DeliveriesTable deliveries={event.deliveries} testId="alert-event-deliveries" />
        </div>
      )}
    </li>
  );
}
