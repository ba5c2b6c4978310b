// Metric requests built by hand, byte by byte (protobuf) and as OTLP/JSON text, for what the JS
// SDK cannot produce: exemplars, summaries, fields in unusual order, unpacked repeated fields.
// Each protobuf fixture has a JSON twin that must decode to the same rows.
import { describe, expect, it } from "vitest";
import { decodeMetrics } from "../src/index.ts";
import { json, SPAN, T0, TRACE } from "./handbuilt-constants.ts";
import { kv, ProtoWriter } from "./proto-writer.ts";

/** Gauge, sum, histogram, exponential histogram and summary, with exemplars of both value kinds. */
function metricsProtobuf(): Uint8Array {
  return new ProtoWriter()
    .message(1, (rm) =>
      rm
        // Items before their resource and scope, and schema URLs last: the decoder must not care.
        .message(2, (sm) =>
          sm
            .message(2, (m) =>
              m
                .message(5, (g) =>
                  g.message(1, (p) => {
                    kv.str(p, 7, "host", "a");
                    p.fixed64(2, T0)
                      .fixed64(3, T0 + 10n)
                      .fixed64(6, -5n)
                      .uint(8, 1);
                    p.message(5, (e) => {
                      kv.str(e, 7, "user", "u1");
                      e.fixed64(2, T0 + 5n)
                        .double(3, 1.25)
                        .hex(4, SPAN)
                        .hex(5, TRACE);
                    });
                    p.message(5, (e) => e.fixed64(2, T0 + 6n).fixed64(6, 7n));
                  }),
                )
                .string(1, "g")
                .string(2, "a gauge")
                .string(3, "1"),
            )
            .message(2, (m) =>
              m.string(1, "s").message(7, (s) =>
                s
                  .message(1, (p) =>
                    p
                      .fixed64(3, T0)
                      .double(4, 2.5)
                      .message(5, (e) => e.double(3, 2.5).hex(5, TRACE).hex(4, SPAN)),
                  )
                  .uint(2, 1)
                  .uint(3, 1),
              ),
            )
            .message(2, (m) =>
              m.string(1, "h").message(9, (h) =>
                h
                  .message(1, (p) => {
                    kv.int(p, 9, "code", 200);
                    p.fixed64(2, T0)
                      .fixed64(3, T0 + 1n)
                      .fixed64(4, 6n)
                      .double(5, 12.5);
                    // bucket_counts unpacked (one fixed64 per tag), explicit_bounds packed.
                    p.fixed64(6, 1n).fixed64(6, 2n).fixed64(6, 3n);
                    p.bytesField(7, [...doubles(1, 10)]);
                    p.message(8, (e) => e.double(3, 9.5).hex(5, TRACE));
                    p.uint(10, 1).double(11, 0.5).double(12, 11);
                  })
                  .uint(2, 2),
              ),
            )
            .message(2, (m) =>
              m.string(1, "e").message(10, (h) =>
                h
                  .message(1, (p) => {
                    kv.str(p, 1, "k", "v");
                    p.fixed64(3, T0).fixed64(4, 10n).double(5, 20).sint(6, -2).fixed64(7, 3n);
                    p.message(8, (b) => b.sint(1, -3).uint(2, 1).uint(2, 2)); // unpacked varints
                    p.message(9, (b) => b.sint(1, 2).bytesField(2, [4, 0x80, 0x01])); // packed: 4, 128
                    p.message(11, (e) => e.fixed64(6, -9n).hex(4, SPAN));
                    p.double(12, -1.5).double(13, 9).double(14, 0.001);
                  })
                  .uint(2, 1),
              ),
            )
            .message(2, (m) =>
              m.string(1, "q").message(11, (q) =>
                q.message(1, (p) => {
                  kv.str(p, 7, "route", "/");
                  p.fixed64(2, T0)
                    .fixed64(3, T0 + 2n)
                    .fixed64(4, 10n)
                    .double(5, 55.5);
                  for (const [quantile, value] of [
                    [0, 1],
                    [0.5, 5],
                    [1, 10],
                  ] as const) {
                    p.message(6, (v) => v.double(1, quantile).double(2, value));
                  }
                  p.uint(8, 1);
                }),
              ),
            )
            .message(1, (s) => {
              s.string(1, "hand").string(2, "1");
              kv.str(s, 3, "team", "obs");
              s.uint(4, 3);
            })
            .string(3, "https://scope"),
        )
        .message(1, (r) => kv.str(r, 1, "service.name", "billing"))
        .string(3, "https://resource"),
    )
    .finish();
}

