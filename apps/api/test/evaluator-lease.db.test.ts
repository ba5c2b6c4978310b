// The evaluator's lease on a real SQLite file and a real PostgreSQL server, between replicas
// whose own clocks disagree by minutes: a replica's Date is moved (vitest's fake Date, the
// timers left real) while it acts, as on a host whose clock is off. The lease is timed by the
// database's clock, so still only one replica acts, and a lease still expires when it should.
import { type Database, migrateDeploy, openDatabase } from "@tracelight/db";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseNow, EvaluatorLease, LeaseLost } from "../src/alerts/evaluator-lease.ts";
import { onSqliteAndPostgres } from "./helpers/metadata-databases.ts";

const PORT = 4274;
const MIN = 60_000;
const TTL_MS = 30_000;

/** Runs `act` as a replica whose clock is `offsetMs` off. */
async function withClockOff<T>(offsetMs: number, act: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetMs });
  try {
    return await act();
  } finally {
    vi.useRealTimers();
  }
}

onSqliteAndPostgres({ subject: "the evaluator lease", postgresPort: PORT, postgresDatabase: "lease" }, (name, url) => {
  describe(`the evaluator lease on ${name}`, () => {
    let db: Database;
    beforeAll(async () => {
      const u = await url();
      await migrateDeploy(u);
      db = await openDatabase(u);
    });
    afterAll(() => db?.close());
    afterEach(() => db.prisma.evaluatorLease.deleteMany({}));

    it("reads the database's clock, whatever this process's says", async () => {
      const before = Date.now();
      const read = await withClockOff(-10 * MIN, () => databaseNow(db.prisma, db.provider));
      expect(read).toBeGreaterThanOrEqual(before - 50);
      expect(read).toBeLessThanOrEqual(Date.now() + 50);
    });

    it("a replica whose clock runs 10 minutes ahead does not take a live lease, nor fence its writes", async () => {
      const a = new EvaluatorLease(db, "replica-a", TTL_MS);
      const b = new EvaluatorLease(db, "replica-b", TTL_MS);
      expect(await a.acquire()).toBe(true);
      // By its clock, a's lease ended 9.5 minutes ago.
      expect(await withClockOff(10 * MIN, () => b.acquire())).toBe(false);
      await expect(db.prisma.$transaction((tx) => b.fence(tx))).rejects.toThrow(LeaseLost);
      expect(await a.acquire()).toBe(true);
      expect((await db.prisma.evaluatorLease.findUniqueOrThrow({ where: { id: "alerts" } })).holder).toBe("replica-a");
    });

    it("a leader whose clock runs 10 minutes behind keeps its lease from a replica with the right time", async () => {
      const a = new EvaluatorLease(db, "replica-a", TTL_MS);
      const b = new EvaluatorLease(db, "replica-b", TTL_MS);
      // By its clock it writes a lease ending in 30 s, which by everyone else's ended 9.5 minutes ago.
      expect(await withClockOff(-10 * MIN, () => a.acquire())).toBe(true);
      expect(await b.acquire()).toBe(false);
      await withClockOff(-10 * MIN, () => db.prisma.$transaction((tx) => a.fence(tx)));
      const row = await db.prisma.evaluatorLease.findUniqueOrThrow({ where: { id: "alerts" } });
      expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + TTL_MS - 5_000);
    });

    it("a lease still expires by the database's clock: then another replica takes it, and the old holder's writes are fenced", async () => {
      const a = new EvaluatorLease(db, "replica-a", 300);
      const b = new EvaluatorLease(db, "replica-b", 300);
      expect(await withClockOff(5 * MIN, () => a.acquire())).toBe(true);
      expect(await withClockOff(-5 * MIN, () => b.acquire())).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await withClockOff(-5 * MIN, () => b.acquire())).toBe(true);
      await expect(db.prisma.$transaction((tx) => a.fence(tx))).rejects.toThrow(LeaseLost);
      await b.release();
      expect(await a.acquire()).toBe(true);
    });
  });
});
