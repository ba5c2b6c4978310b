// Metric encoding, read back by Tracelight's own OTLP decoder (@tracelight/otlp): histogram
// bounds, counts, sum, min, max, and the exemplars (trace ID, span ID, value, time to the ns).
import { decodeMetrics } from "@tracelight/otlp";
import { describe, expect, it } from "vitest";
import type { ResourceMetrics } from "../telemetry/model.ts";
import { countPoints, encodeMetrics } from "./metrics.ts";

const SCOPE = { name: "tracelight-ebpf-agent", version: "9.8.7" };
const T0 = 1_767_225_600_123_456_789n;
const T1 = T0 + 10_000_000_000n;

const exemplar = (n: number, value: number) => ({
  timeUnixNano: T0 + BigInt(n) * 1_000_001n,
  value,
  traceId: `${"ab".repeat(15)}${n.toString(16).padStart(2, "0")}`,
  spanId: `${"cd".repeat(7)}${n.toString(16).padStart(2, "0")}`,
});

const batches: ResourceMetrics[] = [
  {
    resource: { "service.name": "checkout", "process.pid": 4242 },
    metrics: [
      {
        type: "histogram",
        name: "http.server.request.duration",
        unit: "s",
        description: "Duration of HTTP server requests.",
        temporality: "delta",
        points: [
          {
            attributes: { "http.route": "/orders/:id", "http.response.status_code": 200 },
            startTimeUnixNano: T0,
            timeUnixNano: T1,
            bounds: [0.005, 0.05, 0.5],
            counts: [3, 1, 0, 1],
            count: 5,
            sum: 1.2345,
            min: 0.001,
            max: 1.1,
            exemplars: [exemplar(1, 0.004), exemplar(2, 1.1)],
          },
          {
            attributes: { "http.route": "/health", "http.response.status_code": 200 },
            startTimeUnixNano: T0,
            timeUnixNano: T1,
            bounds: [0.005, 0.05, 0.5],
            counts: [2, 0, 0, 0],
            count: 2,
            sum: 0.002,
            exemplars: [],
          },
        ],
      },
      {
        type: "sum",
        name: "process.cpu.time",
        unit: "s",
        description: "",
        monotonic: true,
        temporality: "cumulative",
        points: [{ attributes: { "cpu.mode": "user" }, startTimeUnixNano: T0, timeUnixNano: T1, value: 12.5 }],
      },
    ],
  },
  {
    resource: { "host.name": "h1" },
    metrics: [
      {
        type: "gauge",
        name: "system.memory.usage",
        unit: "By",
        description: "",
        points: [{ attributes: {}, startTimeUnixNano: T1, timeUnixNano: T1, value: 1_073_741_824 }],
      },
    ],
  },
];

const decode = (body: string) => decodeMetrics(new TextEncoder().encode(body), "json");

describe("encodeMetrics", () => {
  it("is decoded by @tracelight/otlp into the histogram rows, exemplars included, exactly", () => {
    const decoded = decode(encodeMetrics(batches, SCOPE));
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    const common = {
      ResourceAttributes: { "service.name": "checkout", "process.pid": "4242" },
      ResourceSchemaUrl: "",
      ScopeName: SCOPE.name,
      ScopeVersion: SCOPE.version,
      ScopeAttributes: {},
      ScopeDroppedAttrCount: 0,
      ScopeSchemaUrl: "",
      ServiceName: "checkout",
      MetricName: "http.server.request.duration",
      MetricDescription: "Duration of HTTP server requests.",
      MetricUnit: "s",
      StartTimeUnix: T0,
      TimeUnix: T1,
      Flags: 0,
      ExplicitBounds: [0.005, 0.05, 0.5],
      AggregationTemporality: 1,
    };
    expect(decoded.rows.histogram).toEqual([
      {
        ...common,
        Attributes: { "http.route": "/orders/:id", "http.response.status_code": "200" },
        Count: 5n,
        Sum: 1.2345,
        BucketCounts: [3n, 1n, 0n, 1n],
        Min: 0.001,
        Max: 1.1,
        Exemplars: [
          {
            FilteredAttributes: {},
            TimeUnix: T0 + 1_000_001n,
            Value: 0.004,
            TraceId: exemplar(1, 0).traceId,
            SpanId: exemplar(1, 0).spanId,
          },
          {
            FilteredAttributes: {},
            TimeUnix: T0 + 2_000_002n,
            Value: 1.1,
            TraceId: exemplar(2, 0).traceId,
            SpanId: exemplar(2, 0).spanId,
          },
        ],
      },
      {
        ...common,
        Attributes: { "http.route": "/health", "http.response.status_code": "200" },
        Count: 2n,
        Sum: 0.002,
        BucketCounts: [2n, 0n, 0n, 0n],
        // Absent min/max: the table's default.
        Min: 0,
        Max: 0,
        Exemplars: [],
      },
    ]);
  });

  it("keeps sums and gauges of every resource in one request", () => {
    const body = encodeMetrics(batches, SCOPE);
    expect(JSON.parse(body).resourceMetrics).toHaveLength(2);
    const { sum, gauge } = decode(body).rows;
    expect(sum.map((r) => [r.ServiceName, r.MetricName, r.Value, r.IsMonotonic, r.AggregationTemporality])).toEqual([
      ["checkout", "process.cpu.time", 12.5, true, 2],
    ]);
    expect(
      gauge.map((r) => [r.ResourceAttributes, r.MetricName, r.MetricUnit, r.Value, r.StartTimeUnix, r.TimeUnix]),
    ).toEqual([[{ "host.name": "h1" }, "system.memory.usage", "By", 1_073_741_824, T1, T1]]);
  });

  it("counts data points", () => {
    expect(countPoints(batches)).toBe(4);
    expect(countPoints([])).toBe(0);
  });
});
