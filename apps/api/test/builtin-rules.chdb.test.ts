// Tracelight's built-in rules on the running service: listed with their key, kept through the
// API (409 on delete), and firing through the normal evaluator and dispatcher on self-metrics
// exported every second and driven for real: a burst ingest refuses (a tiny queue, a slow
// store), a store that refuses every write (which stops the self-metrics themselves), query
// latency, and a notification stuck on a receiver that answers 500.
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { Alert, AlertRule, AlertRulesResponse, AlertsResponse } from "@tracelight/contracts";
import { TelemetryWriter } from "@tracelight/store";
import { startWebhookReceiver, until, type WebhookReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRules } from "../src/alerts/builtin-rules.ts";
import type { BlockWriter } from "../src/ingest/signals.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

const KEYS = ["evaluator-lagging", "ingest-refusing", "ingest-writes-failing", "notification-backlog", "query-latency"];
const store = { delayMs: 0, failing: false };
let t: TestService;
let api: string;
let receiver: WebhookReceiver;

const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real writer, made slow or failing (a full disk) on demand. */
function controlledWriter(real: BlockWriter): BlockWriter {
  return {
    async insertEncoded(blocks) {
      if (store.delayMs > 0) await sleep(store.delayMs);
      if (store.failing) throw new Error("simulated store failure: no space left on device");
      await real.insertEncoded(blocks);
    },
  };
}

async function rules(): Promise<AlertRule[]> {
  const { status, body } = await call<AlertRulesResponse>("GET", "/alert-rules");
  expect(status).toBe(200);
  return body.rules;
}

async function builtin(key: string): Promise<AlertRule> {
  const rule = (await rules()).find((r) => r.builtinKey === key);
  if (rule === undefined) throw new Error(`no built-in rule ${key}`);
  return rule;
}

