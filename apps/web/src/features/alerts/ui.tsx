// Pieces every alert page shares: a labelled field that shows its error, input and button
// styles, state and severity badges, the box that lists errors no field shows, and a Delete
// that asks first.
"use client";

import type { AlertSeverity, DeliveryStatus } from "@tracelight/contracts/values";
import Link from "next/link";
import { type ReactNode, useState } from "react";
import type { DisplayState } from "./alert-list.ts";

export const INPUT =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900 disabled:opacity-50 aria-[invalid=true]:border-red-500";
export const BUTTON =
  "rounded border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";
export const PRIMARY_BUTTON =
  "rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50 dark:bg-sky-600 dark:hover:bg-sky-500";
export const DANGER_BUTTON =
  "rounded border border-red-300 px-2.5 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950";

export function Field(props: {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  /** data-testid of the error line is `${testId}-error`. */
  testId: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`flex flex-col gap-1 ${props.className ?? ""}`} data-testid={`${props.testId}-field`}>
      <span className="text-xs font-medium text-slate-600 dark:text-slate-300">{props.label}</span>
      {props.children}
      {props.error !== undefined ? (
        <span role="alert" data-testid={`${props.testId}-error`} className="text-xs text-red-700 dark:text-red-400">
          {props.error}
        </span>
      ) : (
        props.hint !== undefined && <span className="text-xs text-slate-500 dark:text-slate-400">{props.hint}</span>
      )}
    </div>
  );
}

/** Errors the fields do not show (a server message about another field, a network error). */
export function FormErrors({ messages, testId }: { messages: readonly string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid={testId}
      className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {messages.length === 1 ? (
        messages[0]
      ) : (
        <ul className="list-inside list-disc">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STATE_CLASS: Record<DisplayState, string> = {
  firing: "bg-red-600 text-white dark:bg-red-700",
  pending:
    "bg-amber-100 text-amber-900 ring-1 ring-amber-400 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700",
  silenced:
    "bg-slate-200 text-slate-700 ring-1 ring-slate-400 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
  resolved:
    "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
};

export function StateBadge({ state }: { state: DisplayState }) {
  return (
    <span
      data-testid="alert-state-badge"
      data-state={state}
      className={`inline-block min-w-16 rounded px-1.5 py-0.5 text-center text-xs font-semibold uppercase ${STATE_CLASS[state]}`}
    >
      {state}
    </span>
  );
}

const SEVERITY_CLASS: Record<AlertSeverity, string> = {
  critical: "text-red-700 dark:text-red-400",
  warning: "text-amber-700 dark:text-amber-400",
  info: "text-sky-700 dark:text-sky-400",
};

export function SeverityText({ severity }: { severity: AlertSeverity }) {
  return (
    <span data-testid="alert-severity" className={`text-xs font-medium ${SEVERITY_CLASS[severity]}`}>
      {severity}
    </span>
  );
}

const DELIVERY_CLASS: Record<DeliveryStatus, string> = {
  pending: "text-amber-700 dark:text-amber-400",
  sent: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  silenced: "text-slate-500 dark:text-slate-400",
};

export function DeliveryStatusText({ status }: { status: DeliveryStatus }) {
  return (
    <span data-testid="delivery-status" data-status={status} className={`font-medium ${DELIVERY_CLASS[status]}`}>
      {status}
    </span>
  );
}

export function LabelChips({ labels, testId = "alert-label" }: { labels: Record<string, string>; testId?: string }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="text-xs text-slate-400">no labels</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {entries.map(([k, v]) => (
        <span
          key={k}
          data-testid={testId}
          data-label={k}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        >
          {k}={v}
        </span>
      ))}
    </span>
  );
}

/** The title row of an alert page, with a way back to the list. */
export function PageHeader(props: { title: ReactNode; back?: boolean; actions?: ReactNode }) {
  return (
    <header className="flex flex-wrap items-center gap-3">
      {props.back !== false && (
        <Link
          href="/alerts"
          className="text-sm text-sky-700 hover:underline dark:text-sky-400"
          data-testid="alerts-back"
        >
          ← Alerts
        </Link>
      )}
      <h1 className="text-lg font-semibold">{props.title}</h1>
      <div className="ml-auto flex flex-wrap items-center gap-2">{props.actions}</div>
    </header>
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * "Delete" (or `label`) that asks first: the question and Delete / Cancel. Test ids:
 * `<testId>`, `<testId>-confirm`, `<testId>-yes`.
 */
export function ConfirmDeleteButton(props: {
  question: ReactNode;
  pending: boolean;
  onConfirm: (done: () => void) => void;
  testId: string;
  label?: string;
}) {
  const label = props.label ?? "Delete";
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={DANGER_BUTTON} onClick={() => setAsking(true)} data-testid={props.testId}>
        {label}
      </button>
    );
  }
  return (
    <span className="flex items-center gap-1 text-sm" data-testid={`${props.testId}-confirm`}>
      {props.question}
      <button
        type="button"
        className={DANGER_BUTTON}
        disabled={props.pending}
        data-testid={`${props.testId}-yes`}
        onClick={() => props.onConfirm(() => setAsking(false))}
      >
        {label}
      </button>
      <button type="button" className={BUTTON} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
