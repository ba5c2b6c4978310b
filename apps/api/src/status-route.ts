// GET /api/v1/status: whether Tracelight's own machinery keeps up. Alerting is read from the
// metadata database (the evaluator's lease, written by whichever replica leads, and the
// notification outbox), store-wide ingest refusals and query latency from the self-metrics,
// so every replica answers alike; only this process's write health and queue are its own.
// The backfill's progress is read from the store (tracelight_backfill), alike on every replica.
import { type AlertingStatus, STATUS_WINDOW_S, type StatusResponse } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import { type ClickHouseTransport, readBackfillStatus } from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import { databaseNow, LEASE_ID, PROCESS_HOLDER } from "./alerts/evaluator-lease.ts";
import type { IngestPipeline } from "./ingest/pipeline.ts";
import type { WriteHealth } from "./ingest/write-health.ts";
import { readComponents } from "./self-telemetry/self-components.ts";
import { readSelfFigures } from "./self-telemetry/self-status.ts";

export interface StatusDeps {
  db: Database;
  transport: ClickHouseTransport;
  /** The evaluator's interval: a cycle older than it is late. */
  evalIntervalMs: number;
  /** Present when this process runs the ingest role. */
  ingest?: LocalIngest;
}

export interface LocalIngest {
  pipeline: IngestPipeline;
  writeHealth: WriteHealth;
}

export async function readAlertingStatus(db: Database, evalIntervalMs: number): Promise<AlertingStatus> {
  const { prisma } = db;
  const now = Date.now();
  const [leaseNow, lease, failingRules, backlog, oldest] = await Promise.all([
    // The lease and the last cycle are timed by the database's clock (evaluator-lease.ts).
    databaseNow(prisma, db.provider),
    prisma.evaluatorLease.findUnique({ where: { id: LEASE_ID } }),
    prisma.alertRule.count({ where: { enabled: true, lastError: { not: null } } }),
    prisma.delivery.count({ where: { status: "pending" } }),
    prisma.delivery.findFirst({
      where: { status: "pending" },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  const holder = lease !== null && lease.expiresAt.getTime() > leaseNow ? lease.holder : null;
  const lastCycleAt = lease?.lastCycleAt?.getTime() ?? null;
  return {
    evaluator: {
      leader: holder === PROCESS_HOLDER,
      holder,
      lastCycleAt,
      lastCycleMs: lease?.lastCycleMs ?? null,
      lagS: lastCycleAt === null ? null : Math.max(0, Math.round((leaseNow - lastCycleAt - evalIntervalMs) / 1000)),
      lastError: lease?.lastError ?? null,
      failingRules,
    },
    notifications: {
      backlog,
      oldestPendingAgeS: oldest === null ? null : Math.round((now - oldest.createdAt.getTime()) / 1000),
    },
  };
}

export function registerStatusRoute(api: FastifyInstance, deps: StatusDeps): void {
  api.get("/status", async (): Promise<StatusResponse> => {
    const [alerting, self, components, backfill] = await Promise.all([
      readAlertingStatus(deps.db, deps.evalIntervalMs),
      readSelfFigures(deps.transport, Date.now() - STATUS_WINDOW_S * 1000),
      readComponents(deps.transport, Date.now()),
      readBackfillStatus(deps.transport),
    ]);
    const local = deps.ingest;
    return {
      ...alerting,
      ingest: {
        writes: local ? local.writeHealth.check() : null,
        queuedRows: local ? local.pipeline.budget.rows : null,
        queuedBytes: local ? local.pipeline.budget.bytes : null,
        refused: self.refused,
      },
      queries: { routes: self.routes },
      components,
      backfill,
      windowS: STATUS_WINDOW_S,
    };
  });
}
