// The @clickhouse/client transport against src/testing/clickhouse-http-stand-in.ts: ClickHouse's
// HTTP interface over a real engine (chDB), since no ClickHouse server can run here.
//
// What this proves: the requests as @clickhouse/client really shapes them (statement in the
// body or the URL, param_<name> values in the client's own encoding, the settings each read
// carries, Native insert bodies, gzip on request and response when asked, Basic auth or
// X-ClickHouse-User/Key) run on the engine with exact values, 64-bit integers included, and a
// server exception rejects with the server's code and message.
//
// What a real server adds that the stand-in cannot prove: its own HTTP handling (chunked
// streaming, progress headers, keep-alive and timeouts, an exception in the middle of a
// streamed result, the exact status per error code), real users, roles, quotas and settings
// profiles (a readonly profile refuses the per-read settings), its compression negotiation
// (zstd/br, levels, compressed error bodies), HTTP sessions, whether it notices a closed
// connection as early as the stand-in does, and anything of a cluster (ON CLUSTER, Distributed,
// a load balancer routing a read and its cancellation to different replicas).
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSpans } from "../bench/fixtures.ts";
import { openHttpTransport } from "../src/http-transport.ts";
import { migrate } from "../src/migrate.ts";
import { sql, typed } from "../src/sql.ts";
import { type ClickHouseHttpStandIn, startClickHouseHttpStandIn } from "../src/testing/clickhouse-http-stand-in.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("http");
let server: ClickHouseHttpStandIn;
let t: ClickHouseTransport;
const withUser = (user: string, password: string) => {
  const url = new URL(server.url);
  url.username = user;
  url.password = password;
  return url.toString();
};

beforeAll(async () => {
  server = await startClickHouseHttpStandIn(dir.path, { users: { default: "", tracelight: "s3cr:et" } });
  t = openHttpTransport(withUser("tracelight", "s3cr:et"), { compression: { request: true, response: true } });
});
afterAll(async () => {
  await t?.close();
  await server?.close();
  dir.remove();
});
const sent = (marker: string) => server.log.filter((l) => l.query.includes(marker));

