// The evaluator's bulk update of alert instances (one statement per 500 rows, raw SQL) leaves
// every row as Prisma's own update of it would, on a real SQLite file and a real PostgreSQL
// server (a throwaway one; skipped loudly without PostgreSQL's binaries): values, nulls,
// millisecond times, JSON with quotes and non-ASCII text, evidence kept when none was captured.
import { type Database, migrateDeploy, openDatabase, type Prisma } from "@tracelight/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InstanceUpdate, updateInstances } from "../src/alerts/instance-updates.ts";
import { onSqliteAndPostgres } from "./helpers/metadata-databases.ts";

const PORT = 4267;
const ROWS = 1203;
const T = Date.UTC(2026, 10, 30, 12, 0, 0, 123);

/** Row `i`'s new columns: every kind of value somewhere among the rows. */
function update(id: string, i: number): InstanceUpdate {
  const time = (k: number) => (i % k === 0 ? null : new Date(T + i * 1_001 + k));
  return {
    id,
    labels: { route: `/r${i % 7}`, note: i % 5 === 0 ? 'say "hi" — ünïcode' : "" },
    state: ["ok", "pending", "firing", "resolved"][i % 4]!,
    value: i % 6 === 0 ? null : (i - 600) * 1.25,
    activeAt: time(2),
    firedAt: time(3),
    resolvedAt: time(5),
    lastEvalAt: new Date(T + i),
    recent: [true, null, i % 2 === 0],
    evidence: i % 4 === 2 ? { capturedAt: T, window: { from: T - 60_000, to: T }, traces: [], logs: [] } : null,
  };
}

function defineSuite(name: string, url: () => Promise<string>): void {
  describe(`updateInstances on ${name}`, () => {
    let db: Database;

    beforeAll(async () => {
      const u = await url();
      await migrateDeploy(u);
      db = await openDatabase(u);
    });
    afterAll(() => db?.close());

    it("leaves each row as Prisma's update leaves it", async () => {
      const { prisma, provider } = db;
      await prisma.alertRule.create({
        data: {
          id: "rule",
          name: "r",
          kind: "metric",
          query: {},
          condition: {},
          labels: {},
          severity: "info",
          summary: "",
        },
      });
      const old = { capturedAt: 1, window: { from: 0, to: 1 }, traces: [], logs: [] };
      const rows = Array.from({ length: 2 * ROWS }, (_, i) => ({
        id: `i${i}`,
        ruleId: "rule",
        fingerprint: `f${i}`,
        labels: {},
        state: "ok",
        lastEvalAt: new Date(0),
        recent: [],
        evidence: old,
      }));
      await prisma.alertInstance.createMany({ data: rows });

      // Rows i0… through Prisma, one by one; rows i1203… in bulk, to the same columns.
      await prisma.$transaction(
        async (tx) => {
          for (let i = 0; i < ROWS; i++) {
            const { id: _, evidence, ...columns } = update(`i${i}`, i);
            await tx.alertInstance.update({
              where: { id: `i${i}` },
              data: {
                ...columns,
                recent: [...columns.recent] as Prisma.InputJsonArray,
                ...(evidence === null ? {} : { evidence: evidence as unknown as Prisma.InputJsonValue }),
              },
            });
          }
          await updateInstances(
            tx,
            provider,
            Array.from({ length: ROWS }, (_, i) => update(`i${ROWS + i}`, i)),
          );
        },
        { timeout: 60_000 },
      );

      const all = await prisma.alertInstance.findMany();
      const byId = new Map(all.map(({ id, fingerprint: _, ...row }) => [id, row]));
      for (let i = 0; i < ROWS; i++) expect(byId.get(`i${ROWS + i}`), `row ${i}`).toEqual(byId.get(`i${i}`));
      // Not vacuous: rows changed, evidence kept or replaced.
      expect(byId.get(`i${ROWS + 1}`)).toMatchObject({ state: "pending", value: -748.75, evidence: old });
      expect(byId.get(`i${ROWS + 2}`)?.evidence).toMatchObject({ capturedAt: T });
      expect(byId.get(`i${ROWS + 4}`)?.firedAt).toEqual(new Date(T + 4 * 1_001 + 3));
    });
  });
}

onSqliteAndPostgres(
  { subject: "updateInstances", postgresPort: PORT, postgresDatabase: "tracelight_instances" },
  defineSuite,
);
