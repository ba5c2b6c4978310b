// Built-in dashboards made by replicas starting together on one metadata database (a real SQLite
// file and a real PostgreSQL server): each exists once, whoever made it, and a later start
// neither duplicates nor resets one someone edited.
import { type Database, migrateDeploy, openDatabase } from "@tracelight/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinDashboards, ensureBuiltinDashboards } from "../src/dashboards/builtin-dashboards.ts";
import { onSqliteAndPostgres } from "./helpers/metadata-databases.ts";

const DASHBOARDS = builtinDashboards();
const KEYS = DASHBOARDS.map((d) => d.key).sort();

function defineSuite(name: string, url: () => Promise<string>): void {
  describe(`built-in dashboards on ${name}`, () => {
    let replicas: Database[];

    beforeAll(async () => {
      const u = await url();
      await migrateDeploy(u);
      // Two handles, as two replicas have: neither sees the other's transaction.
      replicas = await Promise.all([openDatabase(u), openDatabase(u)]);
    });
    afterAll(() => Promise.all(replicas?.map((db) => db.close()) ?? []));

    it("two replicas starting at once make each dashboard once", async () => {
      const made = await Promise.all(replicas.map((db) => ensureBuiltinDashboards(db, DASHBOARDS)));
      expect(made.flat().sort()).toEqual(KEYS);
      const rows = await replicas[0]!.prisma.dashboard.findMany();
      expect(rows.map((r) => r.builtinKey).sort()).toEqual(KEYS);
    });

    it("a later start makes nothing and keeps what was edited", async () => {
      const { prisma } = replicas[0]!;
      await prisma.dashboard.update({ where: { builtinKey: "hosts" }, data: { name: "My hosts", version: 2 } });
      expect(await ensureBuiltinDashboards(replicas[1]!, DASHBOARDS)).toEqual([]);
      expect(await prisma.dashboard.count()).toBe(KEYS.length);
      const kept = await prisma.dashboard.findUniqueOrThrow({ where: { builtinKey: "hosts" } });
      expect(kept).toMatchObject({ name: "My hosts", version: 2 });
    });
  });
}

onSqliteAndPostgres(
  { subject: "ensureBuiltinDashboards", postgresPort: 4282, postgresDatabase: "tracelight_builtin_dashboards" },
  defineSuite,
);