describe("HTTP transport (@clickhouse/client) over the ClickHouse HTTP stand-in", () => {
  it("applies the migrations, then finds nothing to do", async () => {
    const first = await migrate(t, { ttlDays: TTL });
    expect(first.applied.length).toBeGreaterThanOrEqual(5);
    expect((await migrate(t, { ttlDays: TTL })).applied).toEqual([]);
  });

  it("inserts gzip-compressed Native blocks through the writer and reads exact values back", async () => {
    const writer = new TelemetryWriter(t);
    const row = fx.span({ SpanId: "5555555555555555" });
    await writer.insertSpans([row]);
    await writer.insertMetrics({
      gauge: [],
      sum: [],
      histogram: [fx.histogram()],
      exponentialHistogram: [],
      summary: [],
    });
    const insert = server.log.find((l) => l.query.startsWith("INSERT INTO otel_traces"));
    expect(insert?.requestEncoding).toBe("gzip");

    const [span] = await t.query<Record<string, unknown>>(
      sql`SELECT toUnixTimestamp64Nano(Timestamp) AS ts, Duration, StatusMessage, SpanAttributes FROM otel_traces WHERE SpanId = ${row.SpanId}`,
    );
    expect(span).toEqual({
      ts: String(row.Timestamp),
      Duration: Number(row.Duration),
      StatusMessage: fx.NASTY,
      SpanAttributes: row.SpanAttributes,
    });
    const [h] = await t.query(sql`SELECT Count, BucketCounts FROM otel_metrics_histogram`);
    expect(h).toEqual({ Count: "9007199254740993", BucketCounts: [1, 2, 0, "18446744073709551615"] });
    expect(sent("FROM otel_metrics_histogram").at(-1)?.responseEncoding).toBe("gzip");
  });

  it("round-trips UInt64 2^63+1 and Int64 −2^63 exactly, as parameters and as stored values", async () => {
    await t.command(sql`CREATE TABLE wide (u UInt64, i Int64) ENGINE = Memory`);
    await t.command(sql`INSERT INTO wide VALUES (${typed(2n ** 63n + 1n, "UInt64")}, ${typed(-(2n ** 63n), "Int64")})`);
    expect(await t.query(sql`SELECT u, i, u = ${typed(2n ** 63n + 1n, "UInt64")} AS same FROM wide`)).toEqual([
      { u: "9223372036854775809", i: "-9223372036854775808", same: 1 },
    ]);
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
      sql`SELECT ${hostile} AS s, length(${hostile}) AS n, ${["a", "it's", "back\\slash"]} AS arr,
          ${typed("2026-03-01 10:00:00.123456789", "DateTime64(9)")} AS ts, ${1.5} AS f`,
    );
    expect(r).toEqual({
      s: hostile,
      n: Buffer.byteLength(hostile),
      arr: ["a", "it's", "back\\slash"],
      ts: "2026-03-01 10:00:00.123456789",
      f: 1.5,
    });
    const [request] = sent("AS s,");
    expect(request?.query).not.toContain("OR 1=1");
    expect(Object.keys(request?.params ?? {})).toContain("p0");
  });

  it("sends each read's class as max_execution_time and priority, and the engine enforces the limit", async () => {
    await t.query(sql`SELECT 'probe-class' AS c`, { class: "probe" });
    await t.query(sql`SELECT 'search-class' AS c`, { class: "search" });
    expect(sent("probe-class")[0]?.settings).toMatchObject({ max_execution_time: "2", priority: "1" });
    expect(sent("search-class")[0]?.settings).toMatchObject({ max_execution_time: "30", priority: "2" });
    await expect(
      t.query(sql`SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3`, { class: "probe" }),
    ).rejects.toMatchObject({ clickhouseCode: 159, type: "TIMEOUT_EXCEEDED" });
  });

  it("cancels a read in the engine when the caller's signal aborts", async () => {
    const stop = new AbortController();
    const read = t
      .query(sql`SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 5 = 1 AND 'abort-me' != ''`, {
        class: "search",
        signal: stop.signal,
      })
      .catch((e: unknown) => e);
    const running = async () => {
      const [r] = await t.query<{ n: number }>(
        sql`SELECT count() AS n FROM system.processes WHERE position(query, 'abort-me') > 0 AND position(query, 'system.processes') = 0 AND is_cancelled = 0`,
      );
      return r?.n ?? 0;
    };
    // The stand-in runs one statement at a time, so look from the engine's side directly.
    await until("the slow read running", async () => sent("abort-me").length === 1, { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    stop.abort(new Error("client left"));
    expect(await read).toBe(stop.signal.reason);
    // Answered at all only once the engine let go of the read: well before its 30 s limit.
    expect(await running()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("sends credentials as X-ClickHouse-User/Key when asked, and refuses a wrong password with 516", async () => {
    const byHeaders = openHttpTransport(`${withUser("tracelight", "s3cr:et")}?auth=headers`);
    const wrong = openHttpTransport(withUser("tracelight", "nope"));
    try {
      expect(await byHeaders.query(sql`SELECT 'by-headers' AS h`)).toEqual([{ h: "by-headers" }]);
      expect(sent("by-headers")[0]).toMatchObject({ auth: "headers", user: "tracelight" });
      expect(sent("'by-headers'")).toHaveLength(1);
      await expect(wrong.query(sql`SELECT 'wrong-password'`)).rejects.toMatchObject({
        clickhouseCode: 516,
        type: "AUTHENTICATION_FAILED",
        message: expect.stringContaining("password is incorrect"),
      });
      expect(sent("wrong-password")[0]).toMatchObject({ auth: "basic", user: "tracelight" });
      expect(byHeaders.description).toBe(server.url);
      expect(openHttpTransport(withUser("u", "secret")).description).not.toContain("secret");
    } finally {
      await byHeaders.close();
      await wrong.close();
    }
  });

  it("rejects with ClickHouse's error code and message, and keeps working afterwards", async () => {
    await expect(t.query(sql`SELECT * FROM no_such_table`)).rejects.toMatchObject({
      clickhouseCode: 60,
      code: "60",
      message: expect.stringContaining("no_such_table"),
    });
    await expect(t.command(sql`CREATE TABLE broken (`)).rejects.toMatchObject({ clickhouseCode: 62 });
    await expect(t.insert("no_such_table", ["a"], "Native", new Uint8Array([1]))).rejects.toMatchObject({
      clickhouseCode: 60,
    });
    expect(await t.query(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});
