// The evaluator's per-cycle evidence (captureCycleEvidence: a few batched queries for every
// series that starts firing) equals what each series' own captureEvidence gives, on real chDB:
// metrics with exemplars (above and below conditions, filters on own and resource attributes,
// = and !=, group labels, more than the 500 exemplars read per series, exemplars without a
// trace), metrics without exemplars (gauges, summaries, unknown metrics, series whose exemplars
// have no trace: the slowest spans of the service, with ties in duration), log rules, windows
// that differ per series (one series in two windows: its trace logs differ), identical series,
// and more series in one group than one query takes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AlertEvidence, AttributeMap } from "@tracelight/contracts";
import type { ExemplarRow, LogRow, MetricRows, SpanRow } from "@tracelight/otlp";
import { type ClickHouseTransport, migrate, openChdbTransport, TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureCycleEvidence, type EvidenceRequest } from "../src/alerts/cycle-evidence.ts";
import { captureEvidence, EVIDENCE_LOGS, EVIDENCE_TRACES } from "../src/alerts/evidence.ts";
import { MetricTypes } from "../src/alerts/rule-values.ts";
import type { StoredRule } from "../src/alerts/stored-rule.ts";
import { countingTransport, metricRowBase, storedRule } from "./helpers/cycle-fixtures.ts";

const MIN = 60_000;
const TICK = 10_000;
const NOW = Math.floor(Date.now() / MIN) * MIN - 60 * MIN;
const FIRST = NOW - 20 * MIN;
const ns = (ms: number) => BigInt(Math.round(ms * 1000)) * 1000n;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ["checkout", "payments", "search"];
const HOSTS = ["h1", "h2"];
const ROUTES = ["/a", "/b", "/c"];
const STATUSES = ["200", "500"];

interface Series {
  service: string;
  host: string;
  route: string;
  status: string;
  resource: Record<string, string>;
  attributes: Record<string, string>;
}

const SERIES: Series[] = SERVICES.flatMap((service) =>
  HOSTS.flatMap((host) =>
    ROUTES.flatMap((route) =>
      STATUSES.map((status) => ({
        service,
        host,
        route,
        status,
        resource: {
          "service.name": service,
          "host.name": host,
          "deployment.environment": host === "h1" ? "prod" : "dev",
        },
        attributes: { "http.route": route, "http.response.status_code": status },
      })),
    ),
  ),
);

const base = (s: Series, metric: string, atMs: number) => metricRowBase(s, metric, "s", ns(atMs - TICK), ns(atMs));

interface Telemetry {
  metrics: MetricRows;
  spans: SpanRow[];
  logs: LogRow[];
}

function span(
  s: Series,
  traceId: string,
  spanId: string,
  parent: string,
  atMs: number,
  durationMs: number,
  error: boolean,
): SpanRow {
  return {
    Timestamp: ns(atMs),
    TraceId: traceId,
    SpanId: spanId,
    ParentSpanId: parent,
    TraceState: "",
    SpanName: parent === "" ? `GET ${s.route}` : "SELECT shop",
    SpanKind: parent === "" ? "Server" : "Client",
    ServiceName: s.service,
    ResourceAttributes: s.resource,
    ScopeName: "test",
    ScopeVersion: "1",
    SpanAttributes: s.attributes,
    Duration: ns(durationMs),
    StatusCode: error ? "Error" : "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
  };
}

function log(s: Series, atMs: number, severity: number, body: string, traceId = "", spanId = ""): LogRow {
  return {
    Timestamp: ns(atMs),
    TraceId: traceId,
    SpanId: spanId,
    TraceFlags: 0,
    SeverityText: severity >= 17 ? "ERROR" : severity >= 13 ? "WARN" : "INFO",
    SeverityNumber: severity,
    ServiceName: s.service,
    Body: body,
    ResourceSchemaUrl: "",
    ResourceAttributes: s.resource,
    ScopeSchemaUrl: "",
    ScopeName: "",
    ScopeVersion: "",
    ScopeAttributes: {},
    LogAttributes: { "http.route": s.route },
    EventName: "",
  };
}

