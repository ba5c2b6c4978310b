// The differences between table layouts that queries must follow, read once per transport.
// Tables Tracelight creates have the profile MODERN; tables the Collector's ClickHouse exporter
// created since 2026-04 (and in 2023) have no otel_logs.TimestampTime (the log time condition
// then uses Timestamp alone, which those layouts partition by), and its 2023 spans have no
// ScopeName column.
import { readSchemaFacts, type SchemaFacts } from "./schema-facts.ts";
import { TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface SchemaProfile {
  /** otel_logs has TimestampTime (DateTime, its partition and primary key). */
  logsTimestampTime: boolean;
  /** otel_traces has ScopeName/ScopeVersion; the 2023 exporter kept them in SpanAttributes (otel.scope.*). */
  tracesScope: boolean;
}

export const MODERN_PROFILE: SchemaProfile = { logsTimestampTime: true, tracesScope: true };

/** What the tables found have; a table not there yet will be Tracelight's own (MODERN). */
export function schemaProfile(facts: SchemaFacts): SchemaProfile {
  const has = (table: string, column: string) => facts.get(table)?.columns.has(column) ?? true;
  return {
    logsTimestampTime: has(TABLES.logs, "TimestampTime"),
    tracesScope: has(TABLES.traces, "ScopeName"),
  };
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
