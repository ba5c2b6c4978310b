// Which evaluator may act: the holder of the one EvaluatorLease row. It is taken and renewed by
// a conditional UPDATE (compare-and-set: the caller already holds it, or it expired), which is
// one atomic statement on SQLite and PostgreSQL alike; the first taker inserts the row. Every
// rule's write renews it inside its own transaction (`fence`), so an evaluator that lost the
// lease mid-cycle writes nothing more.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Database, Prisma } from "@tracelight/db";

export const LEASE_ID = "alerts";

/** This process's name as a lease holder; the status route compares it with the row's. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

type Client = Database["prisma"] | Prisma.TransactionClient;

export class LeaseLost extends Error {
  constructor() {
    super("another evaluator holds the alert lease");
  }
}

export class EvaluatorLease {
  constructor(
    private readonly prisma: Database["prisma"],
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease; false when another holder's lease has not expired. */
  async acquire(): Promise<boolean> {
    if (await this.renew(this.prisma)) return true;
    try {
      await this.prisma.evaluatorLease.create({
        data: { id: LEASE_ID, holder: this.holder, expiresAt: new Date(Date.now() + this.ttlMs) },
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

  /** Records a finished cycle for the status route, while the lease is ours. */
  async recordCycle(at: Date, ms: number): Promise<void> {
    await this.prisma.evaluatorLease.updateMany({
      where: { id: LEASE_ID, holder: this.holder },
      data: { lastCycleAt: at, lastCycleMs: ms, lastError: null },
    });
  }

  /** Records why a cycle failed as a whole; the last finished cycle stays (the lag grows). */
  async recordFailure(error: string): Promise<void> {
    await this.prisma.evaluatorLease.updateMany({
      where: { id: LEASE_ID, holder: this.holder },
      data: { lastError: error },
    });
  }

  /** Lets another evaluator take over at once (a clean stop). */
  async release(): Promise<void> {
    await this.prisma.evaluatorLease.updateMany({
      where: { id: LEASE_ID, holder: this.holder },
      data: { expiresAt: new Date(0) },
    });
  }

  private async renew(client: Client): Promise<boolean> {
    const now = Date.now();
    const { count } = await client.evaluatorLease.updateMany({
      where: { id: LEASE_ID, OR: [{ holder: this.holder }, { expiresAt: { lt: new Date(now) } }] },
      data: { holder: this.holder, expiresAt: new Date(now + this.ttlMs) },
    });
    return count === 1;
  }
}
