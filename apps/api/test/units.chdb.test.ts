// Units that collide under one metric name, end to end: the same http.server.request.duration
// histogram sent through the real SDK exporters by one service in ms and by another in s, read
// back through the query API (grouped and merged) and through alert rules, their preview and
// their notifications, always in one unit and within 2 % of the known truth. Rows written
// directly add what the JS SDK cannot send: exemplars, and a unit that does not convert.
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AggregationTemporality, MeterProvider } from "@opentelemetry/sdk-metrics";
import {
  type Alert,
  type AlertPreviewResponse,
  type AlertRule,
  AlertRuleBodySchema,
  type AlertsResponse,
  type ApiError,
  type MetricSeriesResponse,
} from "@tracelight/contracts";
import { TelemetryWriter } from "@tracelight/store";
import { startWebhookReceiver, until, type WebhookReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertEvaluator } from "../src/alerts/evaluator.ts";
import { ruleColumns } from "../src/alerts/stored-rule.ts";
import { DeliveryDispatcher } from "../src/notify/dispatcher.ts";
import type { AlertWebhookPayload } from "../src/notify/payload.ts";
import { metricRowBase } from "./helpers/cycle-fixtures.ts";
import { exportMetrics } from "./helpers/exporters.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { CollectingReader } from "./helpers/telemetry.ts";

const METRIC = "http.server.request.duration";
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i + 1));
/** 1 … 1000 ms, in buckets of 10 ms. */
const MS = { service: "checkout-ms", unit: "ms", values: range(1000, (i) => i), bounds: range(200, (i) => i * 10) };
/** 1.001 … 2 s, in buckets of 10 ms written in s. */
const S = {
  service: "checkout-s",
  unit: "s",
  values: range(1000, (i) => (1000 + i) / 1000),
  bounds: range(300, (i) => i / 100),
};
/** The exact quantile of known values, in s. */
function truth(q: number, ...sets: number[][]): number {
  const sorted = sets.flat().sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1] as number;
}
const inSeconds = (s: typeof MS) => s.values.map((v) => (s.unit === "ms" ? v / 1000 : v));

let svc: TestService;
let api: string;
let sentAt: number;
const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

/** One delta collection of the histogram, sent through the SDK's OTLP/protobuf exporter. */
async function sendDurations(s: typeof MS): Promise<void> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": s.service }),
    readers: [reader],
  });
  const histogram = provider
    .getMeter("units-test")
    .createHistogram(METRIC, { unit: s.unit, advice: { explicitBucketBoundaries: s.bounds } });
  for (const v of s.values) histogram.record(v, { "http.route": "/checkout" });
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const outcome = await exportMetrics("proto", resourceMetrics, { httpBase: svc.otlpHttp, grpcAddress: svc.otlpGrpc });
  expect(outcome.code).toBe(0);
  await provider.shutdown();
}

/** Histogram rows with one exemplar each, and a gauge sent in ms and in By. */
async function writeRows(): Promise<void> {
  const ns = BigInt(sentAt) * 1_000_000n;
  const series = (service: string) => ({ service, resource: {}, attributes: {} });
  const histogram = (service: string, unit: string, exemplar: number, traceId: string) => ({
    ...metricRowBase(series(service), "checkout.wait", unit, ns - 1_000_000_000n, ns),
    Count: 1n,
    Sum: exemplar,
    BucketCounts: [0n, 1n],
    ExplicitBounds: [0],
    Exemplars: [{ FilteredAttributes: {}, TimeUnix: ns, Value: exemplar, SpanId: "a".repeat(16), TraceId: traceId }],
    Min: exemplar,
    Max: exemplar,
    AggregationTemporality: 1,
  });
  const gauge = (service: string, unit: string, value: number, metric = "queue.wait") => ({
    ...metricRowBase(series(service), metric, unit, ns, ns),
    Value: value,
    Exemplars: [],
  });
  await new TelemetryWriter(svc.service.transport).insertMetrics({
    gauge: [
      gauge("worker", "ms", 250),
      gauge("uploader", "By", 4096),
      gauge("api", "KiBy", 2, "process.memory.usage"),
      gauge("db", "By", 1000, "process.memory.usage"),
    ],
    sum: [
      { ...gauge("batch-ms", "ms", 1500, "process.cpu.time"), AggregationTemporality: 1, IsMonotonic: true },
      { ...gauge("batch-s", "s", 2, "process.cpu.time"), AggregationTemporality: 1, IsMonotonic: true },
    ],
    histogram: [
      histogram("wait-a", "ms", 1500, "1".repeat(32)),
      histogram("wait-b", "ms", 700, "2".repeat(32)),
      histogram("wait-c", "s", 2.5, "3".repeat(32)),
    ],
    exponentialHistogram: [],
    summary: [],
  });
}

