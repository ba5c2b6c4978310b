// The evaluator's grouped reads (CycleValues: one partials query per metric, value kind and
// window, merged per rule in TypeScript) give exactly the values of each rule's own query
// (currentValues), on real chDB, for every aggregation × filters (own, resource-only and
// missing keys, service.name, = and !=) × group keys × windows, at an instant on the data's
// ticks and one between them. The data set has gauges, cumulative and delta sums (a counter
// reset, a series that starts inside the window, one that ends before it), histograms with two
// bound sets (a series that switches, idle series), summaries, exponential histograms, logs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogRow, MetricRows } from "@tracelight/otlp";
import { type ClickHouseTransport, migrate, openChdbTransport, TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CycleValues } from "../src/alerts/cycle-values.ts";
import { currentValues, MetricTypes, type SeriesValue } from "../src/alerts/rule-values.ts";
import type { StoredRule } from "../src/alerts/stored-rule.ts";
import { countingTransport, metricRowBase, storedRule } from "./helpers/cycle-fixtures.ts";

const MIN = 60_000;
const TICK = 10_000;
/** A whole minute an hour ago: ticks fall on window edges (points exactly at `from` and at `now`). */
const NOW = Math.floor(Date.now() / MIN) * MIN - 60 * MIN;
const FIRST = NOW - 30 * MIN;
const ns = (ms: number, extra = 0n) => BigInt(ms) * 1_000_000n + extra;

interface Series {
  i: number;
  service: string;
  resource: Record<string, string>;
  attributes: Record<string, string>;
  /** Points land this long (and a few ns) after each tick; 0: on the tick, at the same instant as others. */
  offsetMs: number;
}

/**
 * 3 services × 2 hosts × 3 attribute sets. `deployment.environment` is only a resource
 * attribute, `region` a resource attribute of h1 only, `tier` a resource attribute that some
 * series override with their own, `http.route` missing on a third of the series.
 */
const SERIES: Series[] = ["checkout", "payments", "search"].flatMap((service, si) =>
  ["h1", "h2"].flatMap((host, hi) =>
    [0, 1, 2].map((variant) => {
      const i = si * 6 + hi * 3 + variant;
      const resource: Record<string, string> = {
        "service.name": service,
        "host.name": host,
        "deployment.environment": host === "h1" ? "prod" : "staging",
        tier: "backend",
        ...(host === "h1" ? { region: "eu" } : {}),
      };
      const attributes: Record<string, string> = [
        { "http.route": "/a", status: "200" },
        { "http.route": "/b", status: "500", tier: "canary" },
        { status: "200" },
      ][variant]!;
      return { i, service, resource, attributes, offsetMs: i % 3 === 0 ? 0 : i * 137 };
    }),
  ),
);

const base = (s: Series, metric: string, atMs: number) =>
  metricRowBase(s, metric, "1", ns(FIRST), ns(atMs, s.offsetMs === 0 ? 0n : BigInt(s.i * 7)));

const BOUNDS_A = [1, 5, 10, 50];
const BOUNDS_B = [2, 20, 200];

