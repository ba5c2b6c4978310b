// The built-in "evaluator lagging" rule fires on a cycle that is really slow: the running
// service (evaluating every second, self-metrics every second) keeps its metadata in a throwaway
// PostgreSQL server, where another session holds the lease row locked for 6 s (as a long
// transaction of another client would), so the cycle's lease renewal waits on it. The status
// route and the self-metrics keep reading the row meanwhile and report the lag growing; once
// the cycle goes on, the rule (its for-duration shortened, its threshold as built) fires and
// notifies a webhook. Without PostgreSQL's binaries it skips loudly.
import type { Alert, AlertRule, AlertRulesResponse, AlertsResponse, StatusResponse } from "@tracelight/contracts";
import { openDatabase } from "@tracelight/db";
import { findPostgresBin, type PostgresServer, startPostgres } from "@tracelight/db/testing";
import { startWebhookReceiver, until, type WebhookReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEASE_ID } from "../src/alerts/evaluator-lease.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

const PORT = 4275;
const STALL_MS = 6_000;
const bin = findPostgresBin();

if (!("dir" in bin)) {
  console.warn(`\n!!! SKIPPING the evaluator-lagging rule on PostgreSQL: ${bin.missing}\n`);
  describe("the built-in 'evaluator lagging' rule", () => {
    it.skip(`needs PostgreSQL's server binaries: ${bin.missing}`, () => {});
  });
} else {
  let server: PostgresServer;
  let t: TestService;
  let api: string;
  let receiver: WebhookReceiver;
  const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

  beforeAll(async () => {
    server = startPostgres(bin.dir, PORT);
    receiver = await startWebhookReceiver();
    t = await startTestService(
      {
        DATABASE_URL: server.urlFor("lagging"),
        TRACELIGHT_SELF_METRICS_INTERVAL_S: "1",
        ALERT_EVAL_INTERVAL_S: "1",
      },
      { roles: "ingest,query,alerts" },
    );
    api = `${t.api}/api/v1`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    server?.stop();
  });

  describe("the built-in 'evaluator lagging' rule", () => {
    it("fires when a cycle stalls on the metadata database, and notifies its channel", async () => {
      const rules = (await call<AlertRulesResponse>("GET", "/alert-rules")).body.rules;
      const rule = rules.find((r) => r.builtinKey === "evaluator-lagging") as AlertRule;
      expect(rule.condition).toMatchObject({ op: ">", threshold: 2, unit: "s", for: "2m" });
      const channel = await call<{ id: string }>("POST", "/channels", {
        name: "ops",
        type: "webhook",
        url: receiver.url,
      });
      const { id, createdAt, updatedAt, counts, health, builtinKey, ...input } = rule;
      const quick = { ...input, condition: { ...rule.condition, for: "0s" }, channelIds: [channel.body.id] };
      expect((await call("PUT", `/alert-rules/${rule.id}`, quick)).status).toBe(200);
      const alert = async (state: string): Promise<Alert | undefined> =>
        (await call<AlertsResponse>("GET", `/alerts?ruleId=${rule.id}&state=${state}`)).body.alerts[0];
      // Evaluated over the lag the self-metrics report, and holding (a metric not there at the
      // first cycle is looked up again 30 s later, rule-values.ts).
      await until("the rule holding on the lag metric", async () => ((await alert("ok"))?.value ?? null) !== null, {
        timeoutMs: 45_000,
      });

      // The lease row locked by another session: the evaluator's renewal at its next cycle waits.
      const other = await openDatabase(server.urlFor("lagging"));
      let stalledLag = 0;
      try {
        await other.prisma.$transaction(
          async (tx) => {
            await tx.$queryRaw`SELECT id FROM "EvaluatorLease" WHERE id = ${LEASE_ID} FOR UPDATE`;
            const end = Date.now() + STALL_MS;
            while (Date.now() < end) {
              const { evaluator } = (await call<StatusResponse>("GET", "/status")).body;
              stalledLag = Math.max(stalledLag, evaluator.lagS ?? 0);
              await new Promise((resolve) => setTimeout(resolve, 250));
            }
          },
          { timeout: STALL_MS + 10_000 },
        );
      } finally {
        await other.close();
      }
      expect(stalledLag).toBeGreaterThanOrEqual(3);

      const firing = await until("the lagging rule firing", () => alert("firing"), { timeoutMs: 30_000 });
      expect(firing).toMatchObject({ ruleName: "Tracelight alert evaluator lagging", severity: "critical" });
      expect(firing.value).toBeGreaterThan(2);
      expect(firing.summary).toMatch(/^Tracelight's alert evaluation is \d+ s behind \(more than 2 s\)/);
      const sent = await until("the firing notification", () =>
        receiver.received.find((r) => r.body.status === "firing" && (r.body.rule as { id: string }).id === rule.id),
      );
      expect(sent.body.rule).toMatchObject({ name: "Tracelight alert evaluator lagging", severity: "critical" });
    }, 120_000);
  });
}
