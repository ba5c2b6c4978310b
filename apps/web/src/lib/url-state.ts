// View state lives in the URL so that a pasted link opens the same view. These helpers merge a
// patch into the current query string (pure) and expose it as a React hook.
"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/** A value to set; null/undefined/"" (or an empty list) removes the key. Lists repeat the key. */
export type UrlValue = string | number | boolean | readonly string[] | null | undefined;
export type UrlPatch = Record<string, UrlValue>;

/** The query string (without "?") after applying `patch`; keys keep their order, new keys go last. */
export function mergeSearch(current: string | URLSearchParams, patch: UrlPatch): string {
  const params = new URLSearchParams(current);
  for (const [key, value] of Object.entries(patch)) {
    params.delete(key);
    if (value === null || value === undefined || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== "") params.append(key, item);
    } else {
      params.set(key, String(value));
    }
  }
  return params.toString();
}

/** A path with a query built from `values` (same removal rules as mergeSearch). */
export function hrefWith(pathname: string, values: UrlPatch): string {
  const search = mergeSearch("", values);
  return search === "" ? pathname : `${pathname}?${search}`;
}

export interface UrlState {
  params: URLSearchParams;
  get(key: string): string | undefined;
  getAll(key: string): string[];
  /** Pushes a history entry (back returns to the previous view) unless `replace`. */
  set(patch: UrlPatch, options?: { replace?: boolean }): void;
}

export function useUrlState(): UrlState {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const searchText = search.toString();
  const set = useCallback(
    (patch: UrlPatch, options?: { replace?: boolean }) => {
      const next = mergeSearch(searchText, patch);
      const href = next === "" ? pathname : `${pathname}?${next}`;
      if (options?.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [router, pathname, searchText],
  );
  return useMemo(() => {
    const params = new URLSearchParams(searchText);
    return {
      params,
      get: (key: string) => params.get(key) ?? undefined,
      getAll: (key: string) => params.getAll(key),
      set,
    };
  }, [searchText, set]);
}
