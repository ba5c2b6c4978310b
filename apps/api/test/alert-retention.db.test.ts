// Pruning of the alert history on a real SQLite file and a real PostgreSQL server (a throwaway
// one; skipped loudly without PostgreSQL's binaries): events, finished deliveries and silences
// older than the cut go, in batches; recent ones, pending deliveries and silences still
// running stay.
import { type Database, migrateDeploy, openDatabase } from "@tracelight/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneAlertHistory } from "../src/alerts/alert-retention.ts";
import { onSqliteAndPostgres } from "./helpers/metadata-databases.ts";

const PORT = 4268;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const CUT = new Date(NOW - 30 * DAY);
/** More old events than one batch deletes. */
const OLD_EVENTS = 1203;

function defineSuite(name: string, url: () => Promise<string>): void {
  describe(`pruneAlertHistory on ${name}`, () => {
    let db: Database;

    beforeAll(async () => {
      const u = await url();
      await migrateDeploy(u);
      db = await openDatabase(u);
    });
    afterAll(() => db?.close());

    it("removes what ended before the cut and keeps the rest", async () => {
      const { prisma } = db;
      const text = { labels: {}, summary: "" };
      await prisma.alertRule.create({
        data: { id: "r", name: "r", kind: "metric", query: {}, condition: {}, severity: "info", ...text },
      });
      await prisma.channel.create({ data: { id: "c", name: "c", type: "webhook", url: "http://x.test" } });
      await prisma.alertInstance.create({
        data: {
          id: "i",
          ruleId: "r",
          fingerprint: "f",
          state: "firing",
          lastEvalAt: new Date(NOW),
          recent: [],
          labels: {},
        },
      });
      const event = (id: string, ageDays: number) => ({
        id,
        ruleId: "r",
        instanceId: "i",
        state: "firing",
        fromState: "pending",
        at: new Date(NOW - ageDays * DAY),
        ...text,
      });
      await prisma.alertEvent.createMany({
        data: [...Array.from({ length: OLD_EVENTS }, (_, i) => event(`old${i}`, 31)), event("recent", 29)],
      });
      const delivery = (id: string, ageDays: number, status: string, eventId: string | null = null) => ({
        id,
        eventId,
        channelId: "c",
        status,
        payload: {},
        nextAttemptAt: new Date(NOW),
        createdAt: new Date(NOW - ageDays * DAY),
      });
      await prisma.delivery.createMany({
        data: [
          delivery("old-event-sent", 31, "sent", "old0"),
          delivery("old-test-failed", 31, "failed"),
          delivery("old-pending", 31, "pending"),
          delivery("recent-sent", 29, "sent", "recent"),
        ],
      });
      const silence = (id: string, endsAgoDays: number) => ({
        id,
        matchers: [],
        startsAt: new Date(NOW - 40 * DAY),
        endsAt: new Date(NOW - endsAgoDays * DAY),
      });
      await prisma.silence.createMany({
        data: [silence("ended-long-ago", 31), silence("ended-recently", 1), silence("running", -1)],
      });

      expect(await pruneAlertHistory(prisma, CUT)).toEqual({ events: OLD_EVENTS, deliveries: 1, silences: 1 });
      expect((await prisma.alertEvent.findMany()).map((e) => e.id)).toEqual(["recent"]);
      const deliveries = (await prisma.delivery.findMany()).map((d) => d.id).sort();
      expect(deliveries).toEqual(["old-pending", "recent-sent"]);
      expect((await prisma.silence.findMany()).map((s) => s.id).sort()).toEqual(["ended-recently", "running"]);
      expect(await prisma.alertInstance.count()).toBe(1);
    });
  });
}

onSqliteAndPostgres(
  { subject: "pruneAlertHistory", postgresPort: PORT, postgresDatabase: "tracelight_retention" },
  defineSuite,
);
