// The @clickhouse/client transport against a real engine behind a ClickHouse-style HTTP front.
//
// What this proves: the transport's requests as @clickhouse/client really shapes them (query in
// the body or the URL, param_<name> bindings with the client's own value encoding, FORMAT
// JSONEachRow results, `command` for DDL, Native insert bodies via `exec`) work end to end:
// migrations apply, the writer's inserts land with exact values and counts, parameters bind
// (quotes, newlines, unicode, arrays, 64-bit ints), and engine errors surface as rejected
// promises carrying ClickHouse's code and message.
//
// What it does not prove: anything a real ClickHouse server adds over the front in
// test/support/chdb-http-front.ts — authentication and users, compression negotiation
// (gzip/zstd request or response bodies), sessions, HTTP progress headers, cluster/ON CLUSTER
// DDL, replicated tables, server-side settings profiles, or the server's exact HTTP status
// codes per error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSpans } from "../bench/fixtures.ts";
import { openHttpTransport } from "../src/http-transport.ts";
import { migrate } from "../src/migrate.ts";
import { sql, typed } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import { type ChdbHttpFront, startChdbHttpFront } from "./support/chdb-http-front.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("http");
let front: ChdbHttpFront;
let t: ClickHouseTransport;

beforeAll(async () => {
  front = await startChdbHttpFront(dir.path);
  t = openHttpTransport(front.url);
});
afterAll(async () => {
  await t?.close();
  await front?.close();
  dir.remove();
});

describe("HTTP transport (@clickhouse/client) over a chDB-backed HTTP front", () => {
  it("applies the migrations, then finds nothing to do", async () => {
    const first = await migrate(t, { ttlDays: TTL });
    expect(first.applied.length).toBeGreaterThanOrEqual(5);
    expect((await migrate(t, { ttlDays: TTL })).applied).toEqual([]);
    const changed = await migrate(t, { ttlDays: { ...TTL, logs: 3 } });
    expect(changed.ttlChanged).toEqual(["otel_logs"]);
  });

  it("inserts Native blocks through the writer and reads exact values back", async () => {
    const writer = new TelemetryWriter(t);
    const row = fx.span({ SpanId: "5555555555555555" });
    await writer.insertSpans([row]);
    await writer.insertLogs([fx.log({ SpanId: "5555555555555555" })]);
    await writer.insertMetrics({
      gauge: [fx.gauge()],
      sum: [],
      histogram: [fx.histogram()],
      exponentialHistogram: [],
      summary: [],
    });
    const [span] = await t.query<Record<string, unknown>>(
      sql`SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, StatusMessage, SpanAttributes, Events.Name AS names
          FROM otel_traces WHERE SpanId = ${row.SpanId}`,
    );
    expect(span).toEqual({
      ts: String(row.Timestamp),
      StatusMessage: fx.NASTY,
      SpanAttributes: row.SpanAttributes,
      names: ["exception", "empty"],
    });
    const [logRow] = await t.query<{ Body: string }>(sql`SELECT Body FROM otel_logs WHERE SpanId = ${row.SpanId}`);
    expect(logRow?.Body).toBe(fx.NASTY);
    const [h] = await t.query<{ c: string }>(sql`SELECT toString(Count) AS c FROM otel_metrics_histogram`);
    expect(h?.c).toBe("9007199254740993");
  });

  it("counts a 50k-span bulk insert exactly", async () => {
    const rows = makeSpans(50_000).map((r) => ({ ...r, ServiceName: "http-bulk" }));
    await new TelemetryWriter(t).insertSpans(rows);
    const [c] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM otel_traces WHERE ServiceName = 'http-bulk'`);
    expect(c?.n).toBe(50_000);
  });

  it("binds parameters as values, never as SQL", async () => {
    const hostile = "x' OR 1=1 --\n\ttab \\ back 'quote' 漢字 🚀";
    const [r] = await t.query<Record<string, unknown>>(
      sql`SELECT ${hostile} AS s, length(${hostile}) AS n, toString(${9_007_199_254_740_993n}) AS big, ${["a", "b c", "é"]} AS arr,
          ${typed("2026-03-01 10:00:00.123456789", "DateTime64(9)")} AS ts, ${1.5} AS f`,
    );
    expect(r).toEqual({
      s: hostile,
      n: Buffer.byteLength(hostile),
      big: "9007199254740993",
      arr: ["a", "b c", "é"],
      ts: "2026-03-01 10:00:00.123456789",
      f: 1.5,
    });
    // The statement the front saw carries placeholders only; values travelled as param_*.
    const sent = front.log.find((l) => l.query.includes("AS s,"));
    expect(sent?.query).not.toContain("OR 1=1");
    expect(Object.keys(sent?.params ?? {})).toContain("p0");
  });

  it("returns 64-bit integers as JSON numbers, like the chDB transport", async () => {
    const [r] = await t.query<{ n: unknown }>(sql`SELECT toUInt64(42) AS n`);
    expect(r?.n).toBe(42);
  });

  it("rejects with ClickHouse's error code and message", async () => {
    await expect(t.query(sql`SELECT * FROM no_such_table`)).rejects.toMatchObject({
      code: "60",
      message: expect.stringContaining("no_such_table"),
    });
    await expect(t.command(sql`CREATE TABLE broken (`)).rejects.toMatchObject({ code: "62" });
    await expect(t.insert("no_such_table", ["a"], "Native", new Uint8Array([1]))).rejects.toThrow(/no_such_table/);
    // ...and keeps working afterwards.
    expect(await t.query(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});
