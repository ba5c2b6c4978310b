// The dispatcher across processes and over time: a dead holder's rows sent again, two
// dispatchers never sending one row twice, test-sends, the delivery log, start/stop. Receivers on
// port 4222 (src/notify/testing/).

import { openDatabase } from "@tracelight/db";
import { describe, expect, it } from "vitest";
import { DeliveryDispatcher, listDeliveries } from "./dispatcher.ts";
import type { AlertWebhookPayload, TestWebhookPayload } from "./payload.ts";
import {
  Clock,
  channel,
  cleanups,
  dispatcher,
  fire,
  freshDb,
  PORT_DOWN,
  startReceiver,
  T0,
} from "./testing/dispatcher-harness.ts";

const PORT_A = 4222;

describe("DeliveryDispatcher across processes and over time", () => {
  it("sends a row again after its dispatcher died holding the lease (at-least-once)", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A);
    const ch = await channel(db.prisma, receiver.url);
    const d = dispatcher(db.prisma, clock, { leaseMs: 30_000 });
    const { deliveries } = await fire(db.prisma, d, [ch.id]);
    const id = deliveries[0]?.id ?? "";
    // What a claim leaves behind when the process dies before recording the result.
    await db.prisma.delivery.update({ where: { id }, data: { nextAttemptAt: new Date(T0 + 30_000) } });
    expect(await d.runOnce()).toBe(0);
    clock.advance(30_000);
    expect(await d.runOnce()).toBe(1);
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "sent",
      attempts: 1,
    });
  });

  it("never sends a row twice when two dispatchers share the database", async () => {
    const { db, url } = await freshDb();
    const other = await openDatabase(url);
    cleanups.push(() => other.close());
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A, () => ({ status: 200, delayMs: 5 }));
    const channels = await Promise.all([1, 2, 3].map(() => channel(db.prisma, receiver.url)));
    const a = dispatcher(db.prisma, clock, { batchSize: 100 });
    const b = dispatcher(other.prisma, clock, { batchSize: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { deliveries } = await fire(
        db.prisma,
        a,
        channels.map((c) => c.id),
      );
      ids.push(...deliveries.map((r) => r.id));
    }
    // The passes read the same due rows before their claims land; the conditional claim lets
    // exactly one of them take each row.
    const claimed = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(claimed.reduce((x, y) => x + y, 0)).toBe(30);
    const keys = receiver.requests.map((r) => (r.body as AlertWebhookPayload).idempotencyKey);
    expect(keys).toHaveLength(30);
    expect(new Set(keys)).toEqual(new Set(ids));
    expect(await db.prisma.delivery.count({ where: { status: "sent", attempts: 1 } })).toBe(30);
  });

  it("test-send: one attempt now, the row returned; a failing channel reports why; unknown channel → null", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A);
    const ok = await channel(db.prisma, receiver.url, "webhook", "ops");
    const down = await channel(db.prisma, `http://127.0.0.1:${PORT_DOWN}/`, "webhook", "down");
    const d = dispatcher(db.prisma, clock);

    const sent = await d.sendTest(ok.id);
    expect(sent).toMatchObject({
      channelId: ok.id,
      channelName: "ops",
      eventId: null,
      status: "sent",
      test: true,
      attempts: 1,
      responseStatus: 200,
      sentAt: new Date(T0).toISOString(),
    });
    expect(receiver.requests[0]?.body as TestWebhookPayload).toMatchObject({
      status: "test",
      test: true,
      message: "This is a test notification from Tracelight",
      idempotencyKey: sent?.id,
      channel: { id: ok.id, name: "ops" },
    });

    const failed = await d.sendTest(down.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: "ECONNREFUSED" });
    // A failed test-send is not retried by the loop.
    clock.advance(3_600_000);
    expect(await d.runOnce()).toBe(0);

    expect(await d.sendTest("no-such-channel")).toBeNull();
  });

  it("keeps a delivery log, newest first, per channel or for all", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A, (n) => (n === 1 ? { status: 200 } : { status: 503 }));
    const a = await channel(db.prisma, receiver.url, "webhook", "a");
    const b = await channel(db.prisma, receiver.url, "slack", "b");
    const d = dispatcher(db.prisma, clock);
    await fire(db.prisma, d, [a.id]);
    await d.runOnce();
    clock.advance(1000);
    await fire(db.prisma, d, [b.id]);
    await d.runOnce();
    clock.advance(1000);
    await d.sendTest(b.id);

    const all = await listDeliveries(db.prisma);
    expect(all.map((r) => [r.channelName, r.status, r.test, r.attempts, r.lastError])).toEqual([
      ["b", "failed", true, 1, "HTTP 503"],
      ["b", "pending", false, 1, "HTTP 503"],
      ["a", "sent", false, 1, null],
    ]);
    expect((await listDeliveries(db.prisma, { channelId: a.id })).map((r) => r.channelName)).toEqual(["a"]);
    expect(await listDeliveries(db.prisma, { limit: 1 })).toHaveLength(1);
  });

  it("start() sends what wake() announces; stop() waits for the send in flight", async () => {
    const { db } = await freshDb();
    let delivered!: () => void;
    const arrived = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const receiver = await startReceiver(PORT_A, () => {
      delivered();
      return { status: 200, delayMs: 50 };
    });
    const ch = await channel(db.prisma, receiver.url);
    // Real clock; the poll is too slow to matter, so only wake() can explain a prompt send.
    const d = new DeliveryDispatcher({ prisma: db.prisma, publicUrl: "http://tracelight.test", pollMs: 600_000 });
    d.start();
    const { deliveries } = await fire(db.prisma, d, [ch.id]);
    d.wake();
    await arrived;
    await d.stop();
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveries[0]?.id ?? "" } })).toMatchObject({
      status: "sent",
    });
  });
});
