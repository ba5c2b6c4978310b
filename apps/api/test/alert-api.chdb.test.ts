// The alerting API as a contract for rules kept as code: create, read back, put back what was
// read, validation errors that name the field, 404/409, channel test-sends and the delivery
// log, silences, and the preview replay over real stored data.
import type {
  AlertPreviewResponse,
  AlertRule,
  AlertRulesResponse,
  ApiError,
  Channel,
  DeliveriesResponse,
  Delivery,
  Silence,
} from "@tracelight/contracts";
import { startWebhookReceiver, type WebhookReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_RULE } from "./fixtures/queue-rule.ts";
import { INCIDENT_METRIC, type Incident, sendIncident } from "./helpers/checkout-incident.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let svc: TestService;
let api: string;
let receiver: WebhookReceiver;
let receiverUrl: string;
let incident: Incident;

const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

const RULE = QUEUE_RULE;

beforeAll(async () => {
  svc = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
  receiver = await startWebhookReceiver();
  receiverUrl = `${receiver.url}/hook`;
  // Ends on a 5-minute boundary, so the preview's windows (aligned to their length) split it cleanly.
  const endMs = Math.floor(Date.now() / 300_000) * 300_000;
  incident = await sendIncident(svc.otlpHttp, { endMs, minutes: 30, slowMinutes: 5 });
});

afterAll(async () => {
  await receiver.close();
  await svc.close();
});

describe("channels", () => {
  it("create, read, update, delete; duplicate names are a conflict; bad input names the field", async () => {
    const created = await call<Channel>("POST", "/channels", { name: "ops", type: "webhook", url: receiverUrl });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ops", type: "webhook", url: receiverUrl });
    const id = created.body.id;
    expect((await call<Channel>("GET", `/channels/${id}`)).body.name).toBe("ops");

    const dup = await call<ApiError>("POST", "/channels", { name: "ops", type: "slack", url: receiverUrl });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/^name: /);

    const bad = await call<ApiError>("POST", "/channels", { name: "x", type: "pager", url: "ftp://x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request");
    expect(bad.body.error.message).toContain("type: must be one of webhook, slack");
    expect(bad.body.error.message).toContain("url: must be an http:// or https:// URL");

    const updated = await call<Channel>("PUT", `/channels/${id}`, { name: "ops-2", type: "slack", url: receiverUrl });
    expect(updated.body).toMatchObject({ id, name: "ops-2", type: "slack" });
    expect((await call("DELETE", `/channels/${id}`)).status).toBe(204);
    expect((await call<ApiError>("GET", `/channels/${id}`)).status).toBe(404);
    expect((await call<ApiError>("DELETE", `/channels/${id}`)).status).toBe(404);
  });

  it("test-send delivers a test payload and logs it", async () => {
    const channel = (await call<Channel>("POST", "/channels", { name: "tester", type: "webhook", url: receiverUrl }))
      .body;
    const sent = await call<{ delivery: Delivery }>("POST", `/channels/${channel.id}/test`);
    expect(sent.status).toBe(202);
    expect(sent.body.delivery).toMatchObject({ status: "sent", test: true, attempts: 1, responseStatus: 200 });
    expect(receiver.received.at(-1)?.body).toMatchObject({ test: true, status: "test" });
    const log = await call<DeliveriesResponse>("GET", `/channels/${channel.id}/deliveries`);
    expect(log.body.deliveries.map((d) => d.id)).toEqual([sent.body.delivery.id]);
    expect((await call<DeliveriesResponse>("GET", "/deliveries?limit=5")).body.deliveries[0]?.id).toBe(
      sent.body.delivery.id,
    );
    expect((await call<ApiError>("POST", "/channels/nope/test")).status).toBe(404);
  });
});

