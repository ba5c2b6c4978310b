// GET /api/v1/status, its alerting part: the evaluator's lease and last cycle (written by
// whichever replica leads, evaluator-lease.ts), rules that fail, and the notifications waiting
// to be sent — read from the metadata database, so every replica answers alike.
import type { StatusResponse } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { FastifyInstance } from "fastify";
import { LEASE_ID, PROCESS_HOLDER } from "./evaluator-lease.ts";

export interface StatusDeps {
  db: Database;
  /** The evaluator's interval: a cycle older than it is late. */
  evalIntervalMs: number;
}

export function registerStatusRoute(api: FastifyInstance, { db, evalIntervalMs }: StatusDeps): void {
  const { prisma } = db;
  api.get("/status", async (): Promise<StatusResponse> => {
    const now = Date.now();
    const [lease, failingRules, backlog, oldest] = await Promise.all([
      prisma.evaluatorLease.findUnique({ where: { id: LEASE_ID } }),
      prisma.alertRule.count({ where: { enabled: true, lastError: { not: null } } }),
      prisma.delivery.count({ where: { status: "pending" } }),
      prisma.delivery.findFirst({
        where: { status: "pending" },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true },
      }),
    ]);
    const holder = lease !== null && lease.expiresAt.getTime() > now ? lease.holder : null;
    const lastCycleAt = lease?.lastCycleAt?.getTime() ?? null;
    return {
      evaluator: {
        leader: holder === PROCESS_HOLDER,
        holder,
        lastCycleAt,
        lastCycleMs: lease?.lastCycleMs ?? null,
        lagS: lastCycleAt === null ? null : Math.max(0, Math.round((now - lastCycleAt - evalIntervalMs) / 1000)),
        lastError: lease?.lastError ?? null,
        failingRules,
      },
      notifications: {
        backlog,
        oldestPendingAgeS: oldest === null ? null : Math.round((now - oldest.createdAt.getTime()) / 1000),
      },
    };
  });
}
