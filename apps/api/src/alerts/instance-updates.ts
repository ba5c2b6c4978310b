// The evaluator's update of the alert instance rows it already has, in bulk: every series' row
// changes every cycle (value, recent outcomes, last evaluation), and one statement per row cost
// more than the rest of the cycle's write. Prisma updates many rows only to the same values, so
// this is one UPDATE … FROM (VALUES …) per 500 rows: the same SQL on SQLite and PostgreSQL but
// for PostgreSQL's casts. Values are bound; dates go through the driver adapter as Prisma's own
// writes do, so both read back alike.
import type { AlertEvidence, AttributeMap } from "@tracelight/contracts";
import { Prisma, type Provider } from "@tracelight/db";

export interface InstanceUpdate {
  id: string;
  labels: AttributeMap;
  state: string;
  value: number | null;
  activeAt: Date | null;
  firedAt: Date | null;
  resolvedAt: Date | null;
  lastEvalAt: Date;
  recent: readonly unknown[];
  /** Captured this cycle; null keeps the row's own. */
  evidence: AlertEvidence | null;
}

const ROWS_PER_STATEMENT = 500;

export async function updateInstances(
  tx: Prisma.TransactionClient,
  provider: Provider,
  rows: readonly InstanceUpdate[],
): Promise<void> {
  const cast = (value: unknown, type: string) =>
    provider === "postgresql" ? Prisma.sql`${value}::${Prisma.raw(type)}` : Prisma.sql`${value}`;
  const json = (value: unknown) => cast(value === null ? null : JSON.stringify(value), "jsonb");
  const time = (value: Date | null) => cast(value, "timestamp(3)");
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows
      .slice(i, i + ROWS_PER_STATEMENT)
      .map(
        (r) =>
          Prisma.sql`(${r.id}, ${json(r.labels)}, ${r.state}, ${cast(r.value, "double precision")}, ${time(r.activeAt)}, ${time(r.firedAt)}, ${time(r.resolvedAt)}, ${time(r.lastEvalAt)}, ${json(r.recent)}, ${json(r.evidence)})`,
      );
    await tx.$executeRaw`WITH v (id, labels, state, value, "activeAt", "firedAt", "resolvedAt", "lastEvalAt", recent, evidence) AS (VALUES ${Prisma.join(values)})
UPDATE "AlertInstance" SET labels = v.labels, state = v.state, value = v.value, "activeAt" = v."activeAt",
  "firedAt" = v."firedAt", "resolvedAt" = v."resolvedAt", "lastEvalAt" = v."lastEvalAt", recent = v.recent,
  evidence = COALESCE(v.evidence, "AlertInstance".evidence)
FROM v WHERE "AlertInstance".id = v.id`;
  }
}
