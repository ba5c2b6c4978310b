// The audit log: who changed what and when, and every sign-in and failed sign-in, in the
// metadata database; read by admins, pruned after AUDIT_RETENTION_DAYS.
import { AUDIT_RETENTION_DAYS, type AuditEntry, type AuditOutcome } from "@tracelight/contracts";
import { type Database, Prisma } from "@tracelight/db";
import type { Principal } from "./principal.ts";

export interface AuditRecord {
  actor: string;
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  targetName?: string | null;
  outcome: AuditOutcome;
  ipAddress?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditQuery {
  limit: number;
  before?: string;
  action?: string;
  actor?: string;
}

const PRUNE_BATCH = 1000;

export class AuditLog {
  constructor(private readonly db: Database) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.db.prisma.auditEvent.create({
      data: {
        actor: entry.actor,
        actorId: entry.actorId ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        targetName: entry.targetName ?? null,
        outcome: entry.outcome,
        ipAddress: entry.ipAddress ?? null,
        details: entry.details ? (entry.details as Prisma.InputJsonValue) : Prisma.DbNull,
      },
    });
  }

  /** A successful change by a signed-in caller (a token's changes name the token). */
  async recordChange(
    actor: Principal,
    action: string,
    targetType: string,
    targetId: string,
    targetName: string,
    details?: Record<string, unknown>,
    ipAddress?: string | null,
  ): Promise<void> {
    await this.record({
      actor: actor.email,
      actorId: actor.userId,
      action,
      targetType,
      targetId,
      targetName,
      outcome: "success",
      ipAddress: ipAddress ?? actor.ipAddress ?? null,
      details: { ...(details ?? {}), ...(actor.via === "token" ? { viaToken: actor.tokenId } : {}) },
    });
  }

  /** Newest first; `next` continues after the last entry returned. */
  async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; next: string | null }> {
    const cursor = query.before ? await this.db.prisma.auditEvent.findUnique({ where: { id: query.before } }) : null;
    // A cursor that is gone was pruned, and so was everything older: not the newest page again.
    if (query.before && !cursor) return { entries: [], next: null };
    // "rule" is the family rule.*; an action of no family ("logout") is itself.
    const action = query.action?.includes(".")
      ? { action: query.action }
      : query.action
        ? { OR: [{ action: query.action }, { action: { startsWith: `${query.action}.` } }] }
        : {};
    const rows = await this.db.prisma.auditEvent.findMany({
      where: {
        AND: [
          action,
          query.actor ? { actor: query.actor.toLowerCase() } : {},
          cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {},
        ],
      },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      entries: page.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        targetName: row.targetName,
        outcome: row.outcome as AuditOutcome,
        ipAddress: row.ipAddress,
        details: (row.details as Record<string, unknown> | null) ?? null,
      })),
      next: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** Failed sign-ins since `since`, for one account or one address. */
  async countFailures(since: Date, where: { actor?: string; ipAddress?: string }): Promise<number> {
    return this.db.prisma.auditEvent.count({ where: { action: "login.failure", at: { gte: since }, ...where } });
  }

  /** Deletes entries older than the retention in batches, each its own short statement (SQLite's one writer). */
  async prune(now = new Date(), retentionDays = AUDIT_RETENTION_DAYS): Promise<number> {
    const before = new Date(now.getTime() - retentionDays * 86_400_000);
    let total = 0;
    for (;;) {
      const rows = await this.db.prisma.auditEvent.findMany({
        where: { at: { lt: before } },
        select: { id: true },
        take: PRUNE_BATCH,
      });
      if (rows.length > 0) {
        const { count } = await this.db.prisma.auditEvent.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
        total += count;
      }
      if (rows.length < PRUNE_BATCH) return total;
    }
  }
}
