// The alert evaluator end to end on the real components: OTLP over HTTP into chDB, rules and
// channels through the query API into the metadata database (SQLite or PostgreSQL: the test
// files alerts.sqlite.chdb.test.ts and alerts.postgres.chdb.test.ts), the evaluator driven
// cycle by cycle at chosen instants, and notifications delivered over HTTP to a local
// receiver that fails once.
import type { Alert, AlertDetailResponse, AlertRule, AlertsResponse, StatusResponse } from "@tracelight/contracts";
import { startWebhookReceiver, until, type WebhookReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertEvaluator } from "../../src/alerts/evaluator.ts";
import { PROCESS_HOLDER } from "../../src/alerts/evaluator-lease.ts";
import { DeliveryDispatcher } from "../../src/notify/dispatcher.ts";
import { INCIDENT_METRIC, INCIDENT_SERVICE, type Incident, sendIncident } from "./checkout-incident.ts";
import { countingTransport } from "./cycle-fixtures.ts";
import { callJson } from "./json-api.ts";
import { freshDataDir, startTestService, type TestService } from "./service.ts";

const MIN = 60_000;

export interface SuiteOptions {
  /** The metadata database; default SQLite in the data dir. */
  databaseUrl?: () => string;
}

export function defineAlertEvaluationSuite(name: string, options: SuiteOptions = {}): void {
  describe(`alert evaluation with the real store, ${name} and HTTP`, () => {
    let dataDir: string;
    let svc: TestService;
    let api: string;
    let dispatcher: DeliveryDispatcher;
    let evaluator: AlertEvaluator;
    let receiver: WebhookReceiver;
    let incident: Incident;

    async function start(): Promise<void> {
      const env: Record<string, string> = options.databaseUrl ? { DATABASE_URL: options.databaseUrl() } : {};
      svc = await startTestService(env, { dataDir, roles: "ingest,query" });
      api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
      const db = svc.service.db;
      if (db === undefined) throw new Error("the query role opens the metadata database");
      dispatcher = new DeliveryDispatcher({
        prisma: db.prisma,
        publicUrl: "http://ui.test",
        backoff: { baseMs: 50, maxMs: 200, jitter: 0 },
        pollMs: 50,
      });
      dispatcher.start();
      evaluator = new AlertEvaluator({ db, transport: svc.service.transport, intervalMs: 60_000, outbox: dispatcher });
    }

    async function stop(): Promise<void> {
      await dispatcher.stop();
      await svc.close({ keepData: true });
    }

    const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

    const alertsOf = async (ruleId: string, state?: string): Promise<Alert[]> =>
      (await call<AlertsResponse>("GET", `/alerts?ruleId=${ruleId}${state ? `&state=${state}` : ""}`)).body.alerts;

    beforeAll(async () => {
      dataDir = await freshDataDir();
      receiver = await startWebhookReceiver({ failFirst: 1 });
      await start();
      incident = await sendIncident(svc.otlpHttp, { endMs: Date.now(), minutes: 10, slowMinutes: 5 });
    });

    afterAll(async () => {
      await stop();
      await receiver.close();
      await svc.close();
    });

    it("fires after the for-duration with evidence from the store, notifies once after a retry, survives a restart, resolves", async () => {
      const channel = await call<{ id: string }>("POST", "/channels", {
        name: "ops",
        type: "webhook",
        url: receiver.url,
      });
      expect(channel.status).toBe(201);
      const created = await call<{ id: string }>("POST", "/alert-rules", {
        name: "checkout p99",
        query: {
          metric: INCIDENT_METRIC,
          aggregation: "p99",
          filters: { "service.name": INCIDENT_SERVICE },
          window: "1m",
        },
        // The incident sends milliseconds; values are answered in s (the semantic conventions' unit).
        condition: { op: ">", threshold: 800, unit: "ms", for: "2m" },
        severity: "critical",
        summary: "p99 {{value}} ms on {{service.name}}",
        labels: { team: "payments" },
        channelIds: [channel.body.id],
      });
      expect(created.status).toBe(201);
      const ruleId = created.body.id;

      // Before the slow part: ok.
      await evaluator.runCycle(incident.slowFromMs - 10_000);
      expect((await alertsOf(ruleId, "ok")).length).toBe(1);

      // First whole slow window → pending; it must hold 2 minutes before firing.
      const t0 = incident.slowFromMs + MIN + 1000;
      await evaluator.runCycle(t0);
      const [pending] = await alertsOf(ruleId, "pending");
      expect(pending?.value).toBeGreaterThan(0.8);
      expect(pending?.startedAt).toBe(t0);
      await evaluator.runCycle(t0 + MIN);
      expect((await alertsOf(ruleId, "pending")).length).toBe(1);
      const stats = await evaluator.runCycle(t0 + 2 * MIN);
      expect(stats.transitions).toBe(1);

      const [firing] = await alertsOf(ruleId, "firing");
      if (firing === undefined) throw new Error("no firing alert");
      expect(firing.labels).toEqual({ alertname: "checkout p99", severity: "critical", team: "payments" });
      expect(firing.summary).toMatch(/^p99 \d+ ms on \{\{service\.name\}\}$/);
      expect(firing.firedAt).toBe(t0 + 2 * MIN);
      expect(firing.unit).toBe("s");

      // Evidence: exemplar traces of the breaching window that exist in the store, and their logs.
      const evidence = firing.evidence;
      if (evidence === null) throw new Error("no evidence");
      expect(evidence.window).toEqual({ from: t0 - MIN, to: t0 + 2 * MIN });
      expect(evidence.traces.length).toBeGreaterThan(0);
      for (const t of evidence.traces) {
        expect(incident.traceIds).toContain(t.traceId);
        expect(t.timestamp).toBeGreaterThanOrEqual(evidence.window.from);
        expect(t.timestamp).toBeLessThanOrEqual(evidence.window.to);
        expect(t).toMatchObject({ serviceName: INCIDENT_SERVICE, spanName: "POST /checkout", isError: true });
        const trace = await call<{ spans: { spanId: string }[] }>("GET", `/traces/${t.traceId}`);
        expect(trace.status).toBe(200);
        expect(trace.body.spans.map((s) => s.spanId)).toContain(t.spanId);
      }
      expect(evidence.logs.length).toBeGreaterThan(0);
      for (const l of evidence.logs) {
        expect(evidence.traces.map((t) => t.traceId)).toContain(l.traceId);
        expect(l.body).toMatch(/card processor timed out/);
      }

      // The link opens the metric view with the rule's query around the breach.
      const link = new URL(firing.links.metric ?? "", "http://ui.test");
      expect(link.pathname).toBe("/metrics");
      expect(link.searchParams.get("metric")).toBe(INCIDENT_METRIC);
      expect(link.searchParams.get("agg")).toBe("p99");
      expect(link.searchParams.getAll("filter")).toEqual(["service.name=checkout"]);
      expect(link.searchParams.get("step")).toBe("1m");
      expect(Number(link.searchParams.get("hlFrom"))).toBe(t0 - MIN);

      // The webhook: the first POST got a 500, the retry delivered it.
      const firingNote = await until("the firing notification", () => receiver.received[0]);
      expect(firingNote.body).toMatchObject({ version: "1", status: "firing", test: false });
      const noteTraces = (firingNote.body.evidence as { traces: { traceId: string; link: string }[] }).traces;
      expect(noteTraces.map((t) => t.traceId)).toEqual(evidence.traces.map((t) => t.traceId));
      expect(noteTraces[0]?.link).toMatch(/^http:\/\/ui\.test\/traces\/[0-9a-f]{32}/);
      const detail = await until("the delivery to be marked sent", async () => {
        const d = await call<AlertDetailResponse>("GET", `/alerts/${firing.id}`);
        const delivery = d.body.events[0]?.deliveries[0];
        return delivery?.status === "sent" ? d.body : undefined;
      });
      expect(detail.events.map((e) => `${e.fromState}>${e.state}`)).toEqual(["pending>firing", "ok>pending"]);
      expect(detail.events[0]?.deliveries[0]).toMatchObject({ attempts: 2, responseStatus: 200, channelName: "ops" });

      // A restart continues from the stored state: still breaching, no new event, nothing sent again.
      await stop();
      await start();
      const again = await evaluator.runCycle(t0 + 2 * MIN + 30_000);
      expect(again.transitions).toBe(0);
      expect((await alertsOf(ruleId, "firing")).map((a) => a.id)).toEqual([firing.id]);

      // After the incident the window has no data: resolved, and that is notified too.
      await evaluator.runCycle(incident.endMs + 3 * MIN);
      const [resolved] = await alertsOf(ruleId, "resolved");
      expect(resolved?.resolvedAt).toBe(incident.endMs + 3 * MIN);
      expect(resolved?.evidence?.traces.length).toBe(evidence.traces.length);
      const resolvedNote = await until("the resolved notification", () => receiver.received[1]);
      expect(resolvedNote.body).toMatchObject({ status: "resolved" });
      expect(receiver.received.length).toBe(2);
    });

    it("a silenced log-count rule fires without notifying; the alert shows as silenced", async () => {
      const before = receiver.received.length;
      const channel = await call<{ id: string }>("POST", "/channels", {
        name: "pager",
        type: "slack",
        url: receiver.url,
      });
      const rule = await call<{ id: string }>("POST", "/alert-rules", {
        kind: "logs",
        name: "checkout errors",
        query: { service: INCIDENT_SERVICE, severity: "ERROR", window: "5m" },
        condition: { op: ">", threshold: 10 },
        channelIds: [channel.body.id],
      });
      expect(rule.status).toBe(201);
      const silence = await call<{ status: string }>("POST", "/silences", {
        matchers: [{ label: "alertname", op: "=", value: "checkout errors" }],
        // From before the incident: the evaluator runs at the incident's (past) end.
        startsAt: incident.startMs,
        endsAt: Date.now() + 3_600_000,
        comment: "known incident",
      });
      expect(silence.status).toBe(201);
      expect(silence.body.status).toBe("active");

      // 30 ERROR logs (one per slow 10 s point) in the last 5 minutes of the incident.
      await evaluator.runCycle(incident.endMs);
      const [alert] = await alertsOf(rule.body.id, "firing");
      expect(alert).toMatchObject({ value: 30, silenced: true, unit: "" });
      expect(alert?.evidence?.logs.length).toBe(10);
      expect(alert?.evidence?.traces.length).toBe(5);
      const detail = await call<AlertDetailResponse>("GET", `/alerts/${alert?.id}`);
      expect(detail.body.events[0]?.deliveries.map((d) => d.status)).toEqual(["silenced"]);
      // Give the dispatcher a few polls: nothing may arrive.
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.received.length).toBe(before);
    });

    it("rules without data are ok with no data, and 'alerting' no-data fires", async () => {
      const quiet = await call<{ id: string }>("POST", "/alert-rules", {
        name: "nothing here",
        query: { metric: "no.such.metric", aggregation: "avg" },
        condition: { op: ">", threshold: 1, noData: "alerting" },
      });
      await evaluator.runCycle(Date.now());
      const [alert] = await alertsOf(quiet.body.id, "firing");
      expect(alert).toMatchObject({ value: null, labels: { alertname: "nothing here", severity: "warning" } });
      expect(alert?.evidence).toEqual(expect.objectContaining({ traces: [], logs: [] }));

      // Disabled: no longer evaluated, and its stale state is not listed.
      const disabled = await call<AlertRule>("PUT", `/alert-rules/${quiet.body.id}`, {
        name: "nothing here",
        query: { metric: "no.such.metric", aggregation: "avg" },
        condition: { op: ">", threshold: 1, noData: "alerting" },
        enabled: false,
      });
      expect(disabled.body.enabled).toBe(false);
      expect(await alertsOf(quiet.body.id)).toEqual([]);
      const before = disabled.body.health.lastEvalAt;
      await evaluator.runCycle(Date.now() + 1000);
      expect((await call<AlertRule>("GET", `/alert-rules/${quiet.body.id}`)).body.health.lastEvalAt).toBe(before);
    });

    it("a rule that cannot be evaluated reports why on the rule; the others still run", async () => {
      const broken = await call<{ id: string }>("POST", "/alert-rules", {
        name: "wrong aggregation",
        query: { metric: INCIDENT_METRIC, aggregation: "last" },
        condition: { op: ">", threshold: 1 },
      });
      const stats = await evaluator.runCycle(Date.now());
      expect(stats.failedRules).toBe(1);
      expect(stats.rules).toBeGreaterThan(1);
      const rule = await call<AlertRule>("GET", `/alert-rules/${broken.body.id}`);
      expect(rule.body.health.error).toBe(
        "last is not available for histogram metrics; use one of p99, p50, p90, p95, avg, rate, count",
      );
      expect(rule.body.health.lastEvalAt).toBeGreaterThan(0);
      const fixed = await call<AlertRule>("PUT", `/alert-rules/${broken.body.id}`, {
        name: "wrong aggregation",
        query: { metric: INCIDENT_METRIC, aggregation: "avg" },
        condition: { op: ">", threshold: 1 },
      });
      expect(fixed.status).toBe(200);
      await evaluator.runCycle(Date.now());
      expect((await call<AlertRule>("GET", `/alert-rules/${broken.body.id}`)).body.health.error).toBeNull();
    });

    it("a rule deleted while the cycle reads the store fails alone; the other rules' states are written", async () => {
      const rule = (name: string) =>
        call<{ id: string }>("POST", "/alert-rules", {
          name,
          query: { metric: INCIDENT_METRIC, aggregation: "p99", filters: { "service.name": INCIDENT_SERVICE } },
          condition: { op: ">", threshold: 800, unit: "ms" },
        });
      const kept = await rule("kept while another goes");
      const doomed = await rule("deleted mid-cycle");
      let deleted = false;
      const { transport } = countingTransport(svc.service.transport, async () => {
        if (!deleted) {
          deleted = true;
          expect((await call("DELETE", `/alert-rules/${doomed.body.id}`)).status).toBe(204);
        }
        return false;
      });
      const db = svc.service.db!;
      const at = incident.slowFromMs + MIN + 1000;
      await new AlertEvaluator({ db, transport, intervalMs: 60_000, outbox: dispatcher }).runCycle(at);
      expect(deleted).toBe(true);
      const [alert] = await alertsOf(kept.body.id, "firing");
      expect(alert?.lastEvalAt).toBe(at);
      expect((await call<AlertRule>("GET", `/alert-rules/${kept.body.id}`)).body.health).toEqual({
        lastEvalAt: at,
        error: null,
      });
    });

    it("a store that cannot give the evidence: the alert still fires and notifies, its evidence marked missing", async () => {
      const channel = await call<{ id: string }>("POST", "/channels", {
        name: "evidence-less",
        type: "webhook",
        url: receiver.url,
      });
      const name = "fires without evidence";
      const created = await call<{ id: string }>("POST", "/alert-rules", {
        name,
        query: { metric: INCIDENT_METRIC, aggregation: "p99", filters: { "service.name": INCIDENT_SERVICE } },
        condition: { op: ">", threshold: 800, unit: "ms" },
        channelIds: [channel.body.id],
      });
      const { transport } = countingTransport(svc.service.transport, (text) =>
        /tracelight_exemplars|otel_traces|otel_logs/.test(text),
      );
      const db = svc.service.db!;
      await new AlertEvaluator({ db, transport, intervalMs: 60_000, outbox: dispatcher }).runCycle(
        incident.slowFromMs + MIN + 1000,
      );
      expect((await call<AlertRule>("GET", `/alert-rules/${created.body.id}`)).body.health.error).toBeNull();
      const [alert] = await alertsOf(created.body.id, "firing");
      expect(alert?.evidence).toMatchObject({ traces: [], logs: [], missing: "store unavailable for this read" });
      const note = await until("the notification", () =>
        receiver.received.find((r) => (r.body.rule as { name?: string } | undefined)?.name === name),
      );
      expect(note.body).toMatchObject({
        status: "firing",
        evidence: { traces: [], missing: "store unavailable for this read" },
      });
    });

    it("GET /status: the evaluator's lease and last cycle, failing rules, the notification backlog", async () => {
      const broken = await call<{ id: string }>("POST", "/alert-rules", {
        name: "fails for the status",
        query: { metric: INCIDENT_METRIC, aggregation: "last" },
        condition: { op: ">", threshold: 1 },
      });
      const channel = await call<{ id: string }>("POST", "/channels", {
        name: "backlog",
        type: "webhook",
        url: receiver.url,
      });
      const prisma = svc.service.db!.prisma;
      // Not due for an hour: the dispatcher leaves it pending.
      await prisma.delivery.create({
        data: {
          id: "stuck",
          channelId: channel.body.id,
          status: "pending",
          payload: {},
          createdAt: new Date(Date.now() - 90_000),
          nextAttemptAt: new Date(Date.now() + 3_600_000),
        },
      });
      const before = Date.now();
      await evaluator.runCycle(before);
      const { status, body } = await call<StatusResponse>("GET", "/status");
      expect(status).toBe(200);
      expect(body.evaluator).toMatchObject({
        leader: true,
        holder: PROCESS_HOLDER,
        lagS: 0,
        lastError: null,
        failingRules: 1,
      });
      expect(body.evaluator.lastCycleAt).toBeGreaterThanOrEqual(before);
      expect(body.evaluator.lastCycleMs).toBeGreaterThan(0);
      expect(body.notifications.backlog).toBe(1);
      expect(body.notifications.oldestPendingAgeS).toBeGreaterThanOrEqual(90);
      await prisma.delivery.delete({ where: { id: "stuck" } });
      await call("DELETE", `/alert-rules/${broken.body.id}`);

      // A cycle that fails as a whole is not only logged: the status says why, the last good cycle stays.
      const db = svc.service.db!;
      const failing = new AlertEvaluator({
        db: {
          ...db,
          prisma: new Proxy(db.prisma, {
            get: (target, key) =>
              key === "alertRule"
                ? { findMany: () => Promise.reject(new Error("metadata database unreachable")) }
                : Reflect.get(target, key),
          }),
        },
        transport: svc.service.transport,
        intervalMs: 60_000,
        outbox: dispatcher,
      });
      failing.start();
      const failed = await until("the failure in the status", async () => {
        const e = (await call<StatusResponse>("GET", "/status")).body.evaluator;
        return e.lastError === null ? undefined : e;
      });
      await failing.stop();
      expect(failed).toMatchObject({
        lastError: "metadata database unreachable",
        lastCycleAt: body.evaluator.lastCycleAt,
      });
    });

    it("two evaluators on one database: only the lease holder acts, one notification; a clean stop hands over", async () => {
      await evaluator.stop();
      const channel = await call<{ id: string }>("POST", "/channels", {
        name: "one-pager",
        type: "webhook",
        url: receiver.url,
      });
      const name = "notified once by two evaluators";
      await call("POST", "/alert-rules", {
        name,
        query: { metric: INCIDENT_METRIC, aggregation: "p99", filters: { "service.name": INCIDENT_SERVICE } },
        condition: { op: ">", threshold: 800, unit: "ms" },
        channelIds: [channel.body.id],
      });
      const db = svc.service.db!;
      const [a, b] = ["replica-a", "replica-b"].map(
        (holder) =>
          new AlertEvaluator({ db, transport: svc.service.transport, intervalMs: 60_000, outbox: dispatcher, holder }),
      ) as [AlertEvaluator, AlertEvaluator];
      const at = incident.slowFromMs + MIN + 1000;
      // Both read the series' state (ok) before either writes: without a lease, both would fire it.
      await Promise.all([a.runCycle(incident.slowFromMs - 10_000), b.runCycle(incident.slowFromMs - 10_000)]);
      const stats = await Promise.all([a.runCycle(at), b.runCycle(at)]);
      expect(stats.filter((s) => s.leader).length).toBe(1);
      const mine = () => receiver.received.filter((r) => (r.body.rule as { name?: string } | undefined)?.name === name);
      await until("the notification", () => mine()[0]);
      await new Promise((r) => setTimeout(r, 300));
      expect(mine().length).toBe(1);

      const [leader, other] = stats[0]!.leader ? [a, b] : [b, a];
      expect((await other.runCycle(at + 2 * MIN)).leader).toBe(false);
      const held = (await call<StatusResponse>("GET", "/status")).body.evaluator;
      expect(held).toMatchObject({ leader: false, holder: stats[0]!.leader ? "replica-a" : "replica-b" });
      await leader.stop();
      expect((await other.runCycle(at + 2 * MIN)).leader).toBe(true);
      await other.stop();
      expect((await call<StatusResponse>("GET", "/status")).body.evaluator).toMatchObject({
        leader: false,
        holder: null,
      });
    });

    it("an evaluator whose lease is taken over while it reads the store writes nothing more", async () => {
      const created = await call<{ id: string }>("POST", "/alert-rules", {
        name: "written by the new leader only",
        query: { metric: INCIDENT_METRIC, aggregation: "p99", filters: { "service.name": INCIDENT_SERVICE } },
        condition: { op: ">", threshold: 800, unit: "ms" },
      });
      const { prisma } = svc.service.db!;
      let taken = false;
      const { transport } = countingTransport(svc.service.transport, async () => {
        if (!taken) {
          taken = true;
          // As another replica would once this one's lease expired.
          await prisma.evaluatorLease.updateMany({
            data: { holder: "usurper", expiresAt: new Date(Date.now() + MIN) },
          });
        }
        return false;
      });
      const deposed = new AlertEvaluator({
        db: svc.service.db!,
        transport,
        intervalMs: 60_000,
        outbox: dispatcher,
        holder: "deposed",
      });
      const stats = await deposed.runCycle(incident.slowFromMs + MIN + 1000);
      expect(taken).toBe(true);
      expect(stats).toMatchObject({ leader: false, series: 0 });
      expect(await alertsOf(created.body.id)).toEqual([]);
      await prisma.evaluatorLease.updateMany({ data: { expiresAt: new Date(0) } });
    });
  });
}
