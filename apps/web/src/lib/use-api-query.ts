// react-query over the query API: one hook so that every panel caches, cancels and refreshes
// the same way. Query keys are the path and the exact parameters sent.
"use client";

import { keepPreviousData, type UseQueryResult, useQuery } from "@tanstack/react-query";
import { apiGet, type QueryParams } from "./api.ts";

export interface ApiQueryOptions {
  enabled?: boolean;
  /** Keep showing the previous answer while the next loads (charts), default true. */
  keepPrevious?: boolean;
  /**
   * A secondary panel waits until the view's main query has answered, so that the main data
   * does not share the machine with it while loading.
   */
  after?: { data?: unknown; isError: boolean };
}

/** Whether a query that waits for `after` may start. */
export function afterAnswered(after: ApiQueryOptions["after"]): boolean {
  return after === undefined || after.data !== undefined || after.isError;
}

export function useApiQuery<T>(path: string, params: QueryParams, options: ApiQueryOptions = {}): UseQueryResult<T> {
  return useQuery({
    queryKey: [path, params],
    queryFn: ({ signal }) => apiGet<T>(path, params, signal),
    enabled: (options.enabled ?? true) && afterAnswered(options.after),
    placeholderData: options.keepPrevious === false ? undefined : keepPreviousData,
  });
}
