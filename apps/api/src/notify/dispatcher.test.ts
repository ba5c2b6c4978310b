// The dispatcher against a real SQLite file (migrated by @tracelight/db) and real HTTP receivers
// on this helper's ports (4220–4229). Time is an injected clock; backoff has no jitter.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrateDeploy, openDatabase, type PrismaClient } from "@tracelight/db";
import { afterEach, describe, expect, it } from "vitest";
import { EgressPolicy } from "../egress/egress-policy.ts";
import { DeliveryDispatcher, type DispatcherOptions, listDeliveries } from "./dispatcher.ts";
import type { AlertWebhookPayload, NotificationInput, SlackPayload, TestWebhookPayload } from "./payload.ts";

const PORT_A = 4220;
const PORT_B = 4221;
/** Nothing listens here: connections are refused. */
const PORT_DOWN = 4229;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | "hang";

interface Receiver {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

async function startReceiver(port: number, reply: (n: number, body: unknown) => Reply = () => ({ status: 200 })) {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
      requests.push({ headers: req.headers, body });
      const r = reply(requests.length, body);
      if (r === "hang") return;
      setTimeout(() => res.writeHead(r.status, r.headers).end(r.body ?? ""), r.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  cleanups.push(() => receiver.close());
  return receiver;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDb(): Promise<{ db: Database; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tracelight-notify-"));
  const url = `file:${join(dir, "tracelight.db")}`;
  await migrateDeploy(url);
  const db = await openDatabase(url);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => db.close());
  return { db, url };
}

class Clock {
  ms = T0;
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

function dispatcher(prisma: PrismaClient, clock: Clock, options: Partial<DispatcherOptions> = {}) {
  return new DeliveryDispatcher({
    prisma,
    publicUrl: "http://tracelight.test",
    now: clock.now,
    backoff: { baseMs: 1000, maxMs: 4000, jitter: 0 },
    timeoutMs: 2000,
    ...options,
  });
}

function input(eventId: string, alertId: string, ruleId: string): NotificationInput {
  return {
    eventId,
    alertId,
    state: "firing",
    at: T0,
    rule: { id: ruleId, name: "checkout p99", severity: "critical", condition: { op: ">", threshold: 800 } },
    labels: { alertname: "checkout p99", severity: "critical", "service.name": "checkout" },
    summary: "p99 912 ms on checkout",
    value: 912,
    unit: "ms",
    startedAt: T0 - 300_000,
    firedAt: T0,
    resolvedAt: null,
    evidence: {
      capturedAt: T0,
      window: { from: T0 - 60_000, to: T0 },
      traces: [
        {
          traceId: "f".repeat(32),
          spanId: "e".repeat(16),
          timestamp: T0 - 1000,
          value: 1200,
          serviceName: "checkout",
          spanName: "POST /pay",
          durationMs: 1200,
          isError: false,
        },
      ],
      logs: [],
    },
    links: { alert: `/alerts/${alertId}`, metric: "/metrics?metric=http.server.duration&agg=p99" },
  };
}

let seq = 0;
/** A rule, an instance and a firing event, then its deliveries, in ONE transaction (as the evaluator does). */
async function fire(prisma: PrismaClient, d: DeliveryDispatcher, channelIds: string[], silenced = false) {
  seq++;
  return prisma.$transaction(async (tx) => {
    const rule = await tx.alertRule.create({
      data: {
        name: `rule ${seq}`,
        kind: "metric",
        query: {},
        condition: {},
        labels: {},
        severity: "critical",
        summary: "",
      },
    });
    const instance = await tx.alertInstance.create({
      data: {
        ruleId: rule.id,
        fingerprint: "{}",
        labels: {},
        state: "firing",
        lastEvalAt: new Date(T0),
        recent: [],
      },
    });
    const event = await tx.alertEvent.create({
      data: {
        ruleId: rule.id,
        instanceId: instance.id,
        state: "firing",
        fromState: "pending",
        at: new Date(T0),
        labels: {},
        summary: "",
      },
    });
    const deliveries = await d.enqueue(tx, {
      eventId: event.id,
      channelIds,
      input: input(event.id, instance.id, rule.id),
      silenced,
    });
    return { event, instance, rule, deliveries };
  });
}

async function channel(prisma: PrismaClient, url: string, type: "webhook" | "slack" = "webhook", name = `ch${++seq}`) {
  return prisma.channel.create({ data: { name, type, url } });
}

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
