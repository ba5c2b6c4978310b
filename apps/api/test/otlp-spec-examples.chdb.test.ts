// Requests shaped like the OTLP specification's own JSON examples (opentelemetry-proto's
// examples/trace.json, logs.json, metrics.json): int64 times as JSON numbers, upper-case hex
// IDs, enums as numbers, every kind of attribute value. Sent to the running receiver, then
// every field is read back from chDB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";

/** 2018-12-13T14:51:00Z, the examples' time: outside any default retention, hence the TTLs below. */
const T = 1544712660000000000;

let t: TestService;
beforeAll(async () => {
  // Ten years; not more: a TTL past 2106 overflows ClickHouse's DateTime and deletes at once.
  const decade = "3650";
  t = await startTestService({
    TRACELIGHT_TTL_TRACES_DAYS: decade,
    TRACELIGHT_TTL_LOGS_DAYS: decade,
    TRACELIGHT_TTL_METRICS_DAYS: decade,
  });
});
afterAll(async () => {
  await t?.close();
});

const resource = {
  attributes: [{ key: "service.name", value: { stringValue: "spec.example" } }],
};
const scope = {
  name: "my.library",
  version: "1.0.0",
  attributes: [{ key: "my.scope.attribute", value: { stringValue: "some scope attribute" } }],
};
const attribute = (key: string, stringValue: string) => ({ key, value: { stringValue } });

async function send(signal: string, request: unknown): Promise<void> {
  const response = await fetch(`${t.otlpHttp}/v1/${signal}`, {
    method: "POST",
    body: JSON.stringify(request),
    headers: { "content-type": "application/json" },
  });
  expect(await response.json()).toEqual({});
  expect(response.status).toBe(200);
}

const nanos = (column: string) => `toString(toUnixTimestamp64Nano(${column}))`;

