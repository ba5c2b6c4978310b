// Pruning of the alert history older than the retention (TRACELIGHT_ALERT_RETENTION_DAYS): alert
// events (their deliveries go with them), deliveries the dispatcher is done with (test-sends have
// no event) and silences that ended before it. Deleted in batches, each its own short statement,
// so SQLite's one writer is never held for long.
import type { Database } from "@tracelight/db";
import { finishedDeliveries } from "../notify/dispatcher.ts";

const BATCH = 1000;

export interface Pruned {
  events: number;
  deliveries: number;
  silences: number;
}

export async function pruneAlertHistory(prisma: Database["prisma"], before: Date): Promise<Pruned> {
  return {
    events: await inBatches(
      () => prisma.alertEvent.findMany({ where: { at: { lt: before } }, select: { id: true }, take: BATCH }),
      (ids) => prisma.alertEvent.deleteMany({ where: { id: { in: ids } } }),
    ),
    deliveries: await inBatches(
      () => prisma.delivery.findMany({ where: finishedDeliveries(before), select: { id: true }, take: BATCH }),
      (ids) => prisma.delivery.deleteMany({ where: { id: { in: ids } } }),
    ),
    silences: await inBatches(
      () => prisma.silence.findMany({ where: { endsAt: { lt: before } }, select: { id: true }, take: BATCH }),
      (ids) => prisma.silence.deleteMany({ where: { id: { in: ids } } }),
    ),
  };
}

async function inBatches(
  find: () => Promise<{ id: string }[]>,
  remove: (ids: string[]) => Promise<{ count: number }>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (await find()).map((r) => r.id);
    if (ids.length > 0) total += (await remove(ids)).count;
    if (ids.length < BATCH) return total;
  }
}
