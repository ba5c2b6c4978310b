// The Native encoders' bytes against the engine's own Native output for the same values: the
// engine is the oracle. The same rows go to the engine as JSON (an independent path: no code of
// ours touches the binary layout), the engine writes them `FORMAT Native` with the table's column
// types minus LowCardinality (what the encoders claim to send), and the two blocks must be equal
// byte for byte. Also: several blocks concatenated make one valid INSERT (for group commit).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import {
  type EncodedRows,
  encodeExponentialHistogram,
  encodeGauge,
  encodeHistogram,
  encodeLogs,
  encodeSpans,
  encodeSum,
  encodeSummary,
  SPAN_COLUMNS,
  withoutColumns,
} from "../src/native/index.ts";
import { raw, sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("native");
let t: ClickHouseTransport;

beforeAll(async () => {
  t = openChdbTransport(dir.path);
  await migrate(t, { ttlDays: TTL });
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

/** The table's column types as the encoders send them: LowCardinality(T) → T. */
async function sentTypes(table: string): Promise<Map<string, string>> {
  const cols = await t.query<{ name: string; type: string }>(
    sql`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${table}`,
  );
  return new Map(cols.map((c) => [c.name, c.type.replace(/LowCardinality\((\w+)\)/g, "$1")]));
}

/** A column's value in a row: `Events.Name` is the Name of each element of row.Events. */
function columnValue(row: object, column: string): unknown {
  const r = row as Record<string, unknown>;
  const [outer, inner] = column.split(".") as [string, string | undefined];
  if (inner === undefined) return r[column];
  return (r[outer] as Record<string, unknown>[]).map((e) => e[inner]);
}

/** The engine's Native block for `rows`, read as JSONEachRow (64-bit ints as strings). */
async function engineBlock(encoded: EncodedRows, rows: readonly object[]): Promise<Buffer> {
  const types = await sentTypes(encoded.table);
  const file = join(dir.path, `${encoded.table}.json`);
  const out = `/dev/shm/tracelight-native-oracle-${process.pid}-${encoded.table}.bin`;
  const json = rows.map((row) =>
    JSON.stringify(Object.fromEntries(encoded.columns.map((c, i) => [`c${i}`, columnValue(row, c)])), (_k, v) =>
      typeof v === "bigint" ? String(v) : v,
    ),
  );
  writeFileSync(file, `${json.join("\n")}\n`);
  // JSON cannot carry DateTime64 nanoseconds exactly: read them as Int64 and convert in SQL.
  const structure: string[] = [];
  const select: string[] = [];
  encoded.columns.forEach((c, i) => {
    const type = types.get(c);
    if (!type) throw new Error(`${encoded.table} has no column ${c}`);
    const asInt = type.replaceAll("DateTime64(9)", "Int64");
    structure.push(`c${i} ${asInt}`);
    const expr =
      type === "DateTime64(9)"
        ? `fromUnixTimestamp64Nano(c${i})`
        : type === "Array(DateTime64(9))"
          ? `arrayMap(x -> fromUnixTimestamp64Nano(x), c${i})`
          : `c${i}`;
    select.push(`CAST(${expr} AS ${type}) AS \`${c}\``);
  });
  rmSync(out, { force: true });
  try {
    await t.query(
      sql`SELECT ${raw(select.join(", "))} FROM file(${file}, JSONEachRow, ${structure.join(", ")})
        INTO OUTFILE ${raw(`'${out}'`)} FORMAT Native SETTINGS max_threads = 1`,
    );
    return readFileSync(out);
  } finally {
    rmSync(out, { force: true });
  }
}

async function expectSameAsEngine(encoded: EncodedRows, rows: readonly object[]): Promise<void> {
  const ours = Buffer.from(encoded.bytes);
  const engine = await engineBlock(encoded, rows);
  // Hex, so a failure shows where the layouts part.
  expect(ours.toString("hex")).toBe(engine.toString("hex"));
}

describe("Native blocks equal the engine's own Native output", () => {
  it("spans: maps, Nested events/links, empty arrays and maps, awkward strings, ns timestamps", async () => {
    const rows = [
      fx.span(),
      fx.span({ SpanId: "2222222222222222", Events: [], Links: [], ResourceAttributes: {}, SpanAttributes: {} }),
      fx.span({ SpanName: fx.LONG, Duration: -5n }),
    ];
    const encoded = encodeSpans(rows);
    // Negative durations (clock skew) are stored as 0; the oracle gets what the table keeps.
    await expectSameAsEngine(encoded, [rows[0]!, rows[1]!, { ...rows[2]!, Duration: 0n }]);
  });

  it("logs", async () => {
    const rows = [fx.log(), fx.log({ Body: fx.LONG, LogAttributes: {}, TraceId: "" })];
    await expectSameAsEngine(encodeLogs(rows), rows);
  });

  it("every metric type", async () => {
    await expectSameAsEngine(encodeGauge([fx.gauge(), fx.gauge()]), [fx.gauge(), fx.gauge()]);
    await expectSameAsEngine(encodeSum([fx.sum()]), [fx.sum()]);
    await expectSameAsEngine(encodeHistogram([fx.histogram()]), [fx.histogram()]);
    await expectSameAsEngine(encodeExponentialHistogram([fx.exponentialHistogram()]), [fx.exponentialHistogram()]);
    await expectSameAsEngine(encodeSummary([fx.summary()]), [fx.summary()]);
  });
});

describe("blocks with columns left out (a table found without them)", () => {
  it("equal the engine's block of the remaining columns, header included", async () => {
    const spans = [fx.span(), fx.span({ SpanId: "3333333333333333", Events: [] })];
    const noScope = withoutColumns(encodeSpans(spans), new Set(["ScopeName", "ScopeVersion"]));
    expect(noScope.columns).not.toContain("ScopeName");
    expect(noScope.columns).toHaveLength(SPAN_COLUMNS.length - 2);
    await expectSameAsEngine(noScope, spans);
    const logs = [fx.log()];
    const noEventName = withoutColumns(encodeLogs(logs), new Set(["EventName", "Timestamp"]));
    await expectSameAsEngine(noEventName, logs);
  });

  it("are the same block when it has none of the columns to leave out", () => {
    const block = encodeLogs([fx.log()]);
    expect(withoutColumns(block, new Set(["Duration"]))).toBe(block);
  });
});

describe("concatenated blocks", () => {
  it("insert as one batch", async () => {
    const a = encodeLogs([fx.log({ ServiceName: "concat", SpanId: "a" })]);
    const b = encodeLogs([fx.log({ ServiceName: "concat", SpanId: "b" }), fx.log({ ServiceName: "concat" })]);
    await t.insert(a.table, a.columns, "Native", Buffer.concat([a.bytes, b.bytes]));
    const [c] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM otel_logs WHERE ServiceName = 'concat'`);
    expect(c?.n).toBe(3);
  });

  it("an empty block (the engine writes none for no rows) inserts nothing, without error", async () => {
    const empty = encodeLogs([]);
    await t.insert(empty.table, empty.columns, "Native", empty.bytes);
    const [c] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM otel_logs WHERE ServiceName = 'concat'`);
    expect(c?.n).toBe(3);
  });
});
