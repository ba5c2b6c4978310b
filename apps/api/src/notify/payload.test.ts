import { describe, expect, it } from "vitest";
import {
  absoluteUrl,
  buildNotificationBody,
  buildSlackPayload,
  buildTestBody,
  buildWebhookPayload,
  formatNumber,
  type NotificationInput,
  type SlackBlock,
  TEST_MESSAGE,
} from "./payload.ts";

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const ctx = { publicUrl: "https://tl.example.com/", idempotencyKey: "dlv_1" };

function firing(overrides: Partial<NotificationInput> = {}): NotificationInput {
  return {
    eventId: "evt_1",
    alertId: "ai_1",
    state: "firing",
    at: T0 + 300_000,
    rule: { id: "rule_1", name: "checkout p99", severity: "critical", condition: { op: ">", threshold: 800 } },
    labels: { alertname: "checkout p99", severity: "critical", "service.name": "checkout" },
    summary: "p99 912.345 ms on checkout",
    value: 912.345,
    unit: "ms",
    startedAt: T0,
    firedAt: T0 + 300_000,
    resolvedAt: null,
    evidence: {
      capturedAt: T0 + 300_000,
      window: { from: T0 + 240_000, to: T0 + 300_000 },
      traces: ["a", "b", "c", "d"].map((c, i) => ({
        traceId: c.repeat(32),
        spanId: c.repeat(16),
        timestamp: T0 + 250_000 + i,
        value: 1000 + i,
        serviceName: "checkout",
        spanName: "POST /pay",
        durationMs: 1000 + i,
        isError: i === 0,
      })),
      logs: [
        {
          timestamp: T0 + 250_010,
          severityText: "ERROR",
          body: "payment timed out",
          serviceName: "checkout",
          traceId: "a".repeat(32),
          spanId: "a".repeat(16),
        },
        {
          timestamp: T0 + 250_020,
          severityText: "WARN",
          body: "no trace",
          serviceName: "checkout",
          traceId: "",
          spanId: "",
        },
      ],
    },
    links: { alert: "/alerts/ai_1", metric: "/metrics?metric=http.server.duration&agg=p99" },
    ...overrides,
  };
}

