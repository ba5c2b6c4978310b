import { describe, expect, it } from "vitest";
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