function metricRows(): MetricRows {
  const rows: MetricRows = { gauge: [], sum: [], histogram: [], exponentialHistogram: [], summary: [] };
  for (const s of SERIES) {
    let requests = 0;
    let gc = { count: 0n, sum: 0 };
    let buckets: bigint[] = [];
    let bounds: number[] = [];
    let latencySum = 0;
    for (let t = FIRST; t <= NOW + MIN; t += TICK) {
      const k = (t - FIRST) / TICK;
      const at = t + s.offsetMs;
      rows.gauge.push({ ...base(s, "t.cpu", at), Value: 0.05 + ((s.i * 7 + k * 13) % 17) / 20, Exemplars: [] });

      // Cumulative series have gaps: series 14 sends nothing from 17 to 9 min before NOW (a
      // 10 min window finds its baseline only with a 10 min look-back).
      if (s.i === 14 && t >= NOW - 17 * MIN && t < NOW - 9 * MIN) continue;
      // Cumulative counter: a reset 2 min before NOW on some series; one series starts 30 s
      // before NOW (its first point has no baseline); one stops 8 min before NOW.
      const starts = s.i === 2 ? NOW - 30_000 : FIRST;
      const stops = s.i === 17 ? NOW - 8 * MIN : Number.POSITIVE_INFINITY;
      if (t >= starts && t < stops) {
        requests = s.i % 4 === 1 && t === NOW - 2 * MIN ? 3 : requests + (s.i + 1) * ((k % 5) + 1);
        rows.sum.push({
          ...base(s, "t.requests", at),
          Value: requests,
          Exemplars: [],
          AggregationTemporality: 2,
          IsMonotonic: true,
        });
      }
      rows.sum.push({
        ...base(s, "t.bytes", at),
        Value: 100 + ((s.i * 31 + k * 17) % 97) + 0.25,
        Exemplars: [],
        AggregationTemporality: 1,
        IsMonotonic: true,
      });

      // Histograms: bound set B on every third series; series 4 switches from A to B 2 min
      // before NOW; series 5 resets 30 s before NOW; every seventh series sends deltas.
      const delta = s.i % 7 === 3;
      const nextBounds = s.i % 3 === 0 || (s.i === 4 && t >= NOW - 2 * MIN) ? BOUNDS_B : BOUNDS_A;
      if (nextBounds !== bounds || (s.i === 5 && t === NOW - 30_000) || delta) {
        bounds = nextBounds;
        buckets = bounds.map(() => 0n).concat(0n);
        latencySum = 0;
      }
      // Payments' series without a route see no requests in the last 6 min (no value: 0 / 0).
      const idle = s.service === "payments" && !("http.route" in s.attributes) && t >= NOW - 6 * MIN;
      if (!idle) {
        buckets = buckets.map((c, b) => c + BigInt((s.i + k * (b + 1)) % 4));
        latencySum += 3.5 * ((s.i + k) % 9) + 0.125;
      }
      const count = buckets.reduce((a, c) => a + c, 0n);
      rows.histogram.push({
        ...base(s, "t.latency", at),
        Count: count,
        Sum: latencySum,
        BucketCounts: buckets,
        ExplicitBounds: bounds,
        Exemplars: [],
        Min: 0,
        Max: 0,
        AggregationTemporality: delta ? 1 : 2,
      });

      gc = t === NOW - 90_000 && s.i % 2 === 0 ? { count: 1n, sum: 0.5 } : { count: gc.count + 2n, sum: gc.sum + 0.75 };
      rows.summary.push({ ...base(s, "t.gc", at), Count: gc.count, Sum: gc.sum, ValueAtQuantiles: [] });
      rows.exponentialHistogram.push({
        ...base(s, "t.rpc", at),
        Count: BigInt(k + s.i),
        Sum: (k + s.i) * 1.5,
        Scale: 0,
        ZeroCount: 0n,
        PositiveOffset: 0,
        PositiveBucketCounts: [],
        NegativeOffset: 0,
        NegativeBucketCounts: [],
        Exemplars: [],
        Min: 0,
        Max: 0,
        AggregationTemporality: s.i % 2 === 0 ? 1 : 2,
      });
    }
  }
  return rows;
}

function logRows(): LogRow[] {
  return SERIES.flatMap((s) =>
    Array.from({ length: 40 }, (_, k) => ({
      Timestamp: ns(NOW - 8 * MIN + k * 12_000 + s.offsetMs),
      TraceId: "",
      SpanId: "",
      TraceFlags: 0,
      SeverityText: k % 3 === 0 ? "ERROR" : "INFO",
      SeverityNumber: k % 3 === 0 ? 17 : 9,
      ServiceName: s.service,
      Body: k % 4 === 0 ? "upstream timeout" : "ok",
      ResourceSchemaUrl: "",
      ResourceAttributes: s.resource,
      ScopeSchemaUrl: "",
      ScopeName: "",
      ScopeVersion: "",
      ScopeAttributes: {},
      LogAttributes: s.attributes,
      EventName: "",
    })),
  );
}

const AGGS: Record<string, string[]> = {
  "t.cpu": ["avg", "sum", "min", "max", "count", "last"],
  "t.requests": ["rate", "increase", "avg", "sum", "min", "max", "count", "last"],
  "t.bytes": ["rate", "increase", "sum", "last"],
  "t.latency": ["p50", "p90", "p95", "p99", "avg", "rate", "count"],
  "t.gc": ["avg", "rate", "count"],
  "t.rpc": ["avg", "rate", "count"],
};
const FILTERS: string[][] = [
  [],
  ["service.name=checkout"],
  ["service.name!=checkout"],
  ["deployment.environment=prod"],
  ["deployment.environment!=prod"],
  ["region=eu"],
  ["region!=eu"],
  ["http.route=/a"],
  ["http.route!=/a"],
  ["http.route="],
  ["tier=canary"],
  ["tier!=backend"],
  ["nothing=here"],
  ["service.name=payments", "http.route!=/b", "region!=eu"],
  // Any of one key's values (the partials' by-service index takes each service).
  ["service.name=checkout", "service.name=search", "http.route=/a", "http.route="],
];
const GROUP_BY: string[][] = [
  [],
  ["service.name"],
  ["http.route"],
  ["deployment.environment"],
  ["tier"],
  ["region"],
  ["service.name", "http.route"],
  ["tier", "deployment.environment"],
];
const WINDOWS = ["1m", "5m", "10m"];

/** Every aggregation × window with a rotating half of the filter and group-key combinations. */
function metricRules(): StoredRule[] {
  const combos = [
    ...FILTERS.map((f, i) => [f, GROUP_BY[i % GROUP_BY.length]!] as const),
    ...GROUP_BY.map((g, j) => [FILTERS[(j * 5 + 1) % FILTERS.length]!, g] as const),
  ];
  const rules: StoredRule[] = [];
  for (const [metric, aggs] of Object.entries(AGGS))
    for (const aggregation of aggs)
      WINDOWS.forEach((window, w) => {
        combos.forEach(([filters, groupBy], c) => {
          if ((c + w) % 2 !== 0) return;
          rules.push(
            storedRule(`r${rules.length}`, {
              name: `${aggregation}(${metric}) ${filters.join(",")} by ${groupBy.join(",")} over ${window}`,
              kind: "metric",
              query: { metric, aggregation, filters, groupBy, window },
              condition: { op: ">", threshold: 1 },
            }),
          );
        });
      });
  return rules;
}