/** The body PUT takes: the rule as GET shows it, less what the server owns. */
function body(rule: AlertRule, changes: Partial<AlertRule>) {
  const { id, createdAt, updatedAt, counts, health, builtinKey, ...input } = rule;
  return { ...input, ...changes };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  t = await startTestService(
    {
      TRACELIGHT_SELF_METRICS_INTERVAL_S: "1",
      ALERT_EVAL_INTERVAL_S: "1",
      TRACELIGHT_INGEST_MAX_QUEUED_ROWS: "50",
      TRACELIGHT_INGEST_MAX_BATCH_ROWS: "50",
    },
    { roles: "ingest,query,alerts", writer: (transport) => controlledWriter(new TelemetryWriter(transport)) },
  );
  api = `${t.api}/api/v1`;
});

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe("built-in rules", () => {
  it("are listed with their builtinKey, enabled, beside the user's rules (which have none)", async () => {
    const mine = await call<AlertRule>("POST", "/alert-rules", {
      name: "mine",
      query: { metric: "m", aggregation: "avg" },
      condition: { op: ">", threshold: 1 },
    });
    expect(mine.status).toBe(201);
    expect(mine.body.builtinKey).toBeUndefined();
    const listed = await rules();
    expect(listed.flatMap((r) => (r.builtinKey ? [r.builtinKey] : [])).sort()).toEqual(KEYS);
    const refusing = listed.find((r) => r.builtinKey === "ingest-refusing");
    expect(refusing).toMatchObject({
      enabled: true,
      kind: "metric",
      query: { metric: "tracelight.ingest.refused", aggregation: "increase", window: "5m" },
      condition: { op: ">", threshold: 0 },
    });
    // The lag threshold follows this deployment's interval: twice it.
    expect((await builtin("evaluator-lagging")).condition.threshold).toBe(2);
    const defaults = builtinRules({ evalIntervalS: 30, selfMetricsIntervalS: 15 });
    expect(defaults.find((r) => r.key === "evaluator-lagging")?.rule.condition.threshold).toBe(60);
    // A window always holds a healthy replica's points, and the silence of a start does not fire.
    const slow = builtinRules({ evalIntervalS: 30, selfMetricsIntervalS: 60 }).find(
      (r) => r.key === "ingest-writes-failing",
    )?.rule;
    expect([slow?.query.window, slow?.condition.for]).toEqual(["180s", "105s"]);
    expect((await call("DELETE", `/alert-rules/${mine.body.id}`)).status).toBe(204);
  });

  it("cannot be deleted (409 naming the way out), but can be edited and disabled; kind and metric stay", async () => {
    const rule = await builtin("notification-backlog");
    const refused = await call<{ error: { code: string; message: string } }>("DELETE", `/alert-rules/${rule.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("conflict");
    expect(refused.body.error.message).toMatch(/built in.*disable it instead/);
    expect((await builtin("notification-backlog")).id).toBe(rule.id);

    const edited = await call<AlertRule>(
      "PUT",
      `/alert-rules/${rule.id}`,
      body(rule, { enabled: false, condition: { ...rule.condition, threshold: 1200 } }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ enabled: false, builtinKey: "notification-backlog" });
    expect(edited.body.condition.threshold).toBe(1200);

    const moved = await call<{ error: { message: string } }>(
      "PUT",
      `/alert-rules/${rule.id}`,
      body(rule, { query: { ...rule.query, metric: "something.else" } as AlertRule["query"] }),
    );
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toMatch(/^query\.metric: /);
    expect((await builtin("notification-backlog")).query).toMatchObject({
      metric: "tracelight.notifications.oldest_pending.age",
    });
  });

  it("'ingest refusing' fires on self-metrics of a refused burst, through the evaluator, and notifies its channel", async () => {
    const channel = await call<{ id: string }>("POST", "/channels", {
      name: "ops",
      type: "webhook",
      url: receiver.url,
    });
    expect(channel.status).toBe(201);
    const rule = await builtin("ingest-refusing");
    expect((await call("PUT", `/alert-rules/${rule.id}`, body(rule, { channelIds: [channel.body.id] }))).status).toBe(
      200,
    );
    // Nothing refused yet: the rule is evaluated over the self-metrics and holds.
    await until("the rule evaluated", async () =>
      (await builtin("ingest-refusing")).health.lastEvalAt ? true : undefined,
    );
    expect((await builtin("ingest-refusing")).health.error).toBeNull();
    expect((await builtin("ingest-refusing")).counts.firing).toBe(0);

    store.delayMs = 300;
    // Plain requests: an SDK exporter would retry its 503s until they went through.
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const response = await fetch(`${t.otlpHttp}/v1/traces`, {
          method: "POST",
          headers: { "content-type": "application/x-protobuf" },
          body: ProtobufTraceSerializer.serializeRequest(makeSpans(`burst-${i}`, 20)) as Uint8Array,
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    store.delayMs = 0;
    const refusals = statuses.filter((s) => s === 503).length;
    expect(refusals).toBeGreaterThan(0);
    expect(t.service.pipeline?.refused).toBeGreaterThanOrEqual(refusals);

    const [alert] = await until(
      "the built-in rule firing",
      async () => {
        const { body } = await call<AlertsResponse>("GET", `/alerts?ruleId=${rule.id}&state=firing`);
        return body.alerts.length > 0 ? body.alerts : undefined;
      },
      // A metric the evaluator did not find at its first cycle is looked up again 30 s later (rule-values.ts).
      { timeoutMs: 45_000 },
    );
    expect(alert as Alert).toMatchObject({ ruleName: "Tracelight ingest refusing requests", severity: "warning" });
    expect(alert?.value).toBeGreaterThanOrEqual(1);
    expect(alert?.summary).toMatch(/^Tracelight ingest refused \d+ OTLP requests in 5 minutes/);

    const sent = await until("the firing notification", () =>
      receiver.received.find((r) => r.body.status === "firing" && (r.body.rule as { id: string }).id === rule.id),
    );
    expect(sent.body.rule).toMatchObject({ name: "Tracelight ingest refusing requests" });
  }, 90_000);

  it("'ingest writes failing' fires while no write succeeds (no self-metrics arrive) and resolves after", async () => {
    const rule = await builtin("ingest-writes-failing");
    // A short window, so the test need not wait minutes: editing a built-in's window is allowed.
    const quick = body(rule, { query: { ...rule.query, window: "10s" }, condition: { ...rule.condition, for: "0s" } });
    expect((await call("PUT", `/alert-rules/${rule.id}`, quick)).status).toBe(200);
    const alert = async (state: string) =>
      (await call<AlertsResponse>("GET", `/alerts?ruleId=${rule.id}&state=${state}`)).body.alerts[0];
    // Held: the evaluator sees the 0s the healthy store takes. (Before, in the silence of the
    // start, it may have fired on no data: this quick copy has no `for` to outlast it.)
    const held = async () => {
      const a = (await alert("ok")) ?? (await alert("resolved"));
      return a?.value === 0 ? a : undefined;
    };
    await until("the rule holding on 0s", held, { timeoutMs: 45_000 });

    store.failing = true;
    const since = Date.now();
    try {
      const firing = await until("the writes-failing rule firing", () => alert("firing"), { timeoutMs: 30_000 });
      expect(firing).toMatchObject({ ruleName: "Tracelight ingest writes failing", severity: "critical", value: null });
      // No data for a whole window: the last point stored before the failure has left it.
      expect(firing.firedAt).toBeGreaterThanOrEqual(since + 9_000);
      // The failure is simulated in the batch writer only: the store's write probe (write-probe.ts)
      // still succeeds and calls writes ok until the next batch fails, so the status is polled.
      const writes = async () => (await call<{ ingest: { writes: string } }>("GET", "/status")).body.ingest.writes;
      await until("the status saying writes fail", async () => {
        const now = await writes();
        return /^failing since .*no space left on device/.test(now) ? now : undefined;
      });
    } finally {
      store.failing = false;
    }
    await until("the rule resolved", async () => ((await alert("resolved"))?.resolvedAt ?? 0) > since || undefined, {
      timeoutMs: 40_000,
    });
  }, 120_000);

  it("'query latency' fires per route (its threshold lowered below any answer)", async () => {
    const rule = await builtin("query-latency");
    const anyAnswer = body(rule, { condition: { ...rule.condition, threshold: 1e-9, for: "0s" } });
    expect((await call("PUT", `/alert-rules/${rule.id}`, anyAnswer)).status).toBe(200);
    await call("GET", "/services?from=now-1h&to=now");
    const alerts = await until(
      "a route's p99 alert",
      async () => {
        const { body } = await call<AlertsResponse>("GET", `/alerts?ruleId=${rule.id}&state=firing`);
        return body.alerts.some((a) => a.labels["http.route"] === "/api/v1/services") ? body.alerts : undefined;
      },
      { timeoutMs: 45_000 },
    );
    const services = alerts.find((a) => a.labels["http.route"] === "/api/v1/services");
    expect(services?.summary).toMatch(/^p99 of \/api\/v1\/services is [\d.e-]+ s \(more than 1e-9 s\)$/);
  }, 60_000);

  it("'notification backlog' fires while a notification cannot be delivered (its threshold lowered to 1 s)", async () => {
    const down = await startWebhookReceiver({ failFirst: Number.MAX_SAFE_INTEGER });
    try {
      const channel = await call<{ id: string }>("POST", "/channels", { name: "down", type: "webhook", url: down.url });
      const always = await call("POST", "/alert-rules", {
        name: "always firing",
        query: { metric: "tracelight.ingest.queue.rows", aggregation: "count", window: "10s" },
        condition: { op: ">=", threshold: 0 },
        channelIds: [channel.body.id],
      });
      expect(always.status).toBe(201);
      const rule = await builtin("notification-backlog");
      const soon = body(rule, { enabled: true, condition: { ...rule.condition, threshold: 1 } });
      expect((await call("PUT", `/alert-rules/${rule.id}`, soon)).status).toBe(200);
      const [alert] = await until(
        "the backlog rule firing",
        async () => {
          const { body } = await call<AlertsResponse>("GET", `/alerts?ruleId=${rule.id}&state=firing`);
          return body.alerts.length > 0 ? body.alerts : undefined;
        },
        { timeoutMs: 45_000 },
      );
      expect(alert?.value).toBeGreaterThan(1);
      const status = await call<{ notifications: { backlog: number } }>("GET", "/status");
      expect(status.body.notifications.backlog).toBeGreaterThanOrEqual(1);
    } finally {
      await down.close();
    }
  }, 60_000);

  it("every built-in rule evaluates over the self-metrics without error", async () => {
    for (const rule of (await rules()).filter((r) => r.builtinKey)) {
      expect(rule.health.lastEvalAt, rule.name).not.toBeNull();
      expect(rule.health.error, rule.name).toBeNull();
    }
  });
});
