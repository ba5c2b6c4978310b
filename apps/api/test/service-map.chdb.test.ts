// GET /api/v1/service-map over the real service: the SDK's frontend → payments checkout trace
// (two tracer providers, the server continuing the client's propagated context) goes in over
// OTLP, the ingest process's pairing job rolls the call up, and the map answers it with the RED
// rollup's nodes.
import type { ServiceMapResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckoutTraffic, hrMs, sendCheckoutTraffic } from "./helpers/checkout-traffic.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let t: TestService;
let sent: CheckoutTraffic;

beforeAll(async () => {
  // The job pairs often, with its clock two minutes ahead: the minute under way is paired at once.
  t = await startTestService({}, { roles: "ingest,query", serviceEdges: { everyMs: 200, aheadMs: 120_000 } });
  sent = await sendCheckoutTraffic("proto", { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc }, 3_600_000);
}, 120_000);
afterAll(async () => {
  await sent?.shutdown();
  await t?.close();
});

async function get(query: string): Promise<Response> {
  return fetch(`${t.api}/api/v1/service-map?${query}`);
}

describe("GET /api/v1/service-map", () => {
  it("answers the SDK's call with its rate, error rate and p99, and both services' RED figures", async () => {
    const minute = Math.floor(sent.baseMs / 60_000) * 60_000;
    const range = `from=${minute}&to=${minute + 59_999}`;
    const map = await until(
      "the call paired into the service map",
      async () => {
        const m = (await (await get(range)).json()) as ServiceMapResponse;
        return m.edges.length > 0 && m;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const call = sent.spans.find((s) => s.name === "POST");
    expect(call).toBeDefined();
    const callMs = hrMs(call!.endTime) - hrMs(call!.startTime);
    expect(map.truncated).toBe(false);
    expect(map.edges).toHaveLength(1);
    expect(map.edges[0]).toMatchObject({ from: sent.frontend, to: sent.payments, errorRate: 1 });
    expect(map.edges[0]?.rate).toBeCloseTo(1 / 60, 9);
    expect(map.edges[0]?.p99Ms).toBeCloseTo(callMs, 3);
    // frontend: the cart and checkout roots (checkout failed); payments: its failed server span.
    expect(map.nodes.map((n) => [n.service, n.rate * 60, n.errorRate])).toEqual([
      [sent.frontend, 2, 0.5],
      [sent.payments, 1, 1],
    ]);
  });

  it("refuses a malformed range", async () => {
    const response = await get("from=yesterday-ish");
    expect(response.status).toBe(400);
  });
});
