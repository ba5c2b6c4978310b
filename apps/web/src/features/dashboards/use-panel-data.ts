// A panel's requests: one per query, with the page's range, through react-query like every
// view (the same key as the view's own request, so an opened explorer shares the cache).
"use client";

import { keepPreviousData, useQueries } from "@tanstack/react-query";
import { apiGet } from "../../lib/api.ts";

export interface PanelData<T> {
  answers: T[] | undefined;
  error: unknown;
  fetching: boolean;
  refetch(): void;
}

export function usePanelData<T>(
  path: string,
  queries: readonly Record<string, string | string[]>[],
  range: { from: number; to: number },
): PanelData<T> {
  const results = useQueries({
    queries: queries.map((query) => {
      const params = { ...query, ...range };
      return {
        queryKey: [path, params],
        queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<T>(path, params, signal),
        placeholderData: keepPreviousData,
      };
    }),
  });
  const failed = results.find((r) => r.isError);
  const answers = results.every((r) => r.data !== undefined) ? results.map((r) => r.data as T) : undefined;
  return {
    answers,
    error: failed?.error,
    fetching: results.some((r) => r.isFetching),
    refetch: () => {
      for (const r of results) void r.refetch();
    },
  };
}