describe("the specification's example requests land field for field", () => {
  it("trace.json", async () => {
    await send("traces", {
      resourceSpans: [
        {
          resource,
          scopeSpans: [
            {
              scope,
              spans: [
                {
                  traceId: "5B8EFFF798038103D269B633813FC60C",
                  spanId: "EEE19B7EC3C1B174",
                  parentSpanId: "EEE19B7EC3C1B173",
                  name: "I'm a server span",
                  startTimeUnixNano: T,
                  endTimeUnixNano: T + 1_000_000_000,
                  kind: 2,
                  attributes: [attribute("my.span.attr", "some value")],
                },
              ],
            },
          ],
        },
      ],
    });
    const rows = await t.rows<Record<string, unknown>>(
      `SELECT ${nanos("Timestamp")} AS ts, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
              ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, toString(Duration) AS duration
       FROM otel_traces WHERE ServiceName = 'spec.example'`,
    );
    expect(rows).toEqual([
      {
        ts: String(T),
        TraceId: "5b8efff798038103d269b633813fc60c",
        SpanId: "eee19b7ec3c1b174",
        ParentSpanId: "eee19b7ec3c1b173",
        SpanName: "I'm a server span",
        SpanKind: "Server",
        ServiceName: "spec.example",
        ResourceAttributes: { "service.name": "spec.example" },
        ScopeName: "my.library",
        ScopeVersion: "1.0.0",
        SpanAttributes: { "my.span.attr": "some value" },
        duration: "1000000000",
      },
    ]);
  });

  it("logs.json", async () => {
    await send("logs", {
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              scope,
              logRecords: [
                {
                  timeUnixNano: T + 300_000_000,
                  observedTimeUnixNano: T + 300_000_000,
                  severityText: "Information",
                  traceId: "5B8EFFF798038103D269B633813FC60C",
                  spanId: "EEE19B7EC3C1B174",
                  body: { stringValue: "Example log record" },
                  attributes: [
                    attribute("string.attribute", "some string"),
                    { key: "boolean.attribute", value: { boolValue: true } },
                    { key: "int.attribute", value: { intValue: 10 } },
                    { key: "double.attribute", value: { doubleValue: 637.704 } },
                    {
                      key: "array.attribute",
                      value: { arrayValue: { values: [{ stringValue: "many" }, { stringValue: "values" }] } },
                    },
                    {
                      key: "map.attribute",
                      value: { kvlistValue: { values: [attribute("some.map.key", "some value")] } },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const rows = await t.rows<Record<string, unknown>>(
      `SELECT ${nanos("Timestamp")} AS ts, SeverityText, TraceId, SpanId, ServiceName, Body, ResourceAttributes,
              ScopeName, ScopeVersion, ScopeAttributes, LogAttributes
       FROM otel_logs WHERE ServiceName = 'spec.example'`,
    );
    expect(rows).toEqual([
      {
        ts: String(T + 300_000_000),
        SeverityText: "Information",
        TraceId: "5b8efff798038103d269b633813fc60c",
        SpanId: "eee19b7ec3c1b174",
        ServiceName: "spec.example",
        Body: "Example log record",
        ResourceAttributes: { "service.name": "spec.example" },
        ScopeName: "my.library",
        ScopeVersion: "1.0.0",
        ScopeAttributes: { "my.scope.attribute": "some scope attribute" },
        LogAttributes: {
          "string.attribute": "some string",
          "boolean.attribute": "true",
          "int.attribute": "10",
          "double.attribute": "637.704",
          "array.attribute": '["many","values"]',
          "map.attribute": '{"some.map.key":"some value"}',
        },
      },
    ]);
  });

  it("metrics.json", async () => {
    const time = T + 300_000_000;
    await send("metrics", {
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              scope,
              metrics: [
                {
                  name: "my.counter",
                  unit: "1",
                  description: "I'm a Counter",
                  sum: {
                    aggregationTemporality: 1,
                    isMonotonic: true,
                    dataPoints: [
                      {
                        asDouble: 5,
                        startTimeUnixNano: time,
                        timeUnixNano: time,
                        attributes: [attribute("my.counter.attr", "some value")],
                      },
                    ],
                  },
                },
                {
                  name: "my.gauge",
                  unit: "1",
                  description: "I'm a Gauge",
                  gauge: {
                    dataPoints: [
                      { asDouble: 10, timeUnixNano: time, attributes: [attribute("my.gauge.attr", "some value")] },
                    ],
                  },
                },
                {
                  name: "my.histogram",
                  unit: "1",
                  description: "I'm a Histogram",
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        startTimeUnixNano: time,
                        timeUnixNano: time,
                        count: 3,
                        sum: 3,
                        bucketCounts: [1, 1, 1],
                        explicitBounds: [1],
                        min: 1,
                        max: 1,
                        attributes: [attribute("my.histogram.attr", "some value")],
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
    const common = `MetricName, MetricDescription, MetricUnit, ServiceName, ScopeName, ScopeVersion, ScopeAttributes,
                    Attributes, ${nanos("TimeUnix")} AS ts`;
    const where = "WHERE ServiceName = 'spec.example'";
    const base = (name: string, kind: string) => ({
      MetricName: name,
      MetricDescription: `I'm a ${kind}`,
      MetricUnit: "1",
      ServiceName: "spec.example",
      ScopeName: "my.library",
      ScopeVersion: "1.0.0",
      ScopeAttributes: { "my.scope.attribute": "some scope attribute" },
      Attributes: { [`${name}.attr`]: "some value" },
      ts: String(time),
    });
    expect(
      await t.rows(
        `SELECT ${common}, ${nanos("StartTimeUnix")} AS start, Value, AggregationTemporality, IsMonotonic
         FROM otel_metrics_sum ${where}`,
      ),
    ).toEqual([
      {
        ...base("my.counter", "Counter"),
        start: String(time),
        Value: 5,
        AggregationTemporality: 1,
        IsMonotonic: true,
      },
    ]);
    expect(await t.rows(`SELECT ${common}, Value FROM otel_metrics_gauge ${where}`)).toEqual([
      { ...base("my.gauge", "Gauge"), Value: 10 },
    ]);
    expect(
      await t.rows(
        `SELECT ${common}, toString(Count) AS count, Sum, toString(BucketCounts) AS buckets, ExplicitBounds, Min, Max,
                AggregationTemporality
         FROM otel_metrics_histogram ${where}`,
      ),
    ).toEqual([
      {
        ...base("my.histogram", "Histogram"),
        count: "3",
        Sum: 3,
        buckets: "[1,1,1]",
        ExplicitBounds: [1],
        Min: 1,
        Max: 1,
        AggregationTemporality: 1,
      },
    ]);
  });
});
