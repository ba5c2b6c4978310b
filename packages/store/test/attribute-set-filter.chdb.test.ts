// `key!=` (an empty value) means "the key is set" and `key=` "unset", on the point's own
// attributes or its resource's, in SQL and in the TypeScript matcher alike. Before, `key!=`
// matched nothing whenever either map lacked the key (a lookup there reads "").
import { type AttributeMap, MetricSeriesQuerySchema, parseAttributeFilter } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { compileAttributeFilters } from "../src/queries/attributes.ts";
import { queryMetricSeries } from "../src/queries/index.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("attr-set");
let store: ClickHouseTransport;
const NOW = Date.now();
const POINTS: { name: string; Attributes: AttributeMap; ResourceAttributes: AttributeMap }[] = [
  { name: "own", Attributes: { "error.type": "500" }, ResourceAttributes: {} },
  { name: "resource", Attributes: {}, ResourceAttributes: { "error.type": "timeout" } },
  { name: "unset", Attributes: {}, ResourceAttributes: {} },
];

beforeAll(async () => {
  store = openChdbTransport(dir.path);
  await migrate(store, { ttlDays: TTL });
  const gauge = POINTS.map((p) => ({
    ...fx.gauge(),
    MetricName: "errors.seen",
    MetricUnit: "1",
    Attributes: { ...p.Attributes, which: p.name },
    ResourceAttributes: p.ResourceAttributes,
    TimeUnix: BigInt(NOW - 60_000) * 1_000_000n,
    Exemplars: [],
  }));
  await new TelemetryWriter(store).insertMetrics({
    gauge,
    sum: [],
    histogram: [],
    exponentialHistogram: [],
    summary: [],
  });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

async function seriesWhere(filter: string): Promise<string[]> {
  const q = MetricSeriesQuerySchema.parse({
    metric: "errors.seen",
    from: String(NOW - 300_000),
    to: String(NOW),
    groupBy: "which",
    filter,
  });
  return (await queryMetricSeries(store, q, NOW)).series.map((s) => s.labels.which ?? "").sort();
}

describe("an attribute filter with an empty value", () => {
  it.each([
    ["error.type!=", ["own", "resource"]],
    ["error.type=", ["unset"]],
    ["error.type!=500", ["resource", "unset"]],
  ])("%s selects %j, in SQL and in TypeScript", async (text, expected) => {
    expect(await seriesWhere(text)).toEqual(expected);
    const matches = compileAttributeFilters([parseAttributeFilter(text)!]);
    const inTs = POINTS.filter((p) => matches("svc", p.Attributes, p.ResourceAttributes)).map((p) => p.name);
    expect(inTs.sort()).toEqual(expected);
  });
});
