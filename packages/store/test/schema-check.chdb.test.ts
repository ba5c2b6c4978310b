// A process that does not migrate reads tracelight_migrations: it refuses an empty or older
// store with the versions named, waits while a migrate job catches up, and passes a current one.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate, migrationFiles } from "../src/migrate.ts";
import { SchemaBehindError, schemaStatus, waitForSchema } from "../src/schema-check.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";

const dir = freshDir("schema-check");
const shipped = fileURLToPath(new URL("../migrations/", import.meta.url));
const files = await migrationFiles(shipped);
const latest = files.at(-1) ?? "";
// An older build: every file but the newest.
const older = mkdtempSync(join(tmpdir(), "tracelight-older-migrations-"));
for (const f of files.slice(0, -1)) cpSync(join(shipped, f), join(older, f));
let t: ClickHouseTransport;
beforeAll(() => {
  t = openChdbTransport(dir.path);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
  rmSync(older, { recursive: true, force: true });
});

describe("schema check", () => {
  it("refuses a store never migrated, at once with timeout 0", async () => {
    const status = await schemaStatus(t);
    expect(status.applied).toEqual([]);
    expect(status.pending).toEqual(files);
    await expect(waitForSchema(t, { timeoutMs: 0 })).rejects.toThrow(
      `ClickHouse schema not created yet, this build needs ${latest.slice(0, 4)}`,
    );
  });

  it("names the version found and the one needed when the store is behind", async () => {
    await migrate(t, { ttlDays: TTL, dir: older });
    const error = await waitForSchema(t, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaBehindError);
    expect((error as Error).message).toBe(
      `ClickHouse schema at ${files.at(-2)?.slice(0, 4)}, this build needs ${latest.slice(0, 4)} (pending: ${latest}): run \`npm run migrate\` (the api with --role migrate) against this store`,
    );
  });

  it("waits, saying so, until a migrate job brings the store up to date", async () => {
    const said: string[] = [];
    const waiting = waitForSchema(t, {
      timeoutMs: 60_000,
      intervalMs: 100,
      onBehind: (status) => said.push(status.pending.join(",")),
    });
    await new Promise((r) => setTimeout(r, 350));
    expect(said.length).toBeGreaterThanOrEqual(2);
    await migrate(t, { ttlDays: TTL });
    const status = await waiting;
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(files);
    expect(said[0]).toBe(latest);
  });

  it("passes a current store, and gives up on an older one after the timeout", async () => {
    const started = Date.now();
    await expect(waitForSchema(t, { timeoutMs: 300, intervalMs: 100, dir: shipped })).resolves.toMatchObject({
      pending: [],
    });
    const newer = mkdtempSync(join(tmpdir(), "tracelight-newer-migrations-"));
    try {
      for (const f of readdirSync(shipped)) cpSync(join(shipped, f), join(newer, f));
      cpSync(join(shipped, latest), join(newer, "9999_next.sql"));
      await expect(waitForSchema(t, { timeoutMs: 300, intervalMs: 100, dir: newer })).rejects.toThrow(
        `ClickHouse schema at ${latest.slice(0, 4)}, this build needs 9999`,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    } finally {
      rmSync(newer, { recursive: true, force: true });
    }
  });
});
