import { describe, expect, it } from "vitest";
import { clusterDdl } from "./cluster-ddl.ts";
import { GAUGE_COLUMNS, LOG_COLUMNS, SPAN_COLUMNS } from "./native/index.ts";
import { schemaFacts, skipReason } from "./schema-facts.ts";
import { MODERN_PROFILE, schemaProfile, ttlTimeExpr } from "./schema-profile.ts";

const ADD_OURS =
  "ALTER TABLE otel_logs ADD INDEX IF NOT EXISTS idx_body_text lower(Body) TYPE text(tokenizer = splitByNonAlpha)";
const logsColumns = (...names: string[]) => names.map((name) => ({ table: "otel_logs", name, type: "String" }));

describe("skipReason", () => {
  it("skips a text index on an expression the table already text-indexes", () => {
    const facts = schemaFacts(logsColumns("Body"), [{ table: "otel_logs", expr: "lower(`Body`)" }]);
    expect(skipReason(ADD_OURS, facts)).toBe("otel_logs already has a text index on lower(Body)");
  });

  it("runs it when the table's text indexes are on other expressions, or it has none", () => {
    const other = schemaFacts(logsColumns("Body"), [{ table: "otel_logs", expr: "TraceId" }]);
    expect(skipReason(ADD_OURS, other)).toBeNull();
    expect(skipReason(ADD_OURS, schemaFacts([], []))).toBeNull();
  });

  it("runs every other statement", () => {
    const facts = schemaFacts(logsColumns("Body"), [{ table: "otel_logs", expr: "lower(Body)" }]);
    expect(skipReason("ALTER TABLE otel_logs ADD PROJECTION IF NOT EXISTS p (SELECT *)", facts)).toBeNull();
  });
});

describe("schemaProfile", () => {
  it("uses TimestampTime where otel_logs has it, or where there is no otel_logs yet", () => {
    expect(schemaProfile(schemaFacts(logsColumns("TimestampTime", ...LOG_COLUMNS), []))).toEqual(MODERN_PROFILE);
    expect(schemaProfile(schemaFacts([], []))).toEqual(MODERN_PROFILE);
  });

  it("uses Timestamp on the exporter's layout without TimestampTime, TTL included", () => {
    const profile = schemaProfile(schemaFacts(logsColumns("Timestamp"), []));
    expect(profile).toMatchObject({ logsTimestampTime: false, tracesScope: true });
    expect(ttlTimeExpr("otel_logs", "TimestampTime", profile)).toBe("toDateTime(Timestamp)");
    expect(ttlTimeExpr("otel_logs", "TimestampTime", MODERN_PROFILE)).toBe("TimestampTime");
    expect(ttlTimeExpr("otel_traces", "toDateTime(Timestamp)", profile)).toBe("toDateTime(Timestamp)");
  });
});

describe("absentColumns", () => {
  const columns = (table: string, names: readonly string[]) => names.map((name) => ({ table, name, type: "String" }));

  it("lists the written columns each found table lacks: the 2023 spans' scope, older logs' EventName", () => {
    const facts = schemaFacts(
      [
        ...columns(
          "otel_traces",
          SPAN_COLUMNS.filter((c) => !c.startsWith("Scope")),
        ),
        ...columns(
          "otel_logs",
          LOG_COLUMNS.filter((c) => c !== "EventName"),
        ),
        ...columns("otel_metrics_gauge", GAUGE_COLUMNS),
      ],
      [],
    );
    expect(schemaProfile(facts).absentColumns).toEqual({
      otel_traces: new Set(["ScopeName", "ScopeVersion"]),
      otel_logs: new Set(["EventName"]),
    });
  });

  it("is empty for tables not there yet (Tracelight creates them with every column)", () => {
    expect(schemaProfile(schemaFacts([], [])).absentColumns).toEqual({});
  });
});

describe("schemaFacts on a cluster", () => {
  const ddl = clusterDdl("tl");
  // What system.columns / data_skipping_indices list on a node: the Distributed otel_logs carries
  // the columns but no index; otel_logs_local has the exporter's text index.
  const columns = [
    ...logsColumns("Timestamp", "Body"),
    { table: "otel_logs_local", name: "Timestamp", type: "DateTime64(9)" },
    { table: "otel_logs_local", name: "Body", type: "String" },
    { table: "otel_logs_local", name: "EventName", type: "String" },
    { table: "tracelight_migrations", name: "name", type: "String" },
  ];
  const indexes = [{ table: "otel_logs_local", expr: "lower(Body)" }];

  it("reads each table's columns and text indexes from its _local table, under the table's name", () => {
    const facts = schemaFacts(columns, indexes, ddl.storageTable);
    expect([...facts.keys()].sort()).toEqual(["otel_logs", "tracelight_migrations"]);
    expect([...(facts.get("otel_logs")?.columns.keys() ?? [])]).toEqual(["Timestamp", "Body", "EventName"]);
    expect(skipReason(ADD_OURS, facts)).toBe("otel_logs already has a text index on lower(Body)");
  });

  it("finds a table whose Distributed table is missing by its _local table", () => {
    const facts = schemaFacts(
      columns.filter((c) => c.table !== "otel_logs"),
      indexes,
      ddl.storageTable,
    );
    expect(facts.has("otel_logs")).toBe(true);
    expect(facts.has("otel_logs_local")).toBe(false);
  });

  it("keeps a table without a _local table (one made without Tracelight's cluster form) as it is", () => {
    const facts = schemaFacts(
      logsColumns("Timestamp"),
      [{ table: "otel_logs", expr: "lower(Body)" }],
      ddl.storageTable,
    );
    expect(facts.get("otel_logs")?.textIndexed.has("lower(Body)")).toBe(true);
  });

  it("without a cluster, reads every table under its own name (the Distributed one finds no index)", () => {
    const facts = schemaFacts(columns, indexes);
    expect(facts.has("otel_logs_local")).toBe(true);
    expect(skipReason(ADD_OURS, facts)).toBeNull();
  });
});
