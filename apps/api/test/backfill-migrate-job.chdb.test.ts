// On a ClickHouse server only the migrate job alters the store, so it is the job that fills the
// derived tables for rows the exporter wrote before Tracelight, before it exits.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openChdbTransport, readBackfillStatus, sql } from "@tracelight/store";
import { createExporterTables, insertExporterRows } from "@tracelight/store/testing";
import { expect, it } from "vitest";
import { runMain } from "./helpers/child.ts";

it("--role migrate backfills the RED rollup and the exemplar index of a store the exporter filled", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tracelight-backfill-job-"));
  const seed = openChdbTransport(join(dir, "clickhouse"));
  await createExporterTables(seed, "currentBloom");
  await insertExporterRows(seed);
  await seed.close();

  const job = runMain({ TRACELIGHT_DATA_DIR: dir }, ["--role", "migrate"]);
  expect(await job.exited, job.output()).toEqual({ code: 0, signal: null });
  expect(job.output()).toContain("backfill finished");

  const t = openChdbTransport(join(dir, "clickhouse"));
  try {
    const status = await readBackfillStatus(t);
    expect(status.tables.map((s) => s.table).sort()).toEqual(["tracelight_exemplars", "tracelight_red_1m"]);
    expect(status.tables.every((s) => s.chunksDone === s.chunks && s.chunks > 0)).toBe(true);
    // The recent server span, the legacy one and the ten-day-old one; two are errors.
    const [red] = await t.query<{ requests: number; errors: number }>(
      sql`SELECT sum(Requests) AS requests, sum(Errors) AS errors FROM tracelight_red_1m`,
    );
    expect(red).toEqual({ requests: 3, errors: 2 });
    const [exemplars] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM tracelight_exemplars`);
    expect(exemplars?.n).toBe(8);
  } finally {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  }
});
