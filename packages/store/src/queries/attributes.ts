// Attribute filters and group keys as SQL over a table's attribute maps. Keys and values are
// bound; the map column names come from code. `service.name` means the ServiceName column.
// The same semantics in TypeScript for rows already read: compileAttributeFilters, attributeValueOf.
import {
  type AttributeCondition,
  type AttributeFilter,
  type AttributeMap,
  attributeConditions,
  SERVICE_NAME_KEY,
} from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql } from "../sql.ts";

/** Which map columns hold a signal's own and resource attributes. */
export interface AttributeColumns {
  own: string;
  /** Absent for tables that keep no resource attributes (tracelight_exemplars). */
  resource?: string;
}

export const SPAN_ATTRIBUTES: AttributeColumns = { own: "SpanAttributes", resource: "ResourceAttributes" };
export const LOG_ATTRIBUTES: AttributeColumns = { own: "LogAttributes", resource: "ResourceAttributes" };
export const METRIC_ATTRIBUTES: AttributeColumns = { own: "Attributes", resource: "ResourceAttributes" };

/** `expr = v`, or for several values `expr IN [...]` (one bound array: the same key and index use). */
export function isAnyOf(expr: BoundQuery, values: readonly string[]): BoundQuery {
  return values.length === 1 ? sql`${expr} = ${values[0] as string}` : sql`${expr} IN ${values}`;
}

/**
 * key is any of the values on the own or the resource attributes; written as map lookups so
 * bloom indexes apply. An empty value asks whether the key is unset (so `key!=` is "key is
 * set"): the value groupBy reads (attributeValue), since a lookup in either map alone reads ""
 * for a missing key.
 */
function matchesAny(cols: AttributeColumns, key: string, values: readonly string[]): BoundQuery {
  if (key === SERVICE_NAME_KEY) return isAnyOf(sql`ServiceName`, values);
  const set = values.filter((v) => v !== "");
  const parts: BoundQuery[] = [];
  if (set.length > 0) {
    parts.push(isAnyOf(sql`${raw(cols.own)}[${key}]`, set));
    if (cols.resource !== undefined) parts.push(isAnyOf(sql`${raw(cols.resource)}[${key}]`, set));
  }
  if (set.length < values.length) parts.push(sql`${attributeValue(cols, key)} = ''`);
  return parts.length === 1 ? (parts[0] as BoundQuery) : sql`(${join(parts, " OR ")})`;
}

function attributeCondition(cols: AttributeColumns, c: AttributeCondition): BoundQuery {
  const m = matchesAny(cols, c.key, c.values);
  return c.op === "=" ? m : sql`NOT (${m})`;
}

/** One condition per key and operator (`=` any of, `!=` none of; see AttributeFilter), to be ANDed. */
export function attributeFilters(cols: AttributeColumns, filters: readonly AttributeFilter[]): BoundQuery[] {
  return attributeConditions(filters).map((c) => attributeCondition(cols, c));
}

/** The value of `key` for a row: own attribute, else resource attribute, else "". */
export function attributeValue(cols: AttributeColumns, key: string): BoundQuery {
  if (key === SERVICE_NAME_KEY) return sql`toString(ServiceName)`;
  if (cols.resource === undefined) return sql`${raw(cols.own)}[${key}]`;
  return sql`if(mapContains(${raw(cols.own)}, ${key}), ${raw(cols.own)}[${key}], ${raw(cols.resource)}[${key}])`;
}

/** `expr0 AS g0, expr1 AS g1, …` for group keys (empty when there are none). */
export function groupColumns(cols: AttributeColumns, keys: readonly string[]): BoundQuery {
  return join(
    keys.map((k, i) => sql`${attributeValue(cols, k)} AS ${raw(`g${i}`)}`),
    ", ",
  );
}

/** `g0, g1, ` — a prefix for SELECT/GROUP BY lists ("" when there are no keys). */
export function groupNames(keys: readonly string[]): string {
  return keys.map((_, i) => `g${i}, `).join("");
}

/** Labels object from a result row's g0…gN columns. */
export function labelsOf(keys: readonly string[], row: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  keys.forEach((k, i) => {
    labels[k] = String(row[`g${i}`] ?? "");
  });
  return labels;
}

/** ANDs conditions ("1" when there are none). */
export function where(conditions: readonly BoundQuery[]): BoundQuery {
  return conditions.length === 0 ? sql`1` : join(conditions, " AND ");
}

/** A metric series as read back: ServiceName, ResourceAttributes and its own Attributes. */
export interface SeriesAttributes {
  service: string;
  resource: AttributeMap;
  attributes: AttributeMap;
}

/** A map lookup as SQL does it: a missing key reads as "" (and "constructor" is just a key). */
const lookup = (map: AttributeMap, key: string): string => (Object.hasOwn(map, key) ? (map[key] as string) : "");

/** A row already read: its ServiceName, own and resource attributes. */
export type AttributeRowMatcher = (service: string, own: AttributeMap, resource: AttributeMap) => boolean;

/** `attributeFilters` in TypeScript, grouped once for the many rows it is asked about. */
export function compileAttributeFilters(filters: readonly AttributeFilter[]): AttributeRowMatcher {
  const conditions = attributeConditions(filters);
  return (service, own, resource) => {
    const one = (key: string, value: string) =>
      key === SERVICE_NAME_KEY
        ? service === value
        : value === ""
          ? attributeValueOf(service, own, resource, key) === ""
          : lookup(own, key) === value || lookup(resource, key) === value;
    return conditions.every((c) => c.values.some((v) => one(c.key, v)) === (c.op === "="));
  };
}

/** `attributeValue` in TypeScript, for a row already read. */
export function attributeValueOf(service: string, own: AttributeMap, resource: AttributeMap, key: string): string {
  if (key === SERVICE_NAME_KEY) return service;
  return Object.hasOwn(own, key) ? lookup(own, key) : lookup(resource, key);
}