const logRules = (): StoredRule[] =>
  [
    { service: "checkout", severity: "ERROR" },
    { service: "checkout", severity: "ERROR" },
    { severity: "ERROR", groupBy: ["service.name", "http.route"], window: "1m" },
    { text: "timeout", filters: ["region!=eu"], groupBy: ["tier"] },
  ].map((query, i) =>
    storedRule(`log${i}`, { name: `logs ${i}`, kind: "logs", query, condition: { op: ">", threshold: 1 } }),
  );

const sorted = (values: SeriesValue[]) =>
  [...values].sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));

/** Within 1e-9 of each other, relative (values are nowhere near 0 unless exactly 0). */
function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

let dataDir: string;
let transport: ClickHouseTransport;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tracelight-cycle-values-"));
  transport = openChdbTransport(dataDir);
  await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
  const writer = new TelemetryWriter(transport);
  await writer.insertMetrics(metricRows());
  await writer.insertLogs(logRows());
});

afterAll(async () => {
  await transport?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("CycleValues", () => {
  it.each([
    ["on a tick", NOW],
    ["between ticks", NOW + 3_500],
  ])("gives every rule the values of its own query (%s)", async (_, at) => {
    const types = new MetricTypes(transport);
    const rules = [...metricRules(), ...logRules()];
    const cycle = new CycleValues(transport, types, at);
    let values = 0;
    let nulls = 0;
    let empty = 0;
    const mismatches: string[] = [];
    for (const rule of rules) {
      const expected = await currentValues(transport, types, rule, at);
      const actual = await cycle.of(rule);
      const [e, a] = [sorted(expected.values), sorted(actual.values)];
      const same =
        actual.unit === expected.unit &&
        e.length === a.length &&
        e.every((v, i) => JSON.stringify(v.labels) === JSON.stringify(a[i]?.labels) && close(v.value, a[i]!.value));
      if (!same) mismatches.push(`${rule.name}: ${JSON.stringify(e)} ≠ ${JSON.stringify(a)}`);
      values += e.filter((v) => v.value !== null).length;
      nulls += e.filter((v) => v.value === null).length;
      if (e.length === 0) empty++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Not vacuous: most rules have values; some groups hold no value, some rules match nothing.
    expect(rules.length).toBeGreaterThan(700);
    expect(values).toBeGreaterThan(2 * rules.length);
    expect(nulls).toBeGreaterThan(0);
    expect(empty).toBeGreaterThan(0);
  });

  it("reads each metric, value kind and window once, and identical log queries once", async () => {
    const { transport: counted, texts } = countingTransport(transport);
    const rules = [...metricRules(), ...logRules()];
    const types = new MetricTypes(counted);
    const cycle = new CycleValues(counted, types, NOW);
    for (const rule of rules) await cycle.prefetch(rule);
    for (const rule of rules) await cycle.of(rule);
    const partials = texts.filter((t) => t.includes("any(ResourceAttributes)"));
    // t.requests and t.bytes as values and as counters; t.latency as buckets and as count/sum.
    const kinds = Object.keys(AGGS).length + 3;
    expect(partials).toHaveLength(kinds * WINDOWS.length);
    expect(texts.filter((t) => t.includes("FROM otel_logs"))).toHaveLength(3);
    expect(texts.filter((t) => t.includes("UNION ALL"))).toHaveLength(Object.keys(AGGS).length);
  });

  it("fails only the rules whose read failed", async () => {
    const { transport: failing } = countingTransport(
      transport,
      (text, params) => text.includes("any(ResourceAttributes)") && Object.values(params).includes("t.gc"),
    );
    const cycle = new CycleValues(failing, new MetricTypes(failing), NOW);
    const rules = metricRules();
    const gc = rules.filter((r) => r.kind === "metric" && r.query.metric === "t.gc");
    const others = rules.filter((r) => !gc.includes(r));
    for (const rule of rules) await cycle.prefetch(rule);
    for (const rule of gc) await expect(cycle.of(rule)).rejects.toThrow("store unavailable for this read");
    for (const rule of others) await expect(cycle.of(rule)).resolves.toHaveProperty("values");
    expect(gc.length).toBeGreaterThan(0);
  });

  it("refuses an aggregation the metric's type lacks, as the per-rule path does", async () => {
    const rule = storedRule("bad", {
      name: "p99 of a gauge",
      kind: "metric",
      query: { metric: "t.cpu", aggregation: "p99" },
      condition: { op: ">", threshold: 1 },
    });
    const types = new MetricTypes(transport);
    await expect(currentValues(transport, types, rule, NOW)).rejects.toThrow("p99 is not available for gauge");
    await expect(new CycleValues(transport, types, NOW).of(rule)).rejects.toThrow("p99 is not available for gauge");
  });
});
