// serializeMetricsJsonWithExemplars: the request it writes, and the same request read back by
// Tracelight's own OTLP decoder (@tracelight/otlp), which must find every exemplar on its point.
import { ValueType } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { decodeMetrics } from "@tracelight/otlp";
import { describe, expect, it } from "vitest";
import { type Exemplar, type MetricDataPoint, serializeMetricsJsonWithExemplars } from "./index.ts";

const T0 = 1_767_225_600_123_456_789n; // 2026-01-01T00:00:00.123456789Z
const hr = (nanos: bigint): [number, number] => [Number(nanos / 1_000_000_000n), Number(nanos % 1_000_000_000n)];
const scope = { name: "test-scope", version: "1.2.3" };

function histogram(name: string, points: { route: string; counts: number[] }[]): MetricData {
  return {
    descriptor: { name, description: "request duration", unit: "ms", valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.DELTA,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: points.map(({ route, counts }) => ({
      startTime: hr(T0),
      endTime: hr(T0 + 10_000_000_000n),
      attributes: { "http.route": route },
      value: {
        buckets: { boundaries: [10, 100], counts },
        count: counts.reduce((a, b) => a + b, 0),
        sum: 123.5,
        min: 1.5,
        max: 250,
      },
    })),
  };
}

const counter: MetricData = {
  descriptor: { name: "http.server.requests", description: "", unit: "1", valueType: ValueType.DOUBLE },
  aggregationTemporality: AggregationTemporality.CUMULATIVE,
  dataPointType: DataPointType.SUM,
  isMonotonic: true,
  dataPoints: [{ startTime: hr(T0), endTime: hr(T0 + 1n), attributes: { "http.route": "/a" }, value: 7 }],
};

const exemplar = (n: number, value: number, timeUnixNano: bigint | string = T0 + BigInt(n)): Exemplar => ({
  timeUnixNano,
  value,
  traceId: n.toString(16).padStart(32, "a"),
  spanId: n.toString(16).padStart(16, "b"),
});

const checkout: ResourceMetrics = {
  resource: resourceFromAttributes({ "service.name": "checkout" }),
  scopeMetrics: [
    {
      scope,
      metrics: [
        counter,
        histogram("duration", [
          { route: "/a", counts: [1, 0, 1] },
          { route: "/b", counts: [0, 2, 0] },
        ]),
      ],
    },
  ],
};
const payments: ResourceMetrics = {
  resource: resourceFromAttributes({ "service.name": "payments" }),
  scopeMetrics: [{ scope, metrics: [histogram("duration", [{ route: "/pay", counts: [0, 0, 3] }])] }],
};

/** Exemplars by data point object: what the agent does with points it built itself. */
function byPoint(entries: [MetricDataPoint | undefined, Exemplar[]][]) {
  const map = new Map(entries.map(([point, exemplars]) => [point as MetricDataPoint, exemplars]));
  return (_metric: MetricData, point: MetricDataPoint) => map.get(point);
}

const pointOf = (rm: ResourceMetrics, metric: number, point: number) =>
  rm.scopeMetrics[0]?.metrics[metric]?.dataPoints[point] as MetricDataPoint;

describe("serializeMetricsJsonWithExemplars", () => {
  it("writes one request for several resources with the exemplars on their own data points", () => {
    const body = serializeMetricsJsonWithExemplars(
      [checkout, payments],
      byPoint([
        [pointOf(checkout, 1, 0), [exemplar(1, 4.5), exemplar(2, 250)]],
        [pointOf(payments, 0, 0), [exemplar(3, 900, "1767225600999999999")]],
        [pointOf(checkout, 0, 0), [exemplar(4, 1)]],
      ]),
    );
    const request = JSON.parse(body);
    expect(request.resourceMetrics).toHaveLength(2);
    const [first, second] = request.resourceMetrics;
    expect(first.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "checkout" } }]);
    expect(second.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "payments" } }]);
    const [sum, hist] = first.scopeMetrics[0].metrics;
    expect(hist.histogram.dataPoints[0].exemplars).toEqual([
      { timeUnixNano: String(T0 + 1n), asDouble: 4.5, traceId: exemplar(1, 0).traceId, spanId: exemplar(1, 0).spanId },
      { timeUnixNano: String(T0 + 2n), asDouble: 250, traceId: exemplar(2, 0).traceId, spanId: exemplar(2, 0).spanId },
    ]);
    expect(hist.histogram.dataPoints[1]).not.toHaveProperty("exemplars");
    expect(sum.sum.dataPoints[0].exemplars).toEqual([
      { timeUnixNano: String(T0 + 4n), asDouble: 1, traceId: exemplar(4, 0).traceId, spanId: exemplar(4, 0).spanId },
    ]);
    expect(second.scopeMetrics[0].metrics[0].histogram.dataPoints[0].exemplars[0].timeUnixNano).toBe(
      "1767225600999999999",
    );
  });

  it("passes the metric and the SDK's own data point to the callback, in order", () => {
    const seen: [string, unknown][] = [];
    serializeMetricsJsonWithExemplars([checkout, payments], (metric, point) => {
      seen.push([metric.descriptor.name, point.attributes["http.route"]]);
      return undefined;
    });
    expect(seen).toEqual([
      ["http.server.requests", "/a"],
      ["duration", "/a"],
      ["duration", "/b"],
      ["duration", "/pay"],
    ]);
  });

  it("is read back exactly by @tracelight/otlp: bounds, counts, sum, min, max and every exemplar", () => {
    const body = serializeMetricsJsonWithExemplars(
      [checkout, payments],
      byPoint([
        [pointOf(checkout, 1, 0), [exemplar(1, 4.5), exemplar(2, 250)]],
        [pointOf(payments, 0, 0), [exemplar(3, 900)]],
      ]),
    );
    const decoded = decodeMetrics(new TextEncoder().encode(body), "json");
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    const rows = decoded.rows.histogram.map((r) => ({
      service: r.ServiceName,
      scope: [r.ScopeName, r.ScopeVersion],
      name: r.MetricName,
      unit: r.MetricUnit,
      attributes: r.Attributes,
      start: r.StartTimeUnix,
      time: r.TimeUnix,
      count: r.Count,
      sum: r.Sum,
      min: r.Min,
      max: r.Max,
      bounds: r.ExplicitBounds,
      counts: r.BucketCounts,
      temporality: r.AggregationTemporality,
      exemplars: r.Exemplars,
    }));
    const common = {
      scope: ["test-scope", "1.2.3"],
      name: "duration",
      unit: "ms",
      start: T0,
      time: T0 + 10_000_000_000n,
      sum: 123.5,
      min: 1.5,
      max: 250,
      bounds: [10, 100],
      temporality: 1,
    };
    expect(rows).toEqual([
      {
        ...common,
        service: "checkout",
        attributes: { "http.route": "/a" },
        count: 2n,
        counts: [1n, 0n, 1n],
        exemplars: [
          {
            FilteredAttributes: {},
            TimeUnix: T0 + 1n,
            Value: 4.5,
            TraceId: exemplar(1, 0).traceId,
            SpanId: exemplar(1, 0).spanId,
          },
          {
            FilteredAttributes: {},
            TimeUnix: T0 + 2n,
            Value: 250,
            TraceId: exemplar(2, 0).traceId,
            SpanId: exemplar(2, 0).spanId,
          },
        ],
      },
      {
        ...common,
        service: "checkout",
        attributes: { "http.route": "/b" },
        count: 2n,
        counts: [0n, 2n, 0n],
        exemplars: [],
      },
      {
        ...common,
        service: "payments",
        attributes: { "http.route": "/pay" },
        count: 3n,
        counts: [0n, 0n, 3n],
        exemplars: [
          {
            FilteredAttributes: {},
            TimeUnix: T0 + 3n,
            Value: 900,
            TraceId: exemplar(3, 0).traceId,
            SpanId: exemplar(3, 0).spanId,
          },
        ],
      },
    ]);
    expect(decoded.rows.sum.map((r) => [r.ServiceName, r.MetricName, r.Value, r.IsMonotonic, r.Exemplars])).toEqual([
      ["checkout", "http.server.requests", 7, true, []],
    ]);
  });

  it("writes an empty request for no resources", () => {
    expect(serializeMetricsJsonWithExemplars([], () => undefined)).toBe('{"resourceMetrics":[]}');
  });
});
