// Says which `attr=` filters in the URL could not be read (a pasted link with a typo), instead
// of silently searching without them; the user can drop them from the URL in one click.
"use client";

import { parseAttributeFilter } from "@tracelight/contracts/values";
import type { UrlState } from "../lib/url-state.ts";

/** The values of `key` in the URL that are not `k=v` or `k!=v`. */
export function unreadableFilters(params: URLSearchParams, key = "attr"): string[] {
  return params.getAll(key).filter((text) => parseAttributeFilter(text) === undefined);
}

export function InvalidFiltersNotice({ url, paramKey = "attr" }: { url: UrlState; paramKey?: string }) {
  const invalid = unreadableFilters(url.params, paramKey);
  if (invalid.length === 0) return null;
  const keep = url.getAll(paramKey).filter((text) => !invalid.includes(text));
  return (
    <div
      role="alert"
      data-testid="invalid-filters"
      className="flex items-center justify-between gap-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <span>
        Not applied — {invalid.map((text) => `“${text}”`).join(", ")} {invalid.length === 1 ? "is" : "are"} not{" "}
        <code>key=value</code> or <code>key!=value</code>.
      </span>
      <button
        type="button"
        className="rounded border border-amber-400 px-2 py-0.5 hover:bg-amber-100 dark:hover:bg-amber-900"
        onClick={() => url.set({ [paramKey]: keep })}
      >
        Remove from the link
      </button>
    </div>
  );
}