describe("rules as code", () => {
  it("reads back what was written, in a form that can be put back unchanged", async () => {
    const created = await call<AlertRule>("POST", "/alert-rules", RULE);
    expect(created.status).toBe(201);
    const rule = created.body;
    expect(rule).toMatchObject({
      kind: "metric",
      enabled: true,
      labels: {},
      channelIds: [],
      query: { filters: [{ key: "service.name", op: "=", value: "worker" }], window: "1m" },
      condition: { op: ">", threshold: 100, for: "5m", noData: "ok" },
      counts: { ok: 0, pending: 0, firing: 0, resolved: 0 },
    });
    const { id, createdAt, updatedAt, counts, ...asCode } = rule;
    const put = await call<AlertRule>("PUT", `/alert-rules/${id}`, asCode);
    expect(put.status).toBe(200);
    expect(put.body.query).toEqual(rule.query);
    expect(put.body.condition).toEqual(rule.condition);
    const list = await call<AlertRulesResponse>("GET", "/alert-rules");
    expect(list.body.rules.map((r) => r.id)).toContain(id);
  });

  it("refuses invalid rules with every problem named, and unknown channels", async () => {
    const bad = await call<ApiError>("POST", "/alert-rules", {
      name: " ",
      query: { metric: "m", aggregation: "p42", window: "soon" },
      condition: { op: "outside", threshold: 5, for: "5m", nOfM: { n: 4, m: 3 } },
      severity: "urgent",
    });
    expect(bad.status).toBe(400);
    for (const field of [
      "name: is required",
      "query.aggregation: must be one of",
      "query.window: must be a duration",
      "condition.nOfM.n: n must not exceed m",
      "severity: must be one of critical, warning, info",
    ]) {
      expect(bad.body.error.message).toContain(field);
    }
    const outside = await call<ApiError>("POST", "/alert-rules", {
      ...RULE,
      condition: { op: "outside", threshold: 5 },
    });
    expect(outside.body.error.message).toBe('condition.thresholdHigh: is required when op is "outside"');
    const kind = await call<ApiError>("POST", "/alert-rules", { ...RULE, kind: "traces" });
    expect(kind.body.error.message).toBe("kind: must be one of metric, logs");
    const channel = await call<ApiError>("POST", "/alert-rules", { ...RULE, channelIds: ["missing"] });
    expect(channel.status).toBe(400);
    expect(channel.body.error.message).toBe("channelIds: no channel missing");
    const notJson = await fetch(`${api}/alert-rules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
  });

  it("404 for unknown rules; delete removes the rule", async () => {
    expect((await call<ApiError>("GET", "/alert-rules/nope")).status).toBe(404);
    expect((await call<ApiError>("PUT", "/alert-rules/nope", RULE)).status).toBe(404);
    const rule = (await call<AlertRule>("POST", "/alert-rules", { ...RULE, name: "to delete" })).body;
    expect((await call("DELETE", `/alert-rules/${rule.id}`)).status).toBe(204);
    expect((await call<ApiError>("GET", `/alert-rules/${rule.id}`)).status).toBe(404);
  });
});

describe("preview", () => {
  it("replays the rule over stored data: values per window and where it would have fired", async () => {
    const preview = await call<AlertPreviewResponse>("POST", "/alert-rules/preview", {
      rule: {
        query: { metric: INCIDENT_METRIC, aggregation: "p99", filters: ["service.name=checkout"], window: "1m" },
        condition: { op: ">", threshold: 800, unit: "ms", for: "2m" },
      },
      from: incident.startMs,
      to: incident.endMs,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.stepMs).toBe(60_000);
    // Sent in ms, answered in s (the semantic conventions' unit); the threshold says its own.
    expect(preview.body.unit).toBe("s");
    const [series] = preview.body.series;
    if (series === undefined) throw new Error("no series");
    expect(series.points.length).toBe(30);
    const slow = series.points.filter(([t]) => t >= incident.slowFromMs);
    expect(slow.every(([, v]) => v !== null && v > 1)).toBe(true);
    expect(series.points.filter(([t]) => t < incident.slowFromMs).every(([, v]) => v !== null && v < 0.1)).toBe(true);
    // Breaches evaluated at the end of each slow window; for 2m → firing from the third one.
    expect(series.firing).toEqual([{ from: incident.slowFromMs + 3 * 60_000, to: incident.endMs }]);
  });

  it("log-count preview counts 0 in quiet windows; a rule that does not parse names the field", async () => {
    const logs = await call<AlertPreviewResponse>("POST", "/alert-rules/preview", {
      rule: {
        kind: "logs",
        query: { service: "checkout", severity: "ERROR", window: "5m" },
        condition: { op: ">", threshold: 20 },
      },
      from: incident.startMs,
      to: incident.endMs,
    });
    const [series] = logs.body.series;
    expect(series?.points.map(([, v]) => v)).toEqual([0, 0, 0, 0, 0, 30]);
    expect(series?.firing).toEqual([{ from: incident.endMs, to: incident.endMs }]);
    const bad = await call<ApiError>("POST", "/alert-rules/preview", { rule: { query: {} } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("rule.query.metric: is required");
  });
});

describe("silences", () => {
  it("create with a duration, list with status, expire keeps the record", async () => {
    const created = await call<Silence>("POST", "/silences", {
      matchers: [{ label: "service.name", op: "=~", value: "check.*" }],
      duration: "2h",
      comment: "deploy",
      createdBy: "ana",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "active", comment: "deploy", createdBy: "ana" });
    expect(created.body.endsAt - created.body.startsAt).toBe(2 * 3_600_000);
    const expired = await call<Silence>("DELETE", `/silences/${created.body.id}`);
    expect(expired.body.status).toBe("expired");
    const list = await call<{ silences: Silence[] }>("GET", "/silences");
    expect(list.body.silences.find((s) => s.id === created.body.id)?.status).toBe("expired");
    const bad = await call<ApiError>("POST", "/silences", { matchers: [{ label: "a", op: "=~", value: "(" }] });
    expect(bad.body.error.message).toContain("matchers.0.value: is not a valid regular expression");
    expect(bad.body.error.message).toContain("endsAt: give endsAt or a duration");
  });
});