beforeAll(async () => {
  svc = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
  sentAt = Date.now();
  await sendDurations(MS);
  await sendDurations(S);
  await writeRows();
});

afterAll(async () => {
  await svc?.close();
});

const window = () => `from=${sentAt - 10 * 60_000}&to=${sentAt + 60_000}&step=1h`;
/** Each series' one value, by service (or "all" without groupBy). */
async function values(query: string): Promise<{ answer: MetricSeriesResponse; by: Record<string, number> }> {
  const { status, body } = await call<MetricSeriesResponse>("GET", `/metrics/series?${query}&${window()}`);
  expect(status).toBe(200);
  const by: Record<string, number> = {};
  for (const s of body.series) {
    const points = s.points.filter(([, v]) => v !== null);
    expect(points).toHaveLength(1);
    by[s.labels["service.name"] ?? "all"] = points[0]?.[1] as number;
  }
  return { answer: body, by };
}

const within2 = (actual: number | null | undefined, expected: number) => {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected) / expected).toBeLessThan(0.02);
};

describe("one metric sent in ms by one service and in s by another", () => {
  it("answers p50/p99 per service and merged in s, each within 2 % of the truth", async () => {
    const catalogue = await call<{ metrics: { name: string; unit: string; units: string[] }[] }>(
      "GET",
      `/metrics?from=${sentAt - 60_000}&to=${sentAt + 60_000}`,
    );
    expect(catalogue.body.metrics.find((m) => m.name === METRIC)).toMatchObject({ unit: "s", units: ["ms", "s"] });

    for (const [agg, q] of [
      ["p50", 0.5],
      ["p99", 0.99],
    ] as const) {
      const grouped = await values(`metric=${METRIC}&agg=${agg}&groupBy=service.name`);
      expect(grouped.answer.unit).toBe("s");
      expect(grouped.answer.warnings).toEqual([]);
      within2(grouped.by[MS.service], truth(q, inSeconds(MS)));
      within2(grouped.by[S.service], truth(q, inSeconds(S)));

      const merged = await values(`metric=${METRIC}&agg=${agg}`);
      expect(merged.answer.unit).toBe("s");
      within2(merged.by.all, truth(q, inSeconds(MS), inSeconds(S)));
    }
    // avg converts sums too: (0.5005 + 1.5005) / 2.
    within2((await values(`metric=${METRIC}&agg=avg`)).by.all, 1.0005);
  });

  it("converts gauges and the increases of counters, not counts", async () => {
    const memory = await values("metric=process.memory.usage&agg=sum");
    expect([memory.answer.unit, memory.by.all]).toEqual(["By", 2 * 1024 + 1000]);
    const cpu = await values("metric=process.cpu.time&agg=increase");
    expect([cpu.answer.unit, cpu.by.all]).toEqual(["s", 3.5]);
    const count = await values(`metric=${METRIC}&agg=count`);
    expect(count.by.all).toBe(MS.values.length + S.values.length);
  });

  it("leaves out a series whose unit does not convert, naming it", async () => {
    const { answer, by } = await values("metric=queue.wait&agg=max&groupBy=service.name");
    expect(answer.unit).toBe("By"); // a tie: the alphabetically first
    expect(by).toEqual({ uploader: 4096 });
    expect(answer.warnings).toEqual([
      '1 series of queue.wait in "ms" (worker) left out: "ms" does not convert into "By"',
    ]);
  });

  it("gives exemplar values in the answer unit, ranked after conversion", async () => {
    const { answer } = await values("metric=checkout.wait&agg=avg");
    expect(answer.unit).toBe("ms");
    expect(answer.exemplars.map((e) => [e.serviceName, e.value])).toEqual([
      ["wait-c", 2500],
      ["wait-a", 1500],
      ["wait-b", 700],
    ]);
  });
});

