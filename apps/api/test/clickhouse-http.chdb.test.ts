// The api on a ClickHouse server (CLICKHOUSE_URL) answers as it does on embedded chDB. The
// server is @tracelight/store's stand-in (ClickHouse's HTTP interface over chDB; what a real
// server adds that it cannot prove is listed in packages/store/test/http-transport.chdb.test.ts).
// One service runs over HTTP (roles migrate + ingest + query: migrations, inserts and reads through
// @clickhouse/client); a second, query only, opens the same store embedded. The SDK's traffic
// goes to the first, and every query route must answer both the same.

import { join } from "node:path";
import { type ClickHouseHttpStandIn, startClickHouseHttpStandIn } from "@tracelight/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckoutTraffic, sendCheckoutTraffic } from "./helpers/checkout-traffic.ts";
import { freshDataDir, startTestService, type TestService } from "./helpers/service.ts";

let server: ClickHouseHttpStandIn;
let overHttp: TestService;
let embedded: TestService;
let sent: CheckoutTraffic;
let sentAt: number;

beforeAll(async () => {
  const dataDir = await freshDataDir();
  server = await startClickHouseHttpStandIn(join(dataDir, "clickhouse"));
  overHttp = await startTestService({ CLICKHOUSE_URL: server.url }, { roles: "migrate,ingest,query" });
  embedded = await startTestService({}, { roles: "query", dataDir });
  sent = await sendCheckoutTraffic("proto", { httpBase: overHttp.otlpHttp, grpcAddress: overHttp.otlpGrpc }, 3_600_000);
  sentAt = Date.now();
}, 120_000);
afterAll(async () => {
  await embedded?.close();
  await overHttp?.close();
  await server?.close();
});

async function get(base: string, path: string): Promise<unknown> {
  const res = await fetch(`${base}/api/v1${path}`);
  const body = await res.text();
  expect(res.status, `GET ${path}: ${body}`).toBe(200);
  return JSON.parse(body);
}

describe("the api over CLICKHOUSE_URL", () => {
  it("stores through the HTTP transport and answers every query route as over embedded chDB", async () => {
    expect(server.log.some((l) => l.query.startsWith("INSERT INTO otel_traces"))).toBe(true);
    // Ranges that end before the first read: one reaching past now is rated up to each answer's
    // own now. The rollup's answers (overview, RED) count whole minutes, so theirs ends on one.
    const range = `from=${sent.baseMs - 3_600_000}&to=${sentAt}`;
    const minutes = `from=${sent.baseMs - 3_600_000}&to=${Math.floor(sentAt / 60_000) * 60_000}`;
    const paths = [
      `/services?${range}`,
      `/services/overview?${minutes}&step=1m`,
      `/traces?${range}`,
      `/traces?${range}&sort=duration&service=${sent.frontend}`,
      `/traces/scatter?${range}`,
      `/traces/${sent.checkoutTraceId}`,
      `/logs?${range}`,
      `/logs?traceId=${sent.checkoutTraceId}`,
      `/logs/histogram?${range}`,
      `/metrics?${range}`,
      `/red?${minutes}&step=1m`,
      `/red?${minutes}&step=1m&service=${sent.frontend}`,
    ];
    const metrics = (await get(embedded.api, `/metrics?${range}`)) as { metrics: { name: string }[] };
    expect(metrics.metrics.length).toBeGreaterThan(0);
    for (const { name } of metrics.metrics) {
      paths.push(`/metrics/series?${range}&metric=${encodeURIComponent(name)}&step=1m`);
      paths.push(`/metrics/attributes?${range}&metric=${encodeURIComponent(name)}`);
    }
    for (const path of paths) {
      expect(await get(overHttp.api, path), path).toEqual(await get(embedded.api, path));
    }
    const trace = (await get(overHttp.api, `/traces/${sent.checkoutTraceId}`)) as { spans: unknown[] };
    expect(trace.spans.length).toBeGreaterThan(0);
    const red = (await get(overHttp.api, `/red?${minutes}&step=1m`)) as { total: { requests: number } };
    expect(red.total.requests).toBeGreaterThan(0);
  });
});
