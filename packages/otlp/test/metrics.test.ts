// Metrics made by the OpenTelemetry JS SDK (sdk-metrics): gauge, counter, up-down counter,
// histogram and exponential histogram, serialized by otlp-transformer, decoded from both
// encodings and compared with the SDK's own data points.
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import {
  AggregationTemporality,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeMetrics, type MetricRows, type OtlpEncoding } from "../src/index.ts";
import { makeMetrics, nanos } from "./sdk.ts";

function encode(metrics: ResourceMetrics, encoding: OtlpEncoding): Uint8Array {
  const body =
    encoding === "protobuf"
      ? ProtobufMetricsSerializer.serializeRequest(metrics)
      : JsonMetricsSerializer.serializeRequest(metrics);
  if (body === undefined) throw new Error("serializer returned nothing");
  return body;
}

describe.each(["protobuf", "json"] as const)("decodeMetrics (%s, JS SDK fixtures)", (encoding) => {
  let sdk: ResourceMetrics;
  let rows: MetricRows;
  beforeAll(async () => {
    sdk = await makeMetrics();
    const decoded = decodeMetrics(encode(sdk, encoding), encoding);
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    rows = decoded.rows;
  });

  it("puts each data point in its type's table", () => {
    expect(rows.gauge.map((r) => r.MetricName)).toEqual(["cpu.temp"]);
    expect(rows.sum.map((r) => r.MetricName)).toEqual(["orders", "orders", "queue.depth"]);
    expect(rows.histogram.map((r) => r.MetricName)).toEqual(["http.duration"]);
    expect(rows.exponentialHistogram.map((r) => r.MetricName)).toEqual(["exp.latency"]);
    expect(rows.summary).toEqual([]);
  });

  it("fills the common columns from resource, scope, metric and point", () => {
    const all = [...rows.gauge, ...rows.sum, ...rows.histogram, ...rows.exponentialHistogram];
    const points = sdk.scopeMetrics.flatMap((s) => s.metrics.flatMap((m) => m.dataPoints.map((p) => ({ m, p }))));
    expect(all).toHaveLength(points.length);
    for (const { m, p } of points) {
      const row = all.find(
        (r) =>
          r.MetricName === m.descriptor.name &&
          JSON.stringify(r.Attributes) === JSON.stringify(stringify(p.attributes)),
      );
      expect(row, m.descriptor.name).toBeDefined();
      expect(row?.MetricDescription).toBe(m.descriptor.description);
      expect(row?.MetricUnit).toBe(m.descriptor.unit);
      expect(row?.StartTimeUnix).toBe(nanos(p.startTime));
      expect(row?.TimeUnix).toBe(nanos(p.endTime));
      expect(row?.Flags).toBe(0);
      expect(row?.ServiceName).toBe("checkout");
      expect(row?.ResourceAttributes["host.cpu.count"]).toBe("4");
      expect(row?.ScopeName).toBe("shop-metrics");
      expect(row?.ScopeVersion).toBe("1.0.0");
      expect(row?.ScopeAttributes).toEqual({});
      expect(row?.ScopeDroppedAttrCount).toBe(0);
      expect(row?.ScopeSchemaUrl).toBe("");
      expect(row?.ResourceSchemaUrl).toBe("");
    }
  });

  it("decodes gauges and sums", () => {
    expect(rows.gauge[0]).toMatchObject({ Value: 61.5, Attributes: { core: "0" }, MetricUnit: "Cel", Exemplars: [] });
    expect(rows.sum.map((r) => [r.Attributes, r.Value, r.IsMonotonic, r.AggregationTemporality])).toEqual([
      [{ region: "eu" }, 3, true, 2],
      [{ region: "us" }, 2, true, 2],
      [{ queue: "q1" }, -4, false, 2],
    ]);
  });

  it("decodes explicit-bucket histograms", () => {
    expect(rows.histogram[0]).toMatchObject({
      Attributes: { route: "/cart" },
      Count: 4n,
      Sum: 562,
      BucketCounts: [2n, 1n, 1n],
      ExplicitBounds: [10, 100],
      Min: 5,
      Max: 500,
      AggregationTemporality: 2,
      Exemplars: [],
    });
  });

  it("decodes exponential histograms as the SDK computed them", () => {
    const metric = sdk.scopeMetrics[0]?.metrics.find((m) => m.descriptor.name === "exp.latency");
    expect(metric?.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    const value = metric?.dataPoints[0]?.value as ExponentialHistogram;
    const row = rows.exponentialHistogram[0];
    expect(row).toMatchObject({
      Count: 6n,
      Sum: value.sum,
      Scale: value.scale,
      ZeroCount: BigInt(value.zeroCount),
      PositiveOffset: value.positive.offset,
      PositiveBucketCounts: value.positive.bucketCounts.map(BigInt),
      NegativeOffset: value.negative.offset,
      NegativeBucketCounts: value.negative.bucketCounts.map(BigInt),
      Min: 0,
      Max: 300,
      AggregationTemporality: 2,
    });
    expect(row?.ZeroCount).toBe(1n);
    expect(row?.PositiveBucketCounts.reduce((a, b) => a + b, 0n)).toBe(5n);
  });
});

it("carries delta temporality", async () => {
  const sdk = await makeMetrics(AggregationTemporality.DELTA);
  for (const encoding of ["protobuf", "json"] as const) {
    const { rows } = decodeMetrics(encode(sdk, encoding), encoding);
    expect(rows.sum.map((r) => r.AggregationTemporality)).toEqual([1, 1, 1]); // OTLP DELTA = 1
    expect(rows.histogram[0]?.AggregationTemporality).toBe(1);
    const histogram = sdk.scopeMetrics[0]?.metrics.find((m) => m.descriptor.name === "http.duration");
    expect((histogram?.dataPoints[0]?.value as Histogram | undefined)?.count).toBe(4);
  }
});

function stringify(attributes: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
}
