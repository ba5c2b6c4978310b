// Dashboard variables: the values chosen (kept in the URL as `var-<name>`, repeated for several)
// and their substitution for `$name` in a panel's query before it is sent. An empty choice means
// "all": a value that refers to it is dropped, so its filter goes. Several values repeat the
// parameter (each value of a list, or the one value made a list), which the routes read as any
// of them (`attr`/`filter` on one key, `service`, `name`); in a search query (`q`) they become
// an OR group (variables-search.ts). Pure.
import type { DashboardPanel, DashboardVariable, PanelQuery } from "@tracelight/contracts";
import { substituteSearchQuery } from "./variables-search.ts";

export type VariableValues = Record<string, readonly string[]>;

const REFERENCE = /\$([A-Za-z_][A-Za-z0-9_]{0,63})/g;
export const urlKey = (name: string) => `var-${name}`;
/** In the URL: "all" chosen over a default that is not. */
export const ALL = "$__all";

/** The chosen values: the URL's, else the variable's default; "" is no choice. */
export function readVariableValues(variables: readonly DashboardVariable[], params: URLSearchParams): VariableValues {
  const values: VariableValues = {};
  for (const v of variables) {
    const key = urlKey(v.name);
    const fromUrl = params.has(key) ? params.getAll(key) : undefined;
    const fallback = v.default === undefined ? [] : Array.isArray(v.default) ? v.default : [v.default];
    values[v.name] = (fromUrl ?? fallback).filter((s) => s !== "" && s !== ALL);
  }
  return values;
}

/**
 * More results than any route takes (50 values of a parameter, 64 terms of a query): it refuses
 * them with a 400, and the browser never builds the product of several long lists.
 */
const MAX_EXPANDED = 1000;

/** One value with every `$name` replaced: one result per chosen value, none when a reference is empty. */
function expand(value: string, values: VariableValues): string[] {
  let results = [""];
  let last = 0;
  // `$$` is no reference: step over it.
  const pattern = new RegExp(`\\$\\$|${REFERENCE.source}`, "g");
  for (const match of value.matchAll(pattern)) {
    const text = value.slice(last, match.index);
    last = match.index + match[0].length;
    const name = match[1];
    const chosen = name === undefined ? ["$$"] : (values[name] ?? [`$${name}`]);
    if (chosen.length === 0) return [];
    results = results.flatMap((r) => chosen.map((c) => r + text + c)).slice(0, MAX_EXPANDED);
  }
  return results.map((r) => r + value.slice(last));
}

/** The query as the route gets it; a parameter whose every value referred to an empty variable goes. */
export function substituteQuery(query: PanelQuery, values: VariableValues): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === "q" && typeof value === "string") {
      const refers = (text: string) => Object.keys(values).some((name) => refersIn(text, name));
      const q = substituteSearchQuery(value, (text) => expand(text, values), refers);
      if (q !== undefined) out[key] = q;
      continue;
    }
    const list = Array.isArray(value);
    const expanded = (list ? value : [value]).flatMap((v) => expand(v, values));
    if (expanded.length === 0) continue;
    out[key] = list || expanded.length > 1 ? expanded : (expanded[0] ?? "");
  }
  return out;
}

const refersIn = (text: string, name: string) =>
  [...text.replaceAll("$$", "").matchAll(REFERENCE)].some((m) => m[1] === name);

/** Whether any of the panels' queries refers to `$name`. */
export function refersTo(query: PanelQuery, name: string): boolean {
  return Object.values(query).some((v) => (Array.isArray(v) ? v : [v]).some((s) => refersIn(s, name)));
}

const METRIC_KINDS = new Set(["timeseries", "stat", "bar", "table"]);

/** An attribute variable's values are that attribute's on the first metric filtered by it. */
export function attributeMetric(panels: readonly DashboardPanel[], name: string): string | undefined {
  for (const panel of panels) {
    if (!METRIC_KINDS.has(panel.kind) || !("queries" in panel)) continue;
    for (const query of panel.queries)
      if (refersTo(query, name) && typeof query.metric === "string") return query.metric;
  }
  return undefined;
}