/**
 * Every tick, per series: a latency histogram with one or two exemplars (values and times all
 * distinct; some without a trace, all of them for search/h2//c; some traces exemplared twice),
 * a request counter with exemplars on checkout only, a CPU gauge and a GC summary without any.
 * Each exemplar's trace has a server and a client span and up to five logs spread over six
 * minutes; background spans (many of exactly 1 s: ties) and logs (some in traces) besides.
 */
function telemetry(): Telemetry {
  const rnd = random(7);
  const t: Telemetry = {
    metrics: { gauge: [], sum: [], histogram: [], exponentialHistogram: [], summary: [] },
    spans: [],
    logs: [],
  };
  let ids = 1;
  let previous = "";
  for (let tick = FIRST; tick <= NOW; tick += TICK) {
    for (const s of SERIES) {
      const exemplars: ExemplarRow[] = [];
      const n = rnd() < 0.5 ? 1 : 2;
      for (let e = 0; e < n; e++) {
        const at = tick - 1 - rnd() * (TICK - 2);
        const noTrace = (s.service === "search" && s.host === "h2" && s.route === "/c") || rnd() < 0.1;
        // Now and then the previous exemplar's trace again (a trace exemplared twice).
        const traceId = noTrace ? "" : previous !== "" && rnd() < 0.1 ? previous : hex(ids++, 32);
        const spanId = noTrace ? "" : hex(ids++, 16);
        exemplars.push({
          FilteredAttributes: {},
          TimeUnix: ns(at),
          Value: 0.01 + rnd() * 3,
          SpanId: spanId,
          TraceId: traceId,
        });
        if (traceId === "" || traceId === previous) continue;
        previous = traceId;
        const error = s.status === "500" && rnd() < 0.7;
        const duration = 5 + rnd() * 900;
        t.spans.push(span(s, traceId, spanId, "", at, duration, error));
        t.spans.push(span(s, traceId, hex(ids++, 16), spanId, at + 1, duration / 3, false));
        const logs = Math.floor(rnd() * 6);
        for (let k = 0; k < logs; k++) {
          const severity = [9, 13, 17][Math.floor(rnd() * 3)]!;
          t.logs.push(
            log(s, at + k * 90_000 + rnd() * 1000, severity, `request ${traceId.slice(-6)} step ${k}`, traceId, spanId),
          );
        }
      }
      t.metrics.histogram.push({
        ...base(s, "t.latency", tick),
        Count: 10n,
        Sum: 3.5,
        BucketCounts: [4n, 4n, 2n],
        ExplicitBounds: [0.1, 1],
        Exemplars: exemplars,
        Min: 0,
        Max: 0,
        AggregationTemporality: 1,
      });
      t.metrics.sum.push({
        ...base(s, "t.requests", tick),
        Value: 10,
        Exemplars: s.service === "checkout" ? exemplars : [],
        AggregationTemporality: 1,
        IsMonotonic: true,
      });
      t.metrics.gauge.push({ ...base(s, "t.cpu", tick), Value: rnd(), Exemplars: [] });
      t.metrics.summary.push({ ...base(s, "t.gc", tick), Count: 5n, Sum: 1, ValueAtQuantiles: [] });

      // Background: a span of its own trace (often an error after exactly 1 s, the slowest of
      // all: ties), a log (in that trace half of the time), a timeout message now and then.
      const traceId = hex(ids++, 32);
      const at = tick - rnd() * TICK;
      const timeout = rnd() < 0.3;
      t.spans.push(span(s, traceId, hex(ids++, 16), "", at, timeout ? 1000 : 1 + Math.floor(rnd() * 40), timeout));
      const severity = [9, 13, 17][Math.floor(rnd() * 3)]!;
      const body = rnd() < 0.3 ? "upstream timeout talking to stock" : "cache refreshed";
      t.logs.push(log(s, at + rnd() * 500, severity, body, rnd() < 0.5 ? traceId : ""));
    }
  }
  return t;
}

