// Attribute filters and lists in query strings: `attr=key=value` / `filter=key!=value`
// (repeatable), and comma-separated lists such as `groupBy=service.name,http.route`.
// Repeated filters on one key with `=` are "any of" (`attr=service.name=a&attr=service.name=b`:
// either service), with `!=` "none of"; different keys are ANDed (AttributeFilter in values.ts).
// A repeated plain value (`service=a&service=b`) is "any of" too.
import { z } from "zod";
import { type AttributeFilter, parseAttributeFilter } from "./values.ts";

/** A query-string field that may appear once, many times, or not at all → string[]. */
const repeatable = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
  z.array(z.string()).max(50, "at most 50 values"),
);

export const attributeFiltersParam = repeatable.transform((items, ctx) => {
  const filters: AttributeFilter[] = [];
  for (const item of items) {
    const f = parseAttributeFilter(item);
    if (f === undefined) {
      ctx.addIssue({ code: "custom", message: `"${item}" is not key=value or key!=value` });
      return z.NEVER;
    }
    filters.push(f);
  }
  return filters;
});

/**
 * A field that takes one value or several (repeated: any of them): trimmed, empties dropped,
 * duplicates once; [] when absent.
 */
export const valueListParam = repeatable
  .pipe(z.array(z.string().trim().max(1000, "each value at most 1000 characters")))
  .transform((items) => [...new Set(items.filter((s) => s !== ""))]);

/** Comma-separated (or repeated) keys, trimmed, de-duplicated, at most 10. */
export const keyListParam = repeatable.transform((items, ctx) => {
  const keys = [
    ...new Set(
      items
        .flatMap((s) => s.split(","))
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];
  if (keys.length > 10) {
    ctx.addIssue({ code: "custom", message: "at most 10 keys" });
    return z.NEVER;
  }
  return keys;
});

/**
 * A search query (`q`), kept as typed (not trimmed) so error positions match the search box;
 * its length is capped by the search language, whose 400 names the cap and where.
 */
export const searchQueryParam = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().optional(),
);

/** An optional single string (empty → absent), trimmed, bounded. */
export const optionalText = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().max(1000).trim().optional(),
);
