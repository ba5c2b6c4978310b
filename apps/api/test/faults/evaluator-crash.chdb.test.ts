// The alert evaluator killed (kill -9) in the middle of a cycle, as main.ts runs it over real
// chDB and SQLite: after a restart on the same data directory the new process takes the
// dead one's lease once it expires, its next cycle completes, and the rules' states are
// whole — every rule evaluated without error, each firing series once.
import { rm } from "node:fs/promises";
import type { AlertRule, AlertRulesResponse, AlertsResponse, StatusResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { INCIDENT_METRIC, sendIncident } from "../helpers/checkout-incident.ts";
import { type ChildService, startChild } from "../helpers/child.ts";
import { callJson } from "../helpers/json-api.ts";
import { freshDataDir } from "../helpers/service.ts";

const RULES = 40;
const INTERVAL_MS = 1_000;
const children: ChildService[] = [];
let dataDir: string | undefined;
afterEach(async () => {
  for (const c of children.splice(0))
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(dir: string) {
  // Without self-metrics, so no built-in rules: the cycle holds this test's rules only.
  const env = {
    TRACELIGHT_DATA_DIR: dir,
    ALERT_EVAL_INTERVAL_S: String(INTERVAL_MS / 1000),
    TRACELIGHT_SELF_METRICS_INTERVAL_S: "0",
  };
  const child = await startChild(env, ["--role", "ingest,query,alerts"]);
  children.push(child);
  const url = /"listener":"query-api","url":"([^"]+)"/.exec(child.output())?.[1];
  if (!url) throw new Error(`no query-api line in:\n${child.output()}`);
  const api = `${url}/api/v1`;
  const get = async <T>(path: string) => {
    const { status, body } = await callJson<T>(api, "GET", path);
    expect(status).toBe(200);
    return body;
  };
  return { svc: child, api, get };
}

describe("fault: evaluator crash mid-cycle", () => {
  it("after kill -9 mid-cycle and a restart, the next cycle completes and every rule's state is whole", {
    timeout: 150_000,
  }, async () => {
    dataDir = await freshDataDir();
    const first = await start(dataDir);
    await sendIncident(first.svc.otlpHttp, { endMs: Date.now(), minutes: 10, slowMinutes: 5 });
    for (let i = 0; i < RULES; i++) {
      const created = await callJson<AlertRule>(first.api, "POST", "/alert-rules", {
        name: `crash-${i}`,
        query: { metric: INCIDENT_METRIC, aggregation: "p99", window: "5m" },
        condition: { op: ">", threshold: 1 },
      });
      expect(created.status).toBe(201);
    }

    await until(
      "a full cycle over every rule",
      async () => {
        const b = await first.get<AlertRulesResponse>("/alert-rules");
        return b.rules.every((r) => r.counts.firing > 0) ? b : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // A cycle starts an interval after the last one finished (src/alerts/evaluator.ts): kill
    // a quarter of the way through the next, by the last one's duration.
    const before = await until(
      "a cycle that just finished",
      async () => {
        const st = await first.get<StatusResponse>("/status");
        return (st.evaluator.lastCycleAt ?? 0) + INTERVAL_MS > Date.now() ? st : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const { lastCycleAt, lastCycleMs } = before.evaluator as { lastCycleAt: number; lastCycleMs: number };
    await new Promise((r) => setTimeout(r, lastCycleAt + INTERVAL_MS + lastCycleMs / 4 - Date.now()));
    first.svc.child.kill("SIGKILL");
    expect((await first.svc.exited).signal).toBe("SIGKILL");

    const restartAt = Date.now();
    const second = await start(dataDir);
    // The cycle under way at the kill never finished, and the dead process still holds the lease.
    const left = await second.get<StatusResponse>("/status");
    expect(left.evaluator).toMatchObject({ leader: false, lastCycleAt });
    console.log(
      `evaluator killed ${Math.round(lastCycleMs / 4)} ms into a ${Math.round(lastCycleMs)} ms cycle over ${RULES} rules`,
    );

    const status = await until(
      "a cycle finished by the restarted evaluator",
      async () => {
        const s = await second.get<StatusResponse>("/status");
        return s.evaluator.leader && (s.evaluator.lastCycleAt ?? 0) > restartAt ? s : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(status.evaluator).toMatchObject({ lastError: null, failingRules: 0 });

    const { rules } = await second.get<AlertRulesResponse>("/alert-rules");
    expect(rules).toHaveLength(RULES);
    const firing = rules[0]?.counts.firing ?? 0;
    expect(firing).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.health.error).toBeNull();
      expect(rule.health.lastEvalAt).toBeGreaterThan(restartAt);
      expect(rule.counts).toEqual(rules[0]?.counts); // one query, so the same instances everywhere
    }
    // Each firing series once: a half-written cycle left no second copy of an instance.
    const { alerts } = await second.get<AlertsResponse>("/alerts?state=firing");
    const instances = alerts.map((a) => `${a.ruleId} ${JSON.stringify(a.labels)}`);
    expect(new Set(instances).size).toBe(instances.length);
    expect(instances.length).toBe(RULES * firing);
  });
});
