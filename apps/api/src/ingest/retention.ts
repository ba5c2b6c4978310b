// Items older than their signal's retention (TRACELIGHT_TTL_*_DAYS) are refused at ingest:
// the tables' TTL would delete them at the next merge, so storing them and answering a full
// success would be a silent loss. They are counted in the OTLP partial success instead.
import type { Signal } from "./signals.ts";

export type RetentionDays = Readonly<Record<Signal, number>>;

const DAY_MS = 86_400_000;

/** Unix nanoseconds before which a row of this retention is already expired. */
export function retentionCutoff(days: number, nowMs: number): bigint {
  return BigInt(nowMs - days * DAY_MS) * 1_000_000n;
}

/** Rows whose time is at or after `cutoff`, and how many were older. */
export function keepSince<Row>(rows: Row[], time: (row: Row) => bigint, cutoff: bigint): [Row[], number] {
  const kept = rows.filter((row) => time(row) >= cutoff);
  return [kept, rows.length - kept.length];
}

export function expiredMessage(signal: Signal, items: string, count: number, days: number): string {
  return (
    `${count} ${items} older than the ${signal} retention (${days} days, ` +
    `TRACELIGHT_TTL_${signal.toUpperCase()}_DAYS) not stored: the table's TTL would delete them at once`
  );
}
