// What the dispatcher's tests share: a real SQLite file (migrated by @tracelight/db), the test
// kit's HTTP receiver on the test's own ports (4220–4229, one range per file), an injected
// clock and backoff without jitter. Each test's resources are closed after it (`cleanups`).
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrateDeploy, openDatabase, type PrismaClient } from "@tracelight/db";
import { type Answer, startHttpReceiver } from "@tracelight/testkit";
import { afterEach } from "vitest";
import { DeliveryDispatcher, type DispatcherOptions } from "../dispatcher.ts";
import type { NotificationInput } from "../payload.ts";

/** Nothing listens here: connections are refused. */
export const PORT_DOWN = 4229;
export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

export interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}
/** "hang": never answer, so only the dispatcher's timeout ends the send. */
export type Reply = Omit<Answer, "hang"> | "hang";

export interface Receiver {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

/** The test kit's receiver on `port`: `reply` answers request `n` (from 1) given its JSON body. */
export async function startReceiver(
  port: number,
  reply: (n: number, body: unknown) => Reply = () => ({ status: 200 }),
): Promise<Receiver> {
  const server = await startHttpReceiver(port);
  const json = (body: Buffer) => JSON.parse(body.toString("utf8")) as unknown;
  server.answer = (request, index) => {
    const r = reply(index + 1, json(request.body));
    return r === "hang" ? { status: 0, hang: true } : r;
  };
  const receiver: Receiver = {
    url: `${server.url}/hook`,
    get requests() {
      return server.requests.map((r) => ({ headers: r.headers, body: json(r.body) }));
    },
    close: () => server.close(),
  };
  cleanups.push(() => receiver.close());
  return receiver;
}

export const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function freshDb(): Promise<{ db: Database; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tracelight-notify-"));
  const url = `file:${join(dir, "tracelight.db")}`;
  await migrateDeploy(url);
  const db = await openDatabase(url);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => db.close());
  return { db, url };
}

export class Clock {
  ms = T0;
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

export function dispatcher(prisma: PrismaClient, clock: Clock, options: Partial<DispatcherOptions> = {}) {
  return new DeliveryDispatcher({
    prisma,
    publicUrl: "http://tracelight.test",
    now: clock.now,
    backoff: { baseMs: 1000, maxMs: 4000, jitter: 0 },
    timeoutMs: 2000,
    ...options,
  });
}

export function input(eventId: string, alertId: string, ruleId: string): NotificationInput {
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
export async function fire(prisma: PrismaClient, d: DeliveryDispatcher, channelIds: string[], silenced = false) {
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

export async function channel(
  prisma: PrismaClient,
  url: string,
  type: "webhook" | "slack" = "webhook",
  name = `ch${++seq}`,
) {
  return prisma.channel.create({ data: { name, type, url } });
}
