// The dispatcher sending: webhook and Slack bodies, retries and backoff, Retry-After, timeouts,
// refused addresses, silenced deliveries. Receivers on ports 4220–4221 (src/notify/testing/).
import { describe, expect, it } from "vitest";
import { EgressPolicy } from "../egress/egress-policy.ts";
import { listDeliveries } from "./dispatcher.ts";
import type { AlertWebhookPayload, SlackPayload } from "./payload.ts";
import {
  Clock,
  channel,
  dispatcher,
  fire,
  freshDb,
  PORT_DOWN,
  startReceiver,
  T0,
} from "./testing/dispatcher-harness.ts";

const PORT_A = 4220;
const PORT_B = 4221;

describe("DeliveryDispatcher", () => {
  it("delivers the webhook JSON once, enqueued in the event's transaction, and records it", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A);
    const ch = await channel(db.prisma, receiver.url);
    const d = dispatcher(db.prisma, clock);
    const { event, instance, deliveries } = await fire(db.prisma, d, [ch.id, "no-such-channel"]);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "pending", attempts: 0, eventId: event.id, channelId: ch.id });

    expect(await d.runOnce()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0];
    expect(req?.headers["content-type"]).toBe("application/json");
    const body = req?.body as AlertWebhookPayload;
    expect(body).toMatchObject({
      version: "1",
      idempotencyKey: deliveries[0]?.id,
      status: "firing",
      alert: { id: instance.id, eventId: event.id, value: 912, labels: { "service.name": "checkout" } },
      rule: { name: "checkout p99", severity: "critical" },
      links: {
        alert: `http://tracelight.test/alerts/${instance.id}`,
        metric: "http://tracelight.test/metrics?metric=http.server.duration&agg=p99",
      },
    });
    expect(body.evidence?.traces[0]?.link).toBe(
      `http://tracelight.test/traces/${"f".repeat(32)}?span=${"e".repeat(16)}`,
    );

    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id: deliveries[0]?.id ?? "" } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, responseStatus: 200, lastError: null });
    expect(row.sentAt?.getTime()).toBe(T0);
    expect(row.payload).toEqual(body);
    // Nothing is due any more.
    clock.advance(3_600_000);
    expect(await d.runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it("sends a Slack message to a slack channel", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A, () => ({ status: 200, body: "ok" }));
    const ch = await channel(db.prisma, receiver.url, "slack");
    const d = dispatcher(db.prisma, clock);
    await fire(db.prisma, d, [ch.id]);
    await d.runOnce();
    const body = receiver.requests[0]?.body as SlackPayload;
    expect(body.text).toBe("[FIRING] checkout p99: p99 912 ms on checkout");
    expect(body.blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "section",
      "actions",
      "context",
    ]);
    expect(JSON.stringify(body.blocks)).toContain(`http://tracelight.test/traces/${"f".repeat(32)}`);
  });

  it("retries after a 500 and delivers once: attempts 2, same idempotency key", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A, (n) => (n === 1 ? { status: 500, body: "boom" } : { status: 204 }));
    const ch = await channel(db.prisma, receiver.url);
    const d = dispatcher(db.prisma, clock);
    const { deliveries } = await fire(db.prisma, d, [ch.id]);
    const id = deliveries[0]?.id ?? "";

    await d.runOnce();
    let row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500", responseStatus: 500 });
    expect(row.nextAttemptAt.getTime()).toBe(T0 + 1000);

    // Not due yet.
    expect(await d.runOnce()).toBe(0);
    clock.advance(1000);
    expect(await d.runOnce()).toBe(1);
    row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "sent", attempts: 2, responseStatus: 204, lastError: null });
    expect(receiver.requests.map((r) => (r.body as AlertWebhookPayload).idempotencyKey)).toEqual([id, id]);
  });

  it("backs off exponentially while the receiver is down, then gives up after maxAttempts", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const ch = await channel(db.prisma, `http://127.0.0.1:${PORT_DOWN}/hook`);
    const d = dispatcher(db.prisma, clock, { maxAttempts: 4 });
    const { deliveries } = await fire(db.prisma, d, [ch.id]);
    const id = deliveries[0]?.id ?? "";
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await d.runOnce()).toBe(1);
      const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({
        status: "pending",
        attempts: attempt,
        lastError: "ECONNREFUSED",
        responseStatus: null,
      });
      waits.push(row.nextAttemptAt.getTime() - clock.ms);
      clock.ms = row.nextAttemptAt.getTime();
    }
    expect(waits).toEqual([1000, 2000, 4000]);
    await d.runOnce();
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "failed", attempts: 4, lastError: "ECONNREFUSED", sentAt: null });
    clock.advance(3_600_000);
    expect(await d.runOnce()).toBe(0);
  });

  it("waits as long as a 429's Retry-After says", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A, (n) =>
      n === 1 ? { status: 429, headers: { "retry-after": "30" } } : { status: 200 },
    );
    const ch = await channel(db.prisma, receiver.url);
    const d = dispatcher(db.prisma, clock);
    const { deliveries } = await fire(db.prisma, d, [ch.id]);
    const id = deliveries[0]?.id ?? "";
    await d.runOnce();
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 429", responseStatus: 429 });
    expect(row.nextAttemptAt.getTime()).toBe(T0 + 30_000);
    // The backoff alone (1 s) would have retried by now.
    clock.advance(29_000);
    expect(await d.runOnce()).toBe(0);
    clock.advance(1000);
    expect(await d.runOnce()).toBe(1);
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "sent",
      attempts: 2,
    });
  });

  it("records a timeout, and fails at once on a 4xx the receiver will always refuse", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const hanging = await startReceiver(PORT_A, () => "hang");
    const refusing = await startReceiver(PORT_B, () => ({ status: 404, body: "no_service" }));
    const slow = await channel(db.prisma, hanging.url);
    const gone = await channel(db.prisma, refusing.url, "slack");
    const d = dispatcher(db.prisma, clock, { timeoutMs: 300, leaseMs: 10_000 });
    const { deliveries } = await fire(db.prisma, d, [slow.id, gone.id]);
    await d.runOnce();
    const rows = await db.prisma.delivery.findMany({ where: { id: { in: deliveries.map((r) => r.id) } } });
    expect(rows.find((r) => r.channelId === slow.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "timeout after 300 ms",
    });
    expect(rows.find((r) => r.channelId === gone.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "HTTP 404",
      responseStatus: 404,
    });
  });

  it("fails a delivery to a refused address at once, with the refusal as its error", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    // Stored before the policy existed (or by hand): the API refuses such URLs on create.
    const metadata = await channel(db.prisma, "http://169.254.169.254/latest/meta-data/");
    const denied = await channel(db.prisma, `http://127.0.0.1:${PORT_DOWN}/hook`);
    const d = dispatcher(db.prisma, clock, { egress: new EgressPolicy({ deny: ["127.0.0.0/8"] }) });
    const { deliveries } = await fire(db.prisma, d, [metadata.id, denied.id]);
    await d.runOnce();
    const rows = await listDeliveries(db.prisma);
    expect(rows.map((r) => [r.channelId, r.status, r.attempts, r.responseStatus, r.lastError]).sort()).toEqual(
      [
        [metadata.id, "failed", 1, null, "refused: 169.254.169.254 is link-local or cloud metadata"],
        [denied.id, "failed", 1, null, "refused: 127.0.0.1 is in TRACELIGHT_WEBHOOK_DENY"],
      ].sort(),
    );
    expect(rows.map((r) => r.id).sort()).toEqual(deliveries.map((r) => r.id).sort());
  });

  it("records silenced deliveries without sending them", async () => {
    const { db } = await freshDb();
    const clock = new Clock();
    const receiver = await startReceiver(PORT_A);
    const ch = await channel(db.prisma, receiver.url);
    const d = dispatcher(db.prisma, clock);
    const { deliveries } = await fire(db.prisma, d, [ch.id], true);
    expect(deliveries[0]?.status).toBe("silenced");
    expect(await d.runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });
});
