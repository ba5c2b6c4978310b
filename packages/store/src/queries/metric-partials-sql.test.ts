// The generated SQL of the alert evaluator's grouped reads, with its parameters: values are
// always bound, never spliced into the text.
import { describe, expect, it } from "vitest";
import { buildMetricPartialsQuery } from "./metric-partials.ts";
import { EVIL, expectBound, RANGE, UNITS } from "./sql-test-fixtures.ts";

describe("metric partials (alert rules read in groups)", () => {
  const window = { from: RANGE.from, to: RANGE.from + 600_000 };

  it("points: per series sum, count, min, max and the last point, in [from, to)", () => {
    const built = buildMetricPartialsQuery({
      metric: EVIL,
      type: "gauge",
      kind: "points",
      range: window,
      units: UNITS,
    });
    expectBound(built);
    expect(built).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": [
            "ms",
            "s",
          ],
          "p1": [
            0.001,
            1,
          ],
          "p2": "x' OR 1=1 --",
          "p3": 1700000000000,
          "p4": 1700000600000,
          "p5": [
            "ms",
            "s",
          ],
        },
        "text": "SELECT fp, any(toString(ServiceName)) AS service, any(ResourceAttributes) AS resource, any(Attributes) AS attributes, sum(Value) AS sum, count() AS count, min(Value) AS min, max(Value) AS max, argMax(Value, (TimeUnix, Value)) AS last, toString(toUnixTimestamp64Nano(max(toDateTime64(TimeUnix, 9)))) AS lastNs FROM (
        SELECT cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) AS fp, ServiceName, ResourceAttributes, Attributes, TimeUnix, Value * transform(MetricUnit, {p0:Array(String)}, {p1:Array(Float64)}, nan) AS Value
        FROM otel_metrics_gauge
        WHERE MetricName = {p2:String} AND TimeUnix >= fromUnixTimestamp64Milli({p3:Int64}) AND TimeUnix < fromUnixTimestamp64Milli({p4:Int64}) AND MetricUnit IN {p5:Array(String)}
      ) GROUP BY fp",
      }
    `);
  });

  it("cumulative kinds: the series queries' per-point increases with their look-back, summed per series", () => {
    const counter = buildMetricPartialsQuery({
      metric: EVIL,
      type: "sum",
      kind: "counter",
      range: window,
      units: UNITS,
    });
    expectBound(counter);
    expect(counter).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": [
            "ms",
            "s",
          ],
          "p1": [
            0.001,
            1,
          ],
          "p10": 1700000000000,
          "p11": 1700000600000,
          "p12": [
            "ms",
            "s",
          ],
          "p2": 1700000000000,
          "p3": "x' OR 1=1 --",
          "p4": 1699999400000,
          "p5": 1700000600000,
          "p6": [
            "ms",
            "s",
          ],
          "p7": 1700000000000,
          "p8": 1700000600000,
          "p9": "x' OR 1=1 --",
        },
        "text": "SELECT * FROM (
        SELECT fp, sum(d * uf) AS delta FROM (
          SELECT fp, uf, if(temporality = 1, Value, if(rn = 1 OR Value < prevValue, if(fresh, Value, 0), Value - prevValue)) AS d
          FROM (SELECT cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) AS fp, transform(MetricUnit, {p0:Array(String)}, {p1:Array(Float64)}, nan) AS uf, StartTimeUnix >= fromUnixTimestamp64Milli({p2:Int64}) AND StartTimeUnix < TimeUnix AS fresh, TimeUnix, AggregationTemporality AS temporality, Value, lagInFrame(Value) OVER w AS prevValue, row_number() OVER w AS rn
        FROM otel_metrics_sum
        WHERE MetricName = {p3:String} AND TimeUnix >= fromUnixTimestamp64Milli({p4:Int64}) AND TimeUnix < fromUnixTimestamp64Milli({p5:Int64}) AND MetricUnit IN {p6:Array(String)}
        WINDOW w AS (PARTITION BY cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW))
          WHERE TimeUnix >= fromUnixTimestamp64Milli({p7:Int64}) AND TimeUnix < fromUnixTimestamp64Milli({p8:Int64})
        ) GROUP BY fp
      ) AS d
      INNER JOIN (SELECT cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) AS fp, any(toString(ServiceName)) AS service, any(ResourceAttributes) AS resource, any(Attributes) AS attributes
      FROM otel_metrics_sum
      WHERE MetricName = {p9:String} AND TimeUnix >= fromUnixTimestamp64Milli({p10:Int64}) AND TimeUnix < fromUnixTimestamp64Milli({p11:Int64}) AND MetricUnit IN {p12:Array(String)}
      GROUP BY fp) AS s USING (fp)",
      }
    `);
    expect(
      buildMetricPartialsQuery({ metric: "m", type: "summary", kind: "countSum", range: window, units: UNITS }).text,
    ).toContain("sum(dCount) AS dCount, sum(dSum * uf) AS dSum");
    const buckets = buildMetricPartialsQuery({
      metric: "m",
      type: "histogram",
      kind: "buckets",
      range: window,
      units: UNITS,
    }).text;
    expect(buckets).toContain("sumForEach(dBuckets) AS counts");
    expect(buckets).toContain("arrayMap(b -> b * uf, ExplicitBounds) AS bounds");
    expect(buckets).toContain("GROUP BY fp, bounds");
    // A window longer than the 5 min look-back is its own look-back, as in buildCounterQuery.
    const long = { from: RANGE.from, to: RANGE.from + 3_600_000 };
    expect(
      buildMetricPartialsQuery({ metric: "m", type: "sum", kind: "counter", range: long, units: UNITS }).params,
    ).toMatchObject({
      p4: RANGE.from - 3_600_000,
    });
  });
});
