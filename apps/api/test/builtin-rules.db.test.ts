// Built-in rules made by replicas starting together on one metadata database (a real SQLite
// file and a real PostgreSQL server): each rule exists once, whoever made it, and a later
// start neither duplicates nor resets a rule someone edited.
import { type Database, migrateDeploy, openDatabase } from "@tracelight/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRules, ensureBuiltinRules } from "../src/alerts/builtin-rules.ts";
import { onSqliteAndPostgres } from "./helpers/metadata-databases.ts";

const PORT = 4273;
const RULES = builtinRules({ evalIntervalS: 30, selfMetricsIntervalS: 15 });

function defineSuite(name: string, url: () => Promise<string>): void {
  describe(`built-in rules on ${name}`, () => {
    let replicas: Database[];

    beforeAll(async () => {
      const u = await url();
      await migrateDeploy(u);
      // Two handles, as two replicas have: neither sees the other's transaction.
      replicas = await Promise.all([openDatabase(u), openDatabase(u)]);
    });
    afterAll(() => Promise.all(replicas?.map((db) => db.close()) ?? []));

    it("two replicas starting at once make each rule once", async () => {
      const made = await Promise.all(replicas.map((db) => ensureBuiltinRules(db, RULES)));
      expect(made.flat().sort()).toEqual(RULES.map((r) => r.key).sort());
      const rows = await replicas[0]!.prisma.alertRule.findMany({ where: { builtinKey: { not: null } } });
      expect(rows.map((r) => r.builtinKey).sort()).toEqual(RULES.map((r) => r.key).sort());
    });

    it("a later start makes nothing and keeps what was edited", async () => {
      const { prisma } = replicas[0]!;
      await prisma.alertRule.update({ where: { builtinKey: "ingest-refusing" }, data: { enabled: false } });
      expect(await ensureBuiltinRules(replicas[1]!, RULES)).toEqual([]);
      expect(await prisma.alertRule.count()).toBe(RULES.length);
      const kept = await prisma.alertRule.findUniqueOrThrow({ where: { builtinKey: "ingest-refusing" } });
      expect(kept.enabled).toBe(false);
    });
  });
}

onSqliteAndPostgres(
  { subject: "ensureBuiltinRules", postgresPort: PORT, postgresDatabase: "tracelight_builtin_rules" },
  defineSuite,
);