let ruleIds = 0;
const metricRule = (metric: string, filters: string[], op = ">", groupBy: string[] = []) =>
  storedRule(`m${ruleIds++}`, {
    name: `${metric} ${filters.join(",")} ${op}`,
    kind: "metric",
    query: { metric, aggregation: metric === "t.cpu" ? "avg" : "count", filters, groupBy, window: "1m" },
    condition: { op, threshold: 1 },
  });
const logRule = (query: object) =>
  storedRule(`l${ruleIds++}`, { name: "logs", kind: "logs", query, condition: { op: ">", threshold: 1 } });

/** Evidence windows end now and start a rule window before the series became pending. */
const windowFrom = (minutesAgo: number) => ({ from: NOW - minutesAgo * MIN, to: NOW });

function requests(): EvidenceRequest[] {
  const out: EvidenceRequest[] = [];
  const add = (rule: StoredRule, labels: AttributeMap, minutesAgo: number) =>
    out.push({ rule, labels, window: windowFrom(minutesAgo) });

  // Exemplars: above and below, own and resource attributes, =/!=, group labels, windows.
  const checkout = metricRule("t.latency", ["service.name=checkout"]);
  add(checkout, {}, 3);
  add(checkout, {}, 8); // the same series over a longer window: other trace logs
  add(metricRule("t.latency", ["service.name=checkout"]), {}, 3); // identical to the first
  add(metricRule("t.latency", ["service.name=checkout"], "<"), {}, 8);
  add(metricRule("t.latency", ["service.name=payments"], "<="), {}, 3);
  const byRoute = metricRule("t.latency", ["service.name=payments"], ">", ["http.route"]);
  for (const route of ROUTES) add(byRoute, { "http.route": route }, 1);
  const byService = metricRule("t.latency", ["deployment.environment=prod", "http.route!=/c"], ">", ["service.name"]);
  for (const service of SERVICES) add(byService, { "service.name": service }, 5);
  add(metricRule("t.latency", []), {}, 1);
  add(metricRule("t.requests", ["service.name=checkout"]), {}, 3);
  // No exemplars: slowest spans of the service (=, !=), none without a service filter.
  add(metricRule("t.requests", ["service.name=payments"]), {}, 3);
  add(metricRule("t.latency", ["service.name=search", "host.name=h2", "http.route=/c"]), {}, 3);
  add(metricRule("t.cpu", ["service.name=search"]), {}, 1);
  add(metricRule("t.cpu", ["service.name!=search"]), {}, 5);
  const cpuByService = metricRule("t.cpu", [], ">", ["service.name"]);
  for (const service of SERVICES) add(cpuByService, { "service.name": service }, 3);
  add(metricRule("t.cpu", [], ">", ["host.name"]), { "host.name": "h1" }, 3);
  add(metricRule("t.gc", ["service.name=checkout"]), {}, 3);
  add(metricRule("no.such.metric", ["service.name=checkout"]), {}, 3);
  add(metricRule("no.such.metric", []), {}, 3);
  // Log rules.
  add(logRule({ service: "checkout", severity: "ERROR", window: "5m" }), {}, 8);
  add(logRule({ severity: "WARN", groupBy: ["service.name"] }), { "service.name": "payments" }, 3);
  add(
    logRule({ text: "timeout", filters: ["deployment.environment=prod"], groupBy: ["http.route"] }),
    { "http.route": "/a" },
    3,
  );
  add(logRule({ text: "no such words" }), {}, 3);
  // More distinct series in one group (t.latency over the last 3 minutes) than one query takes.
  for (const service of SERVICES)
    for (const host of HOSTS)
      for (const route of ROUTES)
        for (const op of ["=", "!="])
          for (const status of ["", ...STATUSES])
            add(
              metricRule("t.latency", [
                `service.name=${service}`,
                `host.name=${host}`,
                `http.route${op}${route}`,
                ...(status === "" ? [] : [`http.response.status_code=${status}`]),
              ]),
              {},
              3,
            );
  return out;
}

let dataDir: string;
let transport: ClickHouseTransport;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tracelight-cycle-evidence-"));
  transport = openChdbTransport(dataDir);
  await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
  const writer = new TelemetryWriter(transport);
  const t = telemetry();
  await writer.insertMetrics(t.metrics);
  await writer.insertSpans(t.spans);
  await writer.insertLogs(t.logs);
});