describe("alert rules on the mixed metric", () => {
  let receiver: WebhookReceiver;
  let dispatcher: DeliveryDispatcher;
  let channelId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const db = svc.service.db;
    if (db === undefined) throw new Error("the query role opens the metadata database");
    dispatcher = new DeliveryDispatcher({ prisma: db.prisma, publicUrl: "http://ui.test", pollMs: 50 });
    dispatcher.start();
    const channel = await call<{ id: string }>("POST", "/channels", {
      name: "ops",
      type: "webhook",
      url: receiver.url,
    });
    channelId = channel.body.id;
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await receiver?.close();
  });

  const rule = (name: string, threshold: number, unit?: string) => ({
    name,
    query: { metric: METRIC, aggregation: "p99", groupBy: ["service.name"], window: "5m" },
    condition: { op: ">", threshold, ...(unit === undefined ? {} : { unit }) },
    severity: "warning",
    channelIds: [channelId],
  });

  it("a threshold of 1.5 s and one of 1500 ms fire alike, in the evaluator and the preview", async () => {
    const ids: Record<string, string> = {};
    for (const [name, threshold, unit] of [
      ["in s", 1.5, "s"],
      ["in ms", 1500, "ms"],
      ["in the answer unit", 1500, undefined],
    ] as const) {
      const created = await call<{ id: string }>("POST", "/alert-rules", rule(name, threshold, unit));
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }

    const db = svc.service.db;
    if (db === undefined) throw new Error("no metadata database");
    const evaluator = new AlertEvaluator({
      db,
      transport: svc.service.transport,
      intervalMs: 60_000,
      outbox: dispatcher,
    });
    const stats = await evaluator.runCycle(sentAt + 60_000);
    expect(stats.failedRules).toBe(0);

    const firing = async (name: string) =>
      (await call<AlertsResponse>("GET", `/alerts?ruleId=${ids[name]}&state=firing`)).body.alerts;
    const [inS] = await firing("in s");
    const [inMs] = await firing("in ms");
    // checkout-s's p99 (1.99 s) breaches, checkout-ms's (0.99 s) does not; 1500 s is never reached.
    for (const alert of [inS, inMs] as (Alert | undefined)[]) {
      expect(alert?.labels["service.name"]).toBe(S.service);
      expect(alert?.unit).toBe("s");
      within2(alert?.value, truth(0.99, inSeconds(S)));
    }
    expect((await firing("in s")).length).toBe(1);
    expect((await firing("in ms")).length).toBe(1);
    expect(await firing("in the answer unit")).toEqual([]);
    expect(inMs?.summary).toMatch(/is 19\d\d \(> 1500 ms\)$/);
    expect(inS?.summary).toMatch(/is 1\.9\d \(> 1\.5 s\)$/);

    // Notifications state the value in the threshold's unit.
    const notes = await until("two notifications", () =>
      receiver.received.length >= 2 ? receiver.received : undefined,
    );
    const byRule = new Map(
      notes.map((n) => [
        (n.body as unknown as AlertWebhookPayload).rule.name,
        n.body as unknown as AlertWebhookPayload,
      ]),
    );
    expect(byRule.get("in ms")?.alert.unit).toBe("ms");
    within2(byRule.get("in ms")?.alert.value, truth(0.99, inSeconds(S)) * 1000);
    expect(byRule.get("in ms")?.rule.condition.text).toBe("> 1500 ms");
    expect(byRule.get("in s")?.alert.unit).toBe("s");
    within2(byRule.get("in s")?.alert.value, truth(0.99, inSeconds(S)));

    const previews = [];
    for (const [threshold, unit] of [
      [1.5, "s"],
      [1500, "ms"],
    ] as const) {
      const preview = await call<AlertPreviewResponse>("POST", "/alert-rules/preview", {
        rule: rule("preview", threshold, unit),
        from: sentAt - 30 * 60_000,
        to: sentAt + 10 * 60_000,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.unit).toBe("s");
      expect(preview.body.warnings).toEqual([]);
      previews.push(preview.body.series.map((s) => [s.labels["service.name"], s.firing.length > 0]));
    }
    expect(previews[0]).toEqual([
      [MS.service, false],
      [S.service, true],
    ]);
    expect(previews[1]).toEqual(previews[0]);
  });

  it("a stored rule whose threshold unit does not convert reports it as its health", async () => {
    const db = svc.service.db;
    if (db === undefined) throw new Error("no metadata database");
    // Written before its metric arrived, or by hand: the API could not check it.
    const row = await db.prisma.alertRule.create({
      data: ruleColumns(AlertRuleBodySchema.parse({ ...rule("stale unit", 1, "By"), channelIds: [] })),
    });
    const evaluator = new AlertEvaluator({
      db,
      transport: svc.service.transport,
      intervalMs: 60_000,
      outbox: dispatcher,
    });
    expect((await evaluator.runCycle(sentAt + 60_000)).failedRules).toBe(1);
    const read = await call<AlertRule>("GET", `/alert-rules/${row.id}`);
    expect(read.body.health.error).toBe(
      'condition.unit: "By" does not convert into "s", the unit of the rule\'s values',
    );
    await db.prisma.alertRule.delete({ where: { id: row.id } });
  });

  it("refuses a threshold unit that does not convert, naming condition.unit", async () => {
    const created = await call<ApiError>("POST", "/alert-rules", rule("bytes", 1, "By"));
    expect(created.status).toBe(400);
    expect(created.body.error.message).toBe(
      'condition.unit: "By" does not convert into "s", the unit of the rule\'s values',
    );
    const preview = await call<ApiError>("POST", "/alert-rules/preview", {
      rule: rule("bytes", 1, "By"),
      from: sentAt - 60_000,
      to: sentAt + 60_000,
    });
    expect(preview.status).toBe(400);
    expect(preview.body.error.message).toMatch(/^condition\.unit: /);
  });
});
