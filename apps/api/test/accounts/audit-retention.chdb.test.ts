// The running service prunes the audit log: the alerts role's hourly retention turn
// (src/alerts/evaluator.ts) removes entries older than 90 days, beginning with its first cycle.

import { until } from "@tracelight/testkit";
import { afterAll, expect, it } from "vitest";
import { freshDataDir, startTestService, type TestService } from "../helpers/service.ts";

let t: TestService | undefined;
afterAll(() => t?.close());

it("old entries are gone after the service starts; recent ones stay", async () => {
  const dataDir = await freshDataDir();
  // Entries written while no evaluator runs, then a start with one.
  t = await startTestService({}, { roles: "query", dataDir });
  const at = (ageDays: number) => new Date(Date.now() - ageDays * 86_400_000);
  await t.service.db.prisma.auditEvent.createMany({
    data: [
      { id: "old", actor: "ops@tracelight.test", action: "rule.delete", outcome: "success", at: at(100) },
      { id: "recent", actor: "ops@tracelight.test", action: "rule.create", outcome: "success", at: at(89) },
    ],
  });
  await t.close({ keepData: true });
  t = await startTestService({}, { roles: "query,alerts", dataDir });
  const service = t.service;
  await until("the old entry to be pruned", async () =>
    (await service.db.prisma.auditEvent.count({ where: { id: "old" } })) === 0 ? true : undefined,
  );
  expect(await service.db.prisma.auditEvent.count({ where: { id: "recent" } })).toBe(1);
});
