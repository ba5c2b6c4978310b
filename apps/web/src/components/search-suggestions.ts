// The suggestions for the token a search box is completing: field names (the language's own,
// then the attribute keys of the range) or the common values of one field, from
// /api/v1/search/fields and /search/values. A request waits until typing pauses; meanwhile
// the last answer, narrowed to what is typed now, stays on screen.
"use client";

import type { SearchFieldsResponse, SearchSignal, SearchValuesResponse } from "@tracelight/contracts";
import { useEffect, useRef, useState } from "react";
import { useApiQuery } from "../lib/use-api-query.ts";
import { type Completion, isFieldName } from "./search-completion.ts";

/** Typing pauses this long before a request goes out. */
export const SUGGEST_DEBOUNCE_MS = 150;
const LIMIT = 20;

export interface Suggestion {
  /** What replaces the token (a value unquoted: insertion quotes it). */
  text: string;
  /** A description, or where a key was seen. */
  detail?: string;
  count?: number;
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const startsWithCaseless = (text: string, prefix: string) => text.toLowerCase().startsWith(prefix.toLowerCase());

export function useSearchSuggestions(
  signal: SearchSignal,
  completion: Completion | undefined,
  range: { from: number; to: number } | undefined,
): { items: Suggestion[]; loading: boolean } {
  const wanted =
    completion === undefined
      ? undefined
      : {
          kind: completion.kind,
          field: completion.kind === "value" ? completion.field : undefined,
          prefix: completion.prefix,
        };
  const asked = useDebounced(JSON.stringify(wanted ?? null), SUGGEST_DEBOUNCE_MS);
  const request = JSON.parse(asked) as typeof wanted | null;
  const path = request?.kind === "value" ? "/search/values" : "/search/fields";
  const answer = useApiQuery<SearchFieldsResponse | SearchValuesResponse>(
    path,
    { signal, field: request?.field, prefix: request?.prefix, limit: LIMIT, from: range?.from, to: range?.to },
    { enabled: request !== null && wanted !== undefined },
  );
  // Which field the answer shown is about: another field's, kept while this one's load, is not shown.
  const valuesOf = useRef<string | undefined>(undefined);
  if (answer.data !== undefined && !answer.isPlaceholderData && "values" in answer.data)
    valuesOf.current = request?.field;
  if (completion === undefined) return { items: [], loading: false };
  const data = answer.data;
  const items: Suggestion[] = [];
  if (completion.kind === "field" && data !== undefined && "fields" in data) {
    for (const f of data.fields)
      if (isFieldName(f.name))
        items.push({ text: f.name, detail: f.source === "builtin" ? f.description : f.source, count: f.count });
  } else if (
    completion.kind === "value" &&
    data !== undefined &&
    "values" in data &&
    valuesOf.current === completion.field
  ) {
    for (const v of data.values) items.push({ text: v.value, count: v.count });
  }
  // The answer may be for fewer characters than are typed now; a value already typed in full is no suggestion.
  const shown = items.filter(
    (s) =>
      startsWithCaseless(s.text, completion.prefix) && !(completion.kind === "value" && s.text === completion.prefix),
  );
  return { items: shown, loading: answer.isFetching || asked !== JSON.stringify(wanted) };
}