function doubles(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setFloat64(i * 8, v, true);
  });
  return out;
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function metricsJson(): Uint8Array {
  return json({
    resourceMetrics: [
      {
        resource: { attributes: [str("service.name", "billing")] },
        schemaUrl: "https://resource",
        scopeMetrics: [
          {
            scope: { name: "hand", version: "1", attributes: [str("team", "obs")], droppedAttributesCount: 3 },
            schemaUrl: "https://scope",
            metrics: [
              {
                name: "g",
                description: "a gauge",
                unit: "1",
                gauge: {
                  dataPoints: [
                    {
                      attributes: [str("host", "a")],
                      startTimeUnixNano: String(T0),
                      timeUnixNano: String(T0 + 10n),
                      asInt: "-5",
                      flags: 1,
                      exemplars: [
                        {
                          filteredAttributes: [str("user", "u1")],
                          timeUnixNano: String(T0 + 5n),
                          asDouble: 1.25,
                          spanId: SPAN,
                          traceId: TRACE.toUpperCase(),
                        },
                        { timeUnixNano: String(T0 + 6n), asInt: 7 },
                      ],
                    },
                  ],
                },
              },
              {
                name: "s",
                sum: {
                  aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA",
                  isMonotonic: true,
                  dataPoints: [
                    {
                      timeUnixNano: String(T0),
                      asDouble: 2.5,
                      exemplars: [{ asDouble: 2.5, traceId: TRACE, spanId: SPAN }],
                    },
                  ],
                },
              },
              {
                name: "h",
                histogram: {
                  aggregation_temporality: 2, // proto field names are accepted too
                  data_points: [
                    {
                      attributes: [{ key: "code", value: { intValue: 200 } }],
                      startTimeUnixNano: String(T0),
                      timeUnixNano: String(T0 + 1n),
                      count: "6",
                      sum: 12.5,
                      bucketCounts: ["1", 2, "3"],
                      explicitBounds: [1, 10],
                      exemplars: [{ asDouble: 9.5, traceId: TRACE }],
                      flags: 1,
                      min: 0.5,
                      max: 11,
                    },
                  ],
                },
              },
              {
                name: "e",
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      attributes: [str("k", "v")],
                      timeUnixNano: String(T0),
                      count: 10,
                      sum: 20,
                      scale: -2,
                      zeroCount: "3",
                      positive: { offset: -3, bucketCounts: ["1", "2"] },
                      negative: { offset: 2, bucketCounts: [4, 128] },
                      exemplars: [{ asInt: "-9", spanId: SPAN }],
                      min: -1.5,
                      max: 9,
                      zeroThreshold: 0.001,
                    },
                  ],
                },
              },
              {
                name: "q",
                summary: {
                  dataPoints: [
                    {
                      attributes: [str("route", "/")],
                      startTimeUnixNano: String(T0),
                      timeUnixNano: String(T0 + 2n),
                      count: "10",
                      sum: 55.5,
                      quantileValues: [
                        { quantile: 0, value: 1 },
                        { quantile: 0.5, value: 5 },
                        { quantile: 1, value: 10 },
                      ],
                      flags: 1,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe("metrics with exemplars and summaries (hand-built: the JS SDK emits neither)", () => {
  const fromProtobuf = decodeMetrics(metricsProtobuf(), "protobuf");
  const fromJson = decodeMetrics(metricsJson(), "json");

  it("decodes both encodings to the same rows, with nothing refused", () => {
    expect(fromProtobuf.rejected).toBe(0);
    expect(fromProtobuf.errors).toEqual([]);
    expect(fromJson.rejected).toBe(0);
    expect(fromJson.errors).toEqual([]);
    expect(fromJson.rows).toEqual(fromProtobuf.rows);
  });

  const { rows } = fromProtobuf;
  const common = {
    ResourceAttributes: { "service.name": "billing" },
    ResourceSchemaUrl: "https://resource",
    ScopeName: "hand",
    ScopeVersion: "1",
    ScopeAttributes: { team: "obs" },
    ScopeDroppedAttrCount: 3,
    ScopeSchemaUrl: "https://scope",
    ServiceName: "billing",
  };

  it("decodes a gauge with int value and exemplars of both kinds", () => {
    expect(rows.gauge).toEqual([
      {
        ...common,
        MetricName: "g",
        MetricDescription: "a gauge",
        MetricUnit: "1",
        Attributes: { host: "a" },
        StartTimeUnix: T0,
        TimeUnix: T0 + 10n,
        Flags: 1,
        Value: -5,
        Exemplars: [
          { FilteredAttributes: { user: "u1" }, TimeUnix: T0 + 5n, Value: 1.25, SpanId: SPAN, TraceId: TRACE },
          { FilteredAttributes: {}, TimeUnix: T0 + 6n, Value: 7, SpanId: "", TraceId: "" },
        ],
      },
    ]);
  });

  it("applies sum temporality and monotonicity written after the points", () => {
    expect(rows.sum).toEqual([
      {
        ...common,
        MetricName: "s",
        MetricDescription: "",
        MetricUnit: "",
        Attributes: {},
        StartTimeUnix: 0n,
        TimeUnix: T0,
        Flags: 0,
        Value: 2.5,
        Exemplars: [{ FilteredAttributes: {}, TimeUnix: 0n, Value: 2.5, SpanId: SPAN, TraceId: TRACE }],
        AggregationTemporality: 1,
        IsMonotonic: true,
      },
    ]);
  });

  it("decodes a histogram with unpacked counts, packed bounds, min, max and an exemplar", () => {
    expect(rows.histogram[0]).toMatchObject({
      MetricName: "h",
      Attributes: { code: "200" },
      Count: 6n,
      Sum: 12.5,
      BucketCounts: [1n, 2n, 3n],
      ExplicitBounds: [1, 10],
      Exemplars: [{ FilteredAttributes: {}, TimeUnix: 0n, Value: 9.5, SpanId: "", TraceId: TRACE }],
      Min: 0.5,
      Max: 11,
      Flags: 1,
      AggregationTemporality: 2,
    });
  });

  it("decodes an exponential histogram with negative scale and offsets", () => {
    expect(rows.exponentialHistogram[0]).toMatchObject({
      MetricName: "e",
      Attributes: { k: "v" },
      Count: 10n,
      Sum: 20,
      Scale: -2,
      ZeroCount: 3n,
      PositiveOffset: -3,
      PositiveBucketCounts: [1n, 2n],
      NegativeOffset: 2,
      NegativeBucketCounts: [4n, 128n],
      Exemplars: [{ FilteredAttributes: {}, TimeUnix: 0n, Value: -9, SpanId: SPAN, TraceId: "" }],
      Min: -1.5,
      Max: 9,
      AggregationTemporality: 1,
    });
  });

  it("decodes a summary's quantiles", () => {
    expect(rows.summary).toEqual([
      {
        ...common,
        MetricName: "q",
        MetricDescription: "",
        MetricUnit: "",
        Attributes: { route: "/" },
        StartTimeUnix: T0,
        TimeUnix: T0 + 2n,
        Flags: 1,
        Count: 10n,
        Sum: 55.5,
        ValueAtQuantiles: [
          { Quantile: 0, Value: 1 },
          { Quantile: 0.5, Value: 5 },
          { Quantile: 1, Value: 10 },
        ],
      },
    ]);
  });
});
