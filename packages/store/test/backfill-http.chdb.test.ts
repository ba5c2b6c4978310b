// The backfill through the HTTP transport, as against a ClickHouse server: its statements (a
// DELETE, INSERT ... SELECT with SETTINGS in the text, bound times) go over ClickHouse's HTTP
// interface to the test-only stand-in (src/testing/clickhouse-http-stand-in.ts), a real engine
// underneath. What it does not prove: a server's own parameter substitution and its query
// profile's limits (max_execution_time, priority) being honoured over HTTP.
import { afterAll, beforeAll, expect, it } from "vitest";
import { planAutomaticBackfill, runBackfill } from "../src/backfill.ts";
import { openHttpTransport } from "../src/http-transport.ts";
import { migrate } from "../src/migrate.ts";
import { sql } from "../src/sql.ts";
import { type ClickHouseHttpStandIn, startClickHouseHttpStandIn } from "../src/testing/clickhouse-http-stand-in.ts";
import { insertExporterRows } from "../src/testing/exporter-rows.ts";
import { createExporterTables } from "../src/testing/exporter-tables.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";

const dir = freshDir("backfill-http");
let server: ClickHouseHttpStandIn;
let t: ClickHouseTransport;

beforeAll(async () => {
  server = await startClickHouseHttpStandIn(dir.path);
  t = openHttpTransport(server.url);
  await createExporterTables(t, "currentBloom");
  // Two hours back: the rows' hour has settled whenever the test runs.
  await insertExporterRows(t, Date.now() - 3_600_000);
  await migrate(t, { ttlDays: TTL });
});
afterAll(async () => {
  await t?.close();
  await server?.close();
  dir.remove();
});

it("fills the RED rollup and the exemplar index over HTTP, and a second run changes nothing", async () => {
  expect((await planAutomaticBackfill(t, TTL)).length).toBeGreaterThan(0);
  const done = await runBackfill(t, ["tracelight_red_1m", "tracelight_exemplars"]);
  // Five spans, three of them entry spans; four metric types with an exemplar, twice.
  expect(done.rows).toBe(5 + 8);
  const red = async () =>
    (
      await t.query<{ requests: number; errors: number }>(
        sql`SELECT sum(Requests) AS requests, sum(Errors) AS errors FROM tracelight_red_1m`,
      )
    )[0];
  expect(await red()).toEqual({ requests: 3, errors: 2 });
  const [exemplars] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM tracelight_exemplars`);
  expect(exemplars?.n).toBe(8);
  expect(server.log.some((r) => r.query.includes("additional_table_filters") && r.query.startsWith("INSERT"))).toBe(
    true,
  );
  expect(await runBackfill(t, ["tracelight_red_1m", "tracelight_exemplars"])).toEqual({ chunks: 0, rows: 0 });
  expect(await red()).toEqual({ requests: 3, errors: 2 });
});
