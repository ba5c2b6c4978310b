// A panel's requests: one per query, with the page's range, through react-query like every
// view (keyed by path and parameters, as lib/use-api-query.ts keys them).
"use client";

import { keepPreviousData, type UseQueryResult, useQueries } from "@tanstack/react-query";
import { apiGet } from "../../lib/api.ts";

export interface PanelData<T> {
  answers: T[] | undefined;
  error: unknown;
  refetch(): void;
}

/** Module-level, so react-query keeps its result while no answer changes (the charts' memos hold). */
function combine<T>(results: readonly UseQueryResult<T>[]) {
  return {
    answers: results.every((r) => r.data !== undefined) ? results.map((r) => r.data as T) : undefined,
    error: results.find((r) => r.isError)?.error,
    refetch: () => {
      for (const r of results) void r.refetch();
    },
  };
}

export function usePanelData<T>(
  path: string,
  queries: readonly Record<string, string | string[]>[],
  range: { from: number; to: number },
): PanelData<T> {
  return useQueries({
    queries: queries.map((query) => {
      const params = { ...query, ...range };
      return {
        queryKey: [path, params],
        queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<T>(path, params, signal),
        placeholderData: keepPreviousData,
      };
    }),
    combine: combine<T>,
  });
}