afterAll(async () => {
  await transport?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("captureCycleEvidence", () => {
  it("gives every firing series the evidence its own captureEvidence gives", async () => {
    const all = requests();
    const types = new MetricTypes(transport);
    const expected: AlertEvidence[] = [];
    for (const r of all) expected.push(await captureEvidence(transport, types, r.rule, r.labels, r.window, NOW));

    const { transport: counted, texts } = countingTransport(transport);
    const results = await captureCycleEvidence(counted, types, all, NOW);
    const actual = results.map((r) => (r.status === "fulfilled" ? r.value : r.reason));
    const mismatches = all
      .map((r, i) => ({ r, e: expected[i], a: actual[i] }))
      .filter(({ e, a }) => JSON.stringify(e) !== JSON.stringify(a));
    expect(mismatches.slice(0, 3).map(({ r, e, a }) => ({ rule: r.rule.name, labels: r.labels, e, a }))).toEqual([]);
    expect(actual).toEqual(expected);

    // Not vacuous: every kind of evidence occurs.
    const metric = all.map((r, i) => ({ r, e: expected[i]! })).filter(({ r }) => r.rule.kind === "metric");
    const fromExemplars = metric.filter(({ e }) => e.traces.some((t) => t.value !== t.durationMs));
    const fromSpans = metric.filter(({ e }) => e.traces.length > 0 && e.traces.every((t) => t.value === t.durationMs));
    expect(fromExemplars.length).toBeGreaterThan(100);
    expect(fromSpans.length).toBeGreaterThan(5);
    expect(metric.filter(({ e }) => e.traces.length === 0).length).toBeGreaterThan(1);
    expect(
      expected.filter((e) => e.traces.length === EVIDENCE_TRACES && e.logs.length === EVIDENCE_LOGS).length,
    ).toBeGreaterThan(10);
    const logRules = all.map((r, i) => ({ r, e: expected[i]! })).filter(({ r }) => r.rule.kind === "logs");
    expect(logRules.filter(({ e }) => e.traces.length > 0 && e.logs.length === EVIDENCE_LOGS).length).toBeGreaterThan(
      1,
    );
    // The same series in two windows: same traces, other logs.
    expect(expected[0]!.traces.map((t) => t.traceId)).not.toEqual([]);
    expect(expected[1]!.logs).not.toEqual(expected[0]!.logs);

    // Per cycle, not per series: exemplars per metric and window (t.latency over 3 minutes, 111
    // distinct series, in two queries; none for the summary or the unknown metric), slowest spans
    // and matching logs per window, the summaries and the logs of all the traces in one query each.
    const count = (part: string) => texts.filter((t) => t.includes(part)).length;
    const counts = {
      exemplars: count("FROM tracelight_exemplars"),
      spans: count("StatusCode IN ('Error', 'STATUS_CODE_ERROR') DESC"),
      logs: count("ORDER BY pick, Timestamp DESC"),
      summaries: count("FROM otel_traces_trace_id_ts"),
      traceLogs: count("BY pick, TraceId"),
    };
    expect(counts).toEqual({ exemplars: 9, spans: 3, logs: 2, summaries: 1, traceLogs: 1 });
    // Besides the schema profile, read once per transport (packages/store/src/schema-profile.ts).
    expect(texts.filter((t) => !t.includes("FROM system.")).length).toBe(16);
  });

  it("fails only the series whose reads failed", async () => {
    const all = requests();
    const { transport: failing } = countingTransport(
      transport,
      (text, params) => text.includes("tracelight_exemplars") && Object.values(params).includes("t.requests"),
    );
    const results = await captureCycleEvidence(failing, new MetricTypes(transport), all, NOW);
    const failed = all.filter((_, i) => results[i]!.status === "rejected");
    expect(failed.map((r) => r.rule.kind === "metric" && r.rule.query.metric)).toEqual(["t.requests", "t.requests"]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(all.length - 2);
  });
});
