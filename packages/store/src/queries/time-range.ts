// Time conditions for read queries. Instants arrive as epoch ms; they are bound as Int64 and
// converted in SQL, so both transports bind them the same way.
import type { TimeRange } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";

const ms = (value: number) => typed(Math.floor(value), "Int64");
const seconds = (valueMs: number) => typed(Math.floor(valueMs / 1000), "Int64");

/** `column` (DateTime64) within [from, to] ms, inclusive. */
export function between64(column: string, range: Pick<TimeRange, "from" | "to">): BoundQuery {
  return sql`${raw(column)} >= fromUnixTimestamp64Milli(${ms(range.from)}) AND ${raw(column)} <= fromUnixTimestamp64Milli(${typed(Math.ceil(range.to), "Int64")})`;
}

/** `column` (DateTime64) within [from, to) ms: a window that does not hold its end. */
export function within64(column: string, range: Pick<TimeRange, "from" | "to">): BoundQuery {
  return sql`${raw(column)} >= fromUnixTimestamp64Milli(${ms(range.from)}) AND ${raw(column)} < fromUnixTimestamp64Milli(${ms(range.to)})`;
}

/** `column` (DateTime, whole seconds) within the seconds that [from, to] ms touch. */
export function betweenSeconds(column: string, range: Pick<TimeRange, "from" | "to">): BoundQuery {
  return sql`${raw(column)} >= toDateTime(${seconds(range.from)}) AND ${raw(column)} <= toDateTime(${seconds(range.to)})`;
}

/** Unix nanoseconds (decimal string) → epoch ms with microsecond precision. */
export function nanosToMs(ns: string): number {
  return Number(BigInt(ns) / 1000n) / 1000;
}

/**
 * A metric point's time as DateTime64(9): tables Tracelight creates store TimeUnix as
 * DateTime64(9), the exporter's current layout as DateTime (seconds), which the *64 functions
 * refuse.
 */
export const METRIC_TIME = "toDateTime64(TimeUnix, 9)";

/** The SQL text of a nanosecond timestamp as a decimal string (JSON numbers lose precision). */
export const nanosText = (column: string) => raw(`toString(toUnixTimestamp64Nano(${column}))`);
