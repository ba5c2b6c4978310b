// One pass over every model through the real client: Json columns round-trip, relations
// connect, unique keys hold, and deleting a rule cascades to what hangs off it.
import { expect } from "vitest";
import { Prisma, type PrismaClient } from "../../src/index.ts";

export async function exerciseModels(prisma: PrismaClient): Promise<void> {
  const channel = await prisma.channel.create({
    data: { name: "ops", type: "webhook", url: "http://127.0.0.1:1/hook" },
  });
  const query = {
    signal: "metric",
    metric: "http.server.duration",
    agg: "p99",
    filters: [{ key: "service.name", op: "=", value: "api" }],
  };
  const condition = { op: ">", threshold: 250.5, forSeconds: 60, nOfM: null, noData: "ok" };
  const rule = await prisma.alertRule.create({
    data: {
      name: "slow api",
      kind: "metric",
      query,
      condition,
      labels: { team: "core", "service.name": "api" },
      severity: "warning",
      summary: "p99 {{value}} ms on {{service.name}}",
      channels: { create: [{ channelId: channel.id }] },
    },
  });
  expect(rule.enabled).toBe(true);
  expect(rule.createdAt).toBeInstanceOf(Date);

  const read = await prisma.alertRule.findUniqueOrThrow({ where: { id: rule.id }, include: { channels: true } });
  expect(read.query).toEqual(query);
  expect(read.condition).toEqual(condition);
  expect(read.channels.map((c) => c.channelId)).toEqual([channel.id]);

  const updated = await prisma.alertRule.update({
    where: { id: rule.id },
    data: { labels: { team: "edge", quoted: 'a "b" \\ c', unicode: "µs ✓" }, enabled: false },
  });
  expect(updated.labels).toEqual({ team: "edge", quoted: 'a "b" \\ c', unicode: "µs ✓" });
  expect(updated.enabled).toBe(false);

  const now = new Date("2026-01-02T03:04:05.678Z");
  const instance = await prisma.alertInstance.create({
    data: {
      ruleId: rule.id,
      fingerprint: "service.name=api",
      labels: { "service.name": "api" },
      state: "firing",
      value: 312.25,
      activeAt: now,
      firedAt: now,
      lastEvalAt: now,
      recent: [true, false, null, true],
    },
  });
  expect(instance.recent).toEqual([true, false, null, true]);
  expect(instance.evidence).toBeNull();
  expect(instance.firedAt?.toISOString()).toBe(now.toISOString());
  const withEvidence = await prisma.alertInstance.update({
    where: { id: instance.id },
    data: { evidence: { window: "5m", points: [1.5, null] } },
  });
  expect(withEvidence.evidence).toEqual({ window: "5m", points: [1.5, null] });
  await prisma.alertInstance.update({ where: { id: instance.id }, data: { evidence: Prisma.DbNull } });
  expect(await prisma.alertInstance.count({ where: { evidence: { equals: Prisma.DbNull } } })).toBe(1);
  await expect(
    prisma.alertInstance.create({
      data: { ruleId: rule.id, fingerprint: "service.name=api", labels: {}, state: "ok", lastEvalAt: now, recent: [] },
    }),
  ).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);

  const event = await prisma.alertEvent.create({
    data: {
      ruleId: rule.id,
      instanceId: instance.id,
      state: "firing",
      fromState: "pending",
      at: now,
      value: 312.25,
      labels: { "service.name": "api" },
      summary: "p99 312 ms on api",
      evidence: { series: [[1, 2.5]], traces: ["0af7651916cd43dd8448eb211c80319c"] },
    },
  });
  await prisma.delivery.create({
    data: {
      eventId: event.id,
      channelId: channel.id,
      status: "pending",
      payload: { text: "firing" },
      nextAttemptAt: now,
    },
  });
  await prisma.silence.create({
    data: {
      matchers: [{ label: "team", op: "=", value: "edge" }],
      startsAt: now,
      endsAt: new Date(now.getTime() + 3600_000),
    },
  });
  const pending = await prisma.delivery.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } } });
  expect(pending).toHaveLength(1);
  expect(pending[0]?.payload).toEqual({ text: "firing" });

  await expect(prisma.channel.create({ data: { name: "ops", type: "slack", url: "http://x" } })).rejects.toMatchObject({
    code: "P2002",
  });

  await prisma.alertRule.delete({ where: { id: rule.id } });
  expect(await prisma.ruleChannel.count()).toBe(0);
  expect(await prisma.alertInstance.count()).toBe(0);
  expect(await prisma.alertEvent.count()).toBe(0);
  expect(await prisma.delivery.count()).toBe(0);
  expect(await prisma.channel.count()).toBe(1);
  expect(await prisma.silence.count()).toBe(1);
}
