// Data of the two trace pages: services for the search form, search results and their scatter,
// one trace, and the logs of that trace (asked for once the trace's time bounds are known).
"use client";

import { type UseQueryResult, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  LogsResponse,
  ServicesResponse,
  TraceResponse,
  TraceScatterResponse,
  TraceSearchResponse,
} from "@tracelight/contracts";
import { ApiRequestError, apiGet, type QueryParams } from "../../lib/api.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";

/** Logs are read from this long before the trace's first span to after its last one. */
export const LOG_PADDING_MS = 5 * 60_000;
/** The most logs the trace view shows; log search has the rest. */
export const TRACE_LOG_LIMIT = 1000;
/** A trace not found yet is asked for again this often, this many times (it may be in flight). */
const NOT_FOUND_RETRY_MS = 5_000;
const NOT_FOUND_RETRIES = 12;

export function useServices(range: { from: number; to: number }) {
  return useApiQuery<ServicesResponse>("/services", range);
}

export function useTraceSearch(params: QueryParams) {
  return useApiQuery<TraceSearchResponse>("/traces", params);
}

export function useTraceScatter(params: QueryParams) {
  return useApiQuery<TraceScatterResponse>("/traces/scatter", params);
}

export const isNotFound = (error: unknown) => error instanceof ApiRequestError && error.status === 404;

const traceQuery = (traceId: string) => ({
  queryKey: ["/traces/:id", traceId],
  queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<TraceResponse>(`/traces/${traceId}`, {}, signal),
  // A trace is immutable once complete; late spans are picked up by the retry button.
  staleTime: 60_000,
});

/** Starts loading a trace the user is about to open (pointer over its row). */
export function usePrefetchTrace(): (traceId: string) => void {
  const client = useQueryClient();
  return (traceId: string) => void client.prefetchQuery(traceQuery(traceId));
}

export function useTrace(traceId: string, enabled = true): UseQueryResult<TraceResponse> {
  return useQuery({
    ...traceQuery(traceId),
    enabled,
    refetchInterval: (query) =>
      isNotFound(query.state.error) && query.state.errorUpdateCount < NOT_FOUND_RETRIES ? NOT_FOUND_RETRY_MS : false,
  });
}

export function useTraceLogs(trace: TraceResponse | undefined): UseQueryResult<LogsResponse> {
  return useApiQuery<LogsResponse>(
    "/logs",
    {
      traceId: trace?.traceId,
      from: trace ? Math.floor(trace.startTime - LOG_PADDING_MS) : undefined,
      to: trace ? Math.ceil(trace.endTime + LOG_PADDING_MS) : undefined,
      limit: TRACE_LOG_LIMIT,
    },
    { enabled: trace !== undefined, keepPrevious: false },
  );
}
