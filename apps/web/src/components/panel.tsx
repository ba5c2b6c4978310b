// A titled box for one piece of a view, and the loading / empty / error states every panel
// shows the same way.
"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

export function Panel(props: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <section
      data-testid={props.testId}
      className={`rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900 ${props.className ?? ""}`}
    >
      {(props.title !== undefined || props.actions !== undefined) && (
        <header className="mb-2 flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-200">{props.title}</h2>
          <div className="flex items-center gap-2">{props.actions}</div>
        </header>
      )}
      {props.children}
    </section>
  );
}

export function LoadingState({ label = "Loading…", height = 120 }: { label?: string; height?: number }) {
  return (
    <div
      data-testid="state-loading"
      role="status"
      style={{ minHeight: height }}
      className="flex animate-pulse items-center justify-center rounded bg-slate-100 text-sm text-slate-500 dark:bg-slate-800 dark:text-slate-400"
    >
      {label}
    </div>
  );
}

export function EmptyState({ children, height = 80 }: { children: ReactNode; height?: number }) {
  return (
    <div
      data-testid="state-empty"
      style={{ minHeight: height }}
      className="flex items-center justify-center rounded border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400"
    >
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div
      data-testid="state-error"
      role="alert"
      className="flex items-center justify-between gap-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <span>Could not load: {message}</span>
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="rounded border border-red-400 px-2 py-0.5 hover:bg-red-100 dark:hover:bg-red-900"
        >
          Retry
        </button>
      )}
    </div>
  );
}

/**
 * Renders the query's data, or its loading / error / empty state. `isEmpty` decides when data
 * that arrived is "nothing to show"; `empty` is what to say then.
 */
export function QueryView<T>(props: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loadingHeight?: number;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <LoadingState height={props.loadingHeight} />;
  if (props.isEmpty?.(query.data)) return <EmptyState>{props.empty ?? "No data in this time range."}</EmptyState>;
  return <>{props.children(query.data)}</>;
}
