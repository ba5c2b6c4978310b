// /traces/<traceId>: the header, the waterfall with the selected span's detail beside it
// (`?span=<id>` in the URL), and the trace's logs interleaved with its spans.
"use client";

import type { TraceResponse } from "@tracelight/contracts";
import { TRACE_ID } from "@tracelight/contracts/values";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/panel.tsx";
import { logsHref } from "../../lib/links.ts";
import { windowAround } from "../../lib/time-range.ts";
import { SpanDetail } from "./span-detail.tsx";
import { TraceHeader } from "./trace-header.tsx";
import { TraceLogs } from "./trace-logs.tsx";
import { useLogModel, useTraceModel } from "./trace-model.ts";
import { BUTTON, LINK } from "./ui.ts";
import { isNotFound, LOG_PADDING_MS, TRACE_LOG_LIMIT, useTrace, useTraceLogs } from "./use-trace-data.ts";
import { Waterfall } from "./waterfall.tsx";

/**
 * Selecting a span rewrites `?span=` in place. The History API (which Next.js keeps in sync with
 * useSearchParams) skips the server round trip a router navigation would make for each click.
 */
function useSelectedSpan(): [string | undefined, (spanId: string | undefined) => void] {
  const selected = useSearchParams().get("span") ?? undefined;
  const select = useCallback((spanId: string | undefined) => {
    const params = new URLSearchParams(window.location.search);
    if (spanId === undefined) params.delete("span");
    else params.set("span", spanId);
    const query = params.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${query === "" ? "" : `?${query}`}`);
  }, []);
  return [selected, select];
}

export function TraceView({ traceId }: { traceId: string }) {
  const id = traceId.trim().toLowerCase();
  const valid = TRACE_ID.test(id);
  const trace = useTrace(id, valid);

  if (!valid) {
    return <ErrorState error={new Error(`“${traceId}” is not a trace ID: a trace ID is 32 hexadecimal characters.`)} />;
  }
  if (trace.isError && isNotFound(trace.error)) {
    return (
      <EmptyState height={160}>
        <div className="flex flex-col items-center gap-2" data-testid="trace-not-found">
          <p className="text-base font-semibold text-slate-700 dark:text-slate-200">Trace not found</p>
          <p>
            No spans with trace ID <code>{id}</code>. It may not have arrived yet (spans are sent in batches, usually
            within seconds), or it is older than the retention period.
          </p>
          <div className="flex items-center gap-3">
            <button type="button" className={BUTTON} onClick={() => void trace.refetch()} data-testid="trace-retry">
              {trace.isFetching ? "Checking…" : "Retry"}
            </button>
            <Link className={LINK} href={logsHref({ traceId: id })}>
              Look for its logs
            </Link>
            <Link className={LINK} href="/traces">
              Search traces
            </Link>
          </div>
        </div>
      </EmptyState>
    );
  }
  if (trace.isError) return <ErrorState error={trace.error} onRetry={() => void trace.refetch()} />;
  if (trace.data === undefined) return <LoadingState label="Loading trace…" height={240} />;
  return <LoadedTrace trace={trace.data} />;
}

function LoadedTrace({ trace }: { trace: TraceResponse }) {
  const model = useTraceModel(trace);
  const logsQuery = useTraceLogs(trace);
  const logs = useLogModel(model.tree, logsQuery.data?.logs);
  const [selectedId, select] = useSelectedSpan();
  const selected = selectedId === undefined ? undefined : model.tree.byId.get(selectedId);
  const onSelect = useCallback((spanId: string) => select(spanId), [select]);
  const logSearchHref = useMemo(
    () =>
      logsHref({
        traceId: trace.traceId,
        range: windowAround(trace.startTime, trace.endTime, LOG_PADDING_MS),
      }),
    [trace],
  );

  return (
    <div className="flex flex-col gap-3">
      <TraceHeader traceId={trace.traceId} model={model} logSearchHref={logSearchHref} />
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <Waterfall model={model} logs={logs} selectedId={selected?.id} onSelect={onSelect} />
        </div>
        {selected && (
          <div className="sticky top-14 max-h-[calc(100vh-4.5rem)] w-[26rem] shrink-0 overflow-y-auto">
            <SpanDetail
              node={selected}
              traceId={trace.traceId}
              model={model}
              logs={logs.bySpan.get(selected.id)}
              onSelect={onSelect}
              onClose={() => select(undefined)}
            />
          </div>
        )}
      </div>
      <TraceLogs
        traceId={trace.traceId}
        model={model}
        placed={logs.placed}
        state={logsQuery.isError ? "error" : logsQuery.data === undefined ? "loading" : "ready"}
        error={logsQuery.error}
        onRetry={() => void logsQuery.refetch()}
        truncated={(logsQuery.data?.logs.length ?? 0) >= TRACE_LOG_LIMIT}
        searchHref={logSearchHref}
        selectedId={selected?.id}
        onSelect={onSelect}
      />
    </div>
  );
}
