// `--role migrate` as the job a deployment runs: it applies the ClickHouse and metadata
// migrations and exits 0; a process that only checks refuses a store (ClickHouse or metadata) the
// job has not migrated,
// naming the versions, and starts on one it has; `--print` needs no database; an engine older
// than the minimum is refused (the minimum is raised above chDB's version to stand in for one).
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationFiles, openChdbTransport, sql } from "@tracelight/store";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { prepareSchema, runMigrateJob } from "../src/migrate-job.ts";
import { runMain } from "./helpers/child.ts";
import { startTestService } from "./helpers/service.ts";

const dataDir = () => mkdtemp(join(tmpdir(), "tracelight-migrate-role-"));

async function appliedIn(dir: string): Promise<string[]> {
  const t = openChdbTransport(join(dir, "clickhouse"));
  try {
    return (await t.query<{ name: string }>(sql`SELECT name FROM tracelight_migrations ORDER BY name`)).map(
      (r) => r.name,
    );
  } finally {
    await t.close();
  }
}

describe("--role migrate", () => {
  it("applies every migration and exits 0; a checking process then starts without altering", async () => {
    const dir = await dataDir();
    const job = runMain({ TRACELIGHT_DATA_DIR: dir }, ["--role", "migrate"]);
    expect(await job.exited, job.output()).toEqual({ code: 0, signal: null });
    expect(job.output()).toContain("schema up to date");
    expect(job.output()).not.toContain('"listener"');
    const shipped = await migrationFiles();
    expect(await appliedIn(dir)).toEqual(shipped);

    const checking = await startTestService({ TRACELIGHT_MIGRATE: "check" }, { dataDir: dir, roles: "query" });
    try {
      const recorded = await checking.rows<{ n: number }>("SELECT count() AS n FROM tracelight_migrations");
      expect(recorded[0]?.n).toBe(shipped.length);
    } finally {
      await checking.service.close();
    }
  });

  it("a checking process refuses a store never migrated, saying what to run", async () => {
    const run = runMain(
      { TRACELIGHT_DATA_DIR: await dataDir(), TRACELIGHT_MIGRATE: "check", TRACELIGHT_SCHEMA_WAIT_S: "0" },
      ["--role", "query"],
    );
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(
      /ClickHouse schema not created yet, this build needs \d{4} \(pending: 0001_otel_traces.sql, /,
    );
    expect(run.output()).toContain("run `npm run migrate` (the api with --role migrate)");
  });

  it("a checking process leaves the metadata database to the job too: behind, it refuses", async () => {
    const dir = await dataDir();
    const job = runMain({ TRACELIGHT_DATA_DIR: dir }, ["--role", "migrate"]);
    expect((await job.exited).code, job.output()).toBe(0);
    const freshMetadata = `file:${join(await dataDir(), "tracelight.db")}`;
    const run = runMain(
      {
        TRACELIGHT_DATA_DIR: dir,
        DATABASE_URL: freshMetadata,
        TRACELIGHT_MIGRATE: "check",
        TRACELIGHT_SCHEMA_WAIT_S: "0",
      },
      ["--role", "query"],
    );
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(/metadata database behind this build \(pending: \d{14}_init, /);
    expect(run.output()).toContain("run `npm run migrate` (the api with --role migrate)");
  });

  it("prints the cluster DDL without opening any store", async () => {
    const dir = join(await dataDir(), "never-made");
    const run = runMain({ TRACELIGHT_DATA_DIR: dir }, ["--role", "migrate", "--print", "--cluster", "tl"]);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain(
      "-- 0001_otel_traces.sql\nCREATE TABLE IF NOT EXISTS otel_traces_local ON CLUSTER tl (",
    );
    expect(run.output()).toContain(
      "CREATE TABLE IF NOT EXISTS otel_traces ON CLUSTER tl AS otel_traces_local ENGINE = Distributed('tl', currentDatabase(), otel_traces_local, cityHash64(TraceId));",
    );
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses an engine older than the minimum, naming both versions, and exits 1", async () => {
    const dir = await dataDir();
    const config = parseConfig({ TRACELIGHT_DATA_DIR: dir }, ["--role", "migrate"]);
    expect(await runMigrateJob(config, { minEngineVersion: "99.1" })).toBe(1);
    const t = openChdbTransport(join(dir, "clickhouse"));
    try {
      await expect(prepareSchema(t, config, { minEngineVersion: "99.1" })).rejects.toThrow(
        /^ClickHouse 2\d\.\d+\.\d+\.\d+ is too old: Tracelight needs 99\.1 or newer/,
      );
      const [tables] = await t.query<{ n: number }>(
        sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE 'otel_%'`,
      );
      expect(tables?.n).toBe(0);
    } finally {
      await t.close();
    }
  });
});
