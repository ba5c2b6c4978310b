// The differences between table layouts that queries must follow, read once per transport.
// Tables Tracelight creates have the profile MODERN; tables the Collector's ClickHouse exporter
// created since 2026-04 (and in 2023) have no otel_logs.TimestampTime (the log time condition
// then uses Timestamp alone, which those layouts partition by), and its 2023 spans have no
// ScopeName column. Tracelight's own ingest leaves out the columns a found table lacks (the 2023
// spans' ScopeName/ScopeVersion, the EventName that older logs tables do not have).
import { WRITTEN_COLUMNS } from "./native/index.ts";
import { readSchemaFacts, type SchemaFacts } from "./schema-facts.ts";
import { TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface SchemaProfile {
  /** otel_logs has TimestampTime (DateTime, its partition and primary key). */
  logsTimestampTime: boolean;
  /** otel_traces has ScopeName/ScopeVersion; the 2023 exporter kept them in SpanAttributes (otel.scope.*). */
  tracesScope: boolean;
  /** Per table, the columns Tracelight's ingest writes that the table lacks (the writer leaves them out). */
  absentColumns: Readonly<Record<string, ReadonlySet<string>>>;
}

export const MODERN_PROFILE: SchemaProfile = { logsTimestampTime: true, tracesScope: true, absentColumns: {} };

/** What the tables found have; a table not there yet will be Tracelight's own (MODERN). */
export function schemaProfile(facts: SchemaFacts): SchemaProfile {
  const has = (table: string, column: string) => facts.get(table)?.columns.has(column) ?? true;
  return {
    logsTimestampTime: has(TABLES.logs, "TimestampTime"),
    tracesScope: has(TABLES.traces, "ScopeName"),
    absentColumns: absentColumns(facts),
  };
}

function absentColumns(facts: SchemaFacts): Record<string, ReadonlySet<string>> {
  const out: Record<string, ReadonlySet<string>> = {};
  for (const [table, written] of Object.entries(WRITTEN_COLUMNS)) {
    const found = facts.get(table)?.columns;
    const absent = found ? written.filter((c) => !found.has(c)) : [];
    if (absent.length > 0) out[table] = new Set(absent);
  }
  return out;
}

const profiles = new WeakMap<ClickHouseTransport, Promise<SchemaProfile>>();

/** The transport's profile: read on first use, then kept (migrate() refreshes it). */
export function profileOf(transport: ClickHouseTransport): Promise<SchemaProfile> {
  let profile = profiles.get(transport);
  if (profile === undefined) {
    profile = readSchemaFacts(transport).then(schemaProfile);
    // A failed read is not kept: the next query reads again.
    profile.catch(() => profiles.delete(transport));
    profiles.set(transport, profile);
  }
  return profile;
}

/** Sets the profile from facts just read (after migrations ran). */
export function rememberProfile(transport: ClickHouseTransport, facts: SchemaFacts): void {
  profiles.set(transport, Promise.resolve(schemaProfile(facts)));
}

/** The time a table's TTL counts from: otel_logs without TimestampTime counts from Timestamp. */
export function ttlTimeExpr(table: string, timeExpr: string, profile: SchemaProfile): string {
  return table === TABLES.logs && !profile.logsTimestampTime ? "toDateTime(Timestamp)" : timeExpr;
}
