// react-query over the query API: one hook so that every panel caches, cancels and refreshes
// the same way. Query keys are the path and the exact parameters sent.
"use client";

import { keepPreviousData, type UseQueryResult, useQuery } from "@tanstack/react-query";
import { apiGet, type QueryParams } from "./api.ts";

export interface ApiQueryOptions {
  enabled?: boolean;
  /** Keep showing the previous answer while the next loads (charts), default true. */
  keepPrevious?: boolean;
}

export function useApiQuery<T>(path: string, params: QueryParams, options: ApiQueryOptions = {}): UseQueryResult<T> {
  return useQuery({
    queryKey: [path, params],
    queryFn: ({ signal }) => apiGet<T>(path, params, signal),
    enabled: options.enabled ?? true,
    placeholderData: options.keepPrevious === false ? undefined : keepPreviousData,
  });
}
