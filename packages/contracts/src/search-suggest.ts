// GET /api/v1/search/fields and /api/v1/search/values — autocomplete for the search language
// (packages/search-query): the fields a query can name (the language's own, then the attribute
// keys seen in the range) and the most frequent values of one field. Counts come from a sample
// of the range's newest rows, so they rank suggestions rather than count matches.
import { z } from "zod";
import { includeSelfParam } from "./services.ts";
import { emptyAsUndefined, rangeShape, withRange } from "./time.ts";
import { SPAN_STATUSES } from "./values.ts";

export const SEARCH_SIGNALS = ["logs", "traces"] as const;
export type SearchSignal = (typeof SEARCH_SIGNALS)[number];

export interface SearchField {
  name: string;
  /** What the field matches, for the suggestion list. */
  description: string;
  /**
   * Where its values come from: a column of the data, a fixed list, or nowhere (IDs, durations
   * and body text have no common values worth listing).
   */
  values: "data" | readonly string[] | "none";
}

const ID_FIELDS: SearchField[] = [
  { name: "trace_id", description: "trace ID (32 hex digits)", values: "none" },
  { name: "span_id", description: "span ID (16 hex digits)", values: "none" },
];

/** The fields the search language reads itself (packages/store/src/queries/search-condition.ts); any other name is an attribute key. */
export const SEARCH_FIELDS: Readonly<Record<SearchSignal, readonly SearchField[]>> = {
  logs: [
    { name: "service", description: "service name", values: "data" },
    {
      name: "severity",
      description: "level; severity>=warn from WARN up",
      values: ["trace", "debug", "info", "warn", "error", "fatal"],
    },
    { name: "body", description: "words of the log body", values: "none" },
    ...ID_FIELDS,
  ],
  traces: [
    { name: "service", description: "service name", values: "data" },
    { name: "name", description: "span name", values: "data" },
    { name: "status", description: "span status", values: SPAN_STATUSES },
    {
      name: "kind",
      description: "span kind",
      values: ["Server", "Client", "Internal", "Producer", "Consumer", "Unspecified"],
    },
    { name: "duration", description: "span duration; duration>500ms", values: "none" },
    ...ID_FIELDS,
  ],
};

/** Other names the language takes for a built-in field. */
export const SEARCH_FIELD_ALIASES: Readonly<Record<string, string>> = { level: "severity", "service.name": "service" };

/** The built-in field a name means on a signal (any case, aliases followed), or undefined for an attribute key. */
export function searchFieldNamed(signal: SearchSignal, name: string): SearchField | undefined {
  const lower = name.toLowerCase();
  const canonical = SEARCH_FIELD_ALIASES[lower] ?? lower;
  return SEARCH_FIELDS[signal].find((f) => f.name === canonical);
}

/** Most suggestions one answer holds (`limit`). */
export const MAX_SUGGESTIONS = 100;

const suggestShape = {
  ...rangeShape,
  signal: z.enum(SEARCH_SIGNALS, { error: "must be logs or traces" }),
  /** What the user has typed of the name or value; matched case-insensitively at the start. */
  prefix: z.preprocess((v) => v ?? "", z.string().max(200, "must be at most 200 characters")),
  limit: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "must be a number" })
      .int("must be an integer")
      .min(1, "must be at least 1")
      .max(MAX_SUGGESTIONS, `must be at most ${MAX_SUGGESTIONS}`)
      .default(20),
  ),
  includeSelf: includeSelfParam,
};

export const SearchFieldsQuerySchema = z.object(suggestShape).transform(withRange);
export type SearchFieldsQuery = z.output<typeof SearchFieldsQuerySchema>;

export const SearchValuesQuerySchema = z
  .object({ ...suggestShape, field: z.string({ error: "is required" }).trim().min(1, "is required").max(500) })
  .transform(withRange);
export type SearchValuesQuery = z.output<typeof SearchValuesQuerySchema>;

export interface SearchFieldSuggestion {
  name: string;
  /** A field of the language, or an attribute key (own or resource attribute: whichever more rows had). */
  source: "builtin" | "attribute" | "resource";
  description?: string;
  /** Sampled rows that had the key (attributes only). */
  count?: number;
}

export interface SearchFieldsResponse {
  /** Built-in fields first (in the language's order), then attribute keys, most frequent first. */
  fields: SearchFieldSuggestion[];
  /** More names matched than `limit`. */
  truncated: boolean;
}

export interface SearchValueSuggestion {
  value: string;
  /** Sampled rows with this value; absent for a fixed list (severity, status, kind). */
  count?: number;
}

export interface SearchValuesResponse {
  /** Most frequent first. */
  values: SearchValueSuggestion[];
  /** More values matched than `limit`. */
  truncated: boolean;
}
