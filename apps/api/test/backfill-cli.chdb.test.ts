// `npm run backfill` as a user runs it (node --import tsx apps/api/src/backfill-main.ts): it
// fills a range of a store whose rows came before the views, a second run redoes it without
// counting twice, and a time outside the grammar is refused with the formats it takes.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { migrate, openChdbTransport, sql } from "@tracelight/store";
import { createExporterTables, insertExporterRows } from "@tracelight/store/testing";
import { afterAll, beforeAll, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TTL = { traces: 30, logs: 30, metrics: 30 };
let dir: string;

async function backfill(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "apps/api/src/backfill-main.ts", ...args],
      { cwd: REPO_ROOT, env: { ...process.env, TRACELIGHT_DATA_DIR: dir } },
    );
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

async function red(): Promise<unknown> {
  const t = openChdbTransport(join(dir, "clickhouse"));
  try {
    return (await t.query(sql`SELECT sum(Requests) AS requests, sum(Errors) AS errors FROM tracelight_red_1m`))[0];
  } finally {
    await t.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracelight-backfill-cli-"));
  const t = openChdbTransport(join(dir, "clickhouse"));
  await createExporterTables(t, "older");
  // Two hours back, so the rows' hour has ended and settled whenever the test runs.
  await insertExporterRows(t, Date.now() - 3_600_000);
  await migrate(t, { ttlDays: TTL });
  await t.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("fills a range, and redoes it without counting twice", async () => {
  expect(await red()).toEqual({ requests: 0, errors: 0 });
  const first = await backfill("--from", "now-11d", "--to", "now");
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toMatch(/backfill hours \[#+\] \d+\/\d+ /);
  // The recent server span, the legacy one and the ten-day-old one; two are errors.
  expect(await red()).toEqual({ requests: 3, errors: 2 });
  const again = await backfill("--from", "now-11d", "--table", "tracelight_red_1m");
  expect(again.code, again.stderr).toBe(0);
  expect(await red()).toEqual({ requests: 3, errors: 2 });
});

it("refuses a time it cannot read, naming the formats", async () => {
  const run = await backfill("--from", "yesterday");
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--from yesterday: not a time (RFC 3339, epoch milliseconds, now or now-15m)");
});