describe("webhook payload", () => {
  it("carries the alert, the rule, absolute links and the evidence, versioned", () => {
    const p = buildWebhookPayload(firing(), ctx);
    expect(p).toMatchObject({
      version: "1",
      idempotencyKey: "dlv_1",
      status: "firing",
      test: false,
      title: "[FIRING] checkout p99: p99 912.345 ms on checkout",
      alert: {
        id: "ai_1",
        eventId: "evt_1",
        state: "firing",
        at: "2025-01-15T10:05:00.000Z",
        labels: { "service.name": "checkout", alertname: "checkout p99" },
        value: 912.345,
        unit: "ms",
        startedAt: "2025-01-15T10:00:00.000Z",
        firedAt: "2025-01-15T10:05:00.000Z",
        resolvedAt: null,
      },
      rule: {
        id: "rule_1",
        name: "checkout p99",
        severity: "critical",
        condition: { op: ">", threshold: 800, thresholdHigh: null, text: "> 800 ms" },
      },
      links: {
        alert: "https://tl.example.com/alerts/ai_1",
        metric: "https://tl.example.com/metrics?metric=http.server.duration&agg=p99",
      },
    });
    expect(p.evidence?.window).toEqual({ from: "2025-01-15T10:04:00.000Z", to: "2025-01-15T10:05:00.000Z" });
    expect(p.evidence?.missing).toBeNull();
    expect(p.evidence?.traces).toHaveLength(4);
    expect(p.evidence?.traces[0]).toMatchObject({
      traceId: "a".repeat(32),
      isError: true,
      link: `https://tl.example.com/traces/${"a".repeat(32)}?span=${"a".repeat(16)}`,
    });
    expect(p.evidence?.logs.map((l) => l.link)).toEqual([
      `https://tl.example.com/logs?traceId=${"a".repeat(32)}`,
      null,
    ]);
    // What goes over the wire is plain JSON.
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it("resolved: the default alert link, no metric link, no evidence, title with the value when no summary", () => {
    const p = buildWebhookPayload(
      firing({
        state: "resolved",
        resolvedAt: T0 + 900_000,
        links: undefined,
        evidence: null,
        summary: "",
        value: null,
      }),
      { publicUrl: "http://localhost:3000", idempotencyKey: "k" },
    );
    expect(p.status).toBe("resolved");
    expect(p.title).toBe("[RESOLVED] checkout p99 (no data)");
    expect(p.alert.resolvedAt).toBe("2025-01-15T10:15:00.000Z");
    expect(p.links).toEqual({ alert: "http://localhost:3000/alerts/ai_1", metric: null });
    expect(p.evidence).toBeNull();
  });

  it("evidence the store could not give: the alert is sent with empty evidence that says why", () => {
    const evidence = { ...firing().evidence!, traces: [], logs: [], missing: "store unavailable for this read" };
    const p = buildWebhookPayload(firing({ evidence }), ctx);
    expect(p.evidence).toEqual({
      capturedAt: "2025-01-15T10:05:00.000Z",
      window: { from: "2025-01-15T10:04:00.000Z", to: "2025-01-15T10:05:00.000Z" },
      traces: [],
      logs: [],
      missing: "store unavailable for this read",
    });
  });

  it("describes an outside-range condition", () => {
    const p = buildWebhookPayload(
      firing({
        rule: { ...firing().rule, condition: { op: "outside", threshold: 10, thresholdHigh: 20.5 } },
        unit: "",
      }),
      ctx,
    );
    expect(p.rule.condition).toEqual({ op: "outside", threshold: 10, thresholdHigh: 20.5, text: "outside 10 – 20.5" });
  });

  it("test-send says what it is", () => {
    const p = buildTestBody("webhook", { id: "ch_1", name: "ops" }, T0, ctx);
    expect(p).toEqual({
      version: "1",
      idempotencyKey: "dlv_1",
      status: "test",
      test: true,
      title: `[TEST] ${TEST_MESSAGE}`,
      message: "This is a test notification from Tracelight",
      channel: { id: "ch_1", name: "ops" },
      at: "2025-01-15T10:00:00.000Z",
      links: { alerts: "https://tl.example.com/alerts" },
    });
  });
});

function blocksOf(type: SlackBlock["type"], blocks: SlackBlock[]) {
  return blocks.filter((b) => b.type === type);
}

describe("slack payload", () => {
  it("has a text fallback and blocks with state, value, labels, buttons and three trace links", () => {
    const p = buildSlackPayload(firing(), ctx);
    expect(p.text).toBe("[FIRING] checkout p99: p99 912.345 ms on checkout");
    const [header] = blocksOf("header", p.blocks);
    expect(header).toMatchObject({ text: { type: "plain_text", text: "🔴 Firing: checkout p99" } });
    const json = JSON.stringify(p.blocks);
    expect(json).toContain("*State*\\nFiring");
    expect(json).toContain("*Value*\\n912.3 ms");
    expect(json).toContain("*Condition*\\n&gt; 800 ms");
    expect(json).toContain("`service.name=checkout`");
    const traceLinks = json.match(/https:\/\/tl\.example\.com\/traces\/[a-d]{32}/g) ?? [];
    expect(traceLinks.map((l) => l.slice(-1))).toEqual(["a", "b", "c"]);
    const actions = blocksOf("actions", p.blocks)[0];
    expect(actions?.type === "actions" && actions.elements.map((e) => [e.text.text, e.url])).toEqual([
      ["View alert", "https://tl.example.com/alerts/ai_1"],
      ["Open metric view", "https://tl.example.com/metrics?metric=http.server.duration&agg=p99"],
    ]);
  });

  it("escapes Slack control characters in user text and omits what is absent", () => {
    const p = buildSlackPayload(
      firing({
        state: "resolved",
        summary: "<!channel> a & b",
        labels: {},
        evidence: null,
        links: { metric: null },
        resolvedAt: T0 + 1,
      }),
      ctx,
    );
    const json = JSON.stringify(p.blocks);
    expect(json).toContain("&lt;!channel&gt; a &amp; b");
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("*Labels*");
    expect(json).not.toContain("Evidence traces");
    expect(json).toContain("*Resolved*");
    const actions = blocksOf("actions", p.blocks)[0];
    expect(actions?.type === "actions" && actions.elements.map((e) => e.text.text)).toEqual(["View alert"]);
  });

  it("says when the evidence is missing and why (escaped), and says nothing of it when present", () => {
    const evidence = { ...firing().evidence!, traces: [], logs: [], missing: "engine said <timeout> & gave up" };
    const json = JSON.stringify(buildSlackPayload(firing({ evidence }), ctx).blocks);
    expect(json).toContain("*Evidence missing*\\nengine said &lt;timeout&gt; &amp; gave up");
    expect(json).not.toContain("Evidence traces");
    expect(JSON.stringify(buildSlackPayload(firing(), ctx).blocks)).not.toContain("Evidence missing");
  });

  it("channel type picks the format; test-send on Slack", () => {
    expect("blocks" in buildNotificationBody("slack", firing(), ctx)).toBe(true);
    expect("version" in buildNotificationBody("webhook", firing(), ctx)).toBe(true);
    const test = buildTestBody("slack", { id: "ch_1", name: "ops" }, T0, ctx);
    expect(test).toMatchObject({ text: TEST_MESSAGE });
  });
});

describe("helpers", () => {
  it("absoluteUrl joins with one slash and keeps absolute URLs", () => {
    expect(absoluteUrl("http://h:3000/", "/alerts/1")).toBe("http://h:3000/alerts/1");
    expect(absoluteUrl("http://h:3000", "alerts/1")).toBe("http://h:3000/alerts/1");
    expect(absoluteUrl("http://h/base/", "/x")).toBe("http://h/base/x");
    expect(absoluteUrl("http://h", "https://other/x")).toBe("https://other/x");
  });

  it("formatNumber", () => {
    expect(formatNumber(800)).toBe("800");
    expect(formatNumber(912.345)).toBe("912.3");
    expect(formatNumber(0.000123456)).toBe("0.0001235");
  });
});
