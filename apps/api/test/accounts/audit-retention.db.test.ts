// AuditLog.prune on a real SQLite file and a real PostgreSQL server (a throwaway one; skipped
// loudly without PostgreSQL's binaries): entries older than 90 days go, in batches; the rest stay.
import { AuditLog } from "@tracelight/auth";
import { AUDIT_RETENTION_DAYS } from "@tracelight/contracts";
import { type Database, migrateDeploy, openDatabase } from "@tracelight/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onSqliteAndPostgres } from "../helpers/metadata-databases.ts";

const PORT = 4272;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
/** More old entries than one batch deletes. */
const OLD = 1203;

function defineSuite(name: string, url: () => Promise<string>): void {
  describe(`AuditLog.prune on ${name}`, () => {
    let db: Database;

    beforeAll(async () => {
      const u = await url();
      await migrateDeploy(u);
      db = await openDatabase(u);
    });
    afterAll(() => db?.close());

    it(`removes entries older than ${AUDIT_RETENTION_DAYS} days and keeps the rest`, async () => {
      const entry = (id: string, ageDays: number) => ({
        id,
        actor: "ops@tracelight.test",
        action: "rule.update",
        outcome: "success",
        at: new Date(NOW - ageDays * DAY),
      });
      await db.prisma.auditEvent.createMany({
        data: [
          ...Array.from({ length: OLD }, (_, i) => entry(`old${i}`, 91)),
          entry("just-inside", AUDIT_RETENTION_DAYS - 0.01),
          entry("recent", 1),
        ],
      });
      const audit = new AuditLog(db);
      expect(await audit.prune(new Date(NOW))).toBe(OLD);
      const left = await db.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
      expect(left.map((e) => e.id)).toEqual(["just-inside", "recent"]);
      expect(await audit.prune(new Date(NOW))).toBe(0);
      // What is left still reads as a page.
      expect((await audit.list({ limit: 10 })).entries.map((e) => e.id)).toEqual(["recent", "just-inside"]);
    });
  });
}

onSqliteAndPostgres(
  { subject: "AuditLog.prune", postgresPort: PORT, postgresDatabase: "tracelight_audit_retention" },
  defineSuite,
);
