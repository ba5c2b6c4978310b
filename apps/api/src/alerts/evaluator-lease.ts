// Which evaluator may act: the holder of the one EvaluatorLease row. It is taken and renewed by
// a conditional UPDATE (compare-and-set: the caller already holds it, or it expired), which is
// one atomic statement on SQLite and PostgreSQL alike; the first taker inserts the row. Every
// rule's write renews it inside its own transaction (`fence`), so an evaluator that lost the
// lease mid-cycle writes nothing more.
//
// Expiry is timed by the database's clock, never the replica's own: replicas on hosts whose
// clocks disagree by more than the lease would otherwise each see the other's lease expired (a
// clock ahead takes a live lease; one behind writes a lease that is already over). PostgreSQL's
// clock is its server's; SQLite's is the host's, which every process sharing the file shares.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Database, Prisma, type Provider } from "@tracelight/db";

export const LEASE_ID = "alerts";

/** This process's name as a lease holder; the status route compares it with the row's. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

type Client = Database["prisma"] | Prisma.TransactionClient;

/** Milliseconds since the epoch by the database's clock. */
export async function databaseNow(client: Client, provider: Provider): Promise<number> {
  const [row] =
    provider === "postgresql"
      ? await client.$queryRaw<{ ms: unknown }[]>`SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms`
      : await client.$queryRaw<{ ms: unknown }[]>`SELECT (julianday('now') - 2440587.5) * 86400000.0 AS ms`;
  return Math.round(Number(row?.ms));
}

export class LeaseLost extends Error {
  constructor() {
    super("another evaluator holds the alert lease");
  }
}

export class EvaluatorLease {
  /** The database's time at the last read, and this process's monotonic time then. */
  private clock = { databaseMs: 0, localMs: 0 };

  constructor(
    private readonly db: Pick<Database, "prisma" | "provider">,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease; false when another holder's lease has not expired. */
  async acquire(): Promise<boolean> {
    const { prisma, provider } = this.db;
    this.clock = { databaseMs: await databaseNow(prisma, provider), localMs: performance.now() };
    if (await this.renew(prisma)) return true;
    try {
      await prisma.evaluatorLease.create({
        data: { id: LEASE_ID, holder: this.holder, expiresAt: new Date(this.now() + this.ttlMs) },
      });
      return true;
    } catch (error) {
      // Someone else's row exists (and is live, as the renewal above found it so).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
      throw error;
    }
  }

  /** Renews the lease inside `tx`; throws LeaseLost when it is no longer ours. */
  async fence(tx: Prisma.TransactionClient): Promise<void> {
    if (!(await this.renew(tx))) throw new LeaseLost();
  }

  /** Records a finished cycle (at the database's time) for the status route, while the lease is ours. */
  async recordCycle(ms: number): Promise<void> {
    await this.db.prisma.evaluatorLease.updateMany({
      where: { id: LEASE_ID, holder: this.holder },
      data: { lastCycleAt: new Date(this.now()), lastCycleMs: ms, lastError: null },
    });
  }

  /** Records why a cycle failed as a whole; the last finished cycle stays (the lag grows). */
  async recordFailure(error: string): Promise<void> {
    await this.db.prisma.evaluatorLease.updateMany({
      where: { id: LEASE_ID, holder: this.holder },
      data: { lastError: error },
    });
  }

  /** Lets another evaluator take over at once (a clean stop). */
  async release(): Promise<void> {
    await this.db.prisma.evaluatorLease.updateMany({
      where: { id: LEASE_ID, holder: this.holder },
      data: { expiresAt: new Date(0) },
    });
  }

  /**
   * The database's time now, projected from the cycle's first read by this process's monotonic
   * clock (which a wall-clock step does not move), so a rule's write costs no extra query.
   */
  private now(): number {
    return this.clock.databaseMs + (performance.now() - this.clock.localMs);
  }

  private async renew(client: Client): Promise<boolean> {
    const now = this.now();
    const { count } = await client.evaluatorLease.updateMany({
      where: { id: LEASE_ID, OR: [{ holder: this.holder }, { expiresAt: { lt: new Date(now) } }] },
      data: { holder: this.holder, expiresAt: new Date(now + this.ttlMs) },
    });
    return count === 1;
  }
}
