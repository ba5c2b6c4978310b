// GET /api/v1/service-map's peers over the real service: one SDK-instrumented service calls a
// database and a third-party API (neither sends spans), its spans go in over OTLP in one export,
// the ingest process's pairing job decides them as peer calls, and the map answers peer nodes
// whose edges' search finds the calls again through GET /api/v1/traces.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ServiceMapResponse, TraceSearchResponse } from "@tracelight/contracts";
import { PEER_WAIT_MS } from "@tracelight/store";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceExporter } from "./helpers/sdk-clients.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let t: TestService;
const SERVICE = "shop-peers";

beforeAll(async () => {
  // The job's clock runs past the wait: a caller's call with no callee is decided at once. All
  // spans go in one export, so no run sees the caller without its children.
  t = await startTestService(
    {},
    { roles: "ingest,query", serviceEdges: { everyMs: 200, aheadMs: PEER_WAIT_MS + 120_000 } },
  );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": SERVICE }),
    spanProcessors: [new BatchSpanProcessor(traceExporter("proto", { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc }))],
  });
  const tracer = provider.getTracer("shop");
  const root = tracer.startSpan("GET /api/order", { kind: SpanKind.SERVER }, ROOT_CONTEXT);
  const under = trace.setSpan(ROOT_CONTEXT, root);
  const db = { "db.system.name": "postgresql", "db.namespace": "orders", "server.address": "pg-1" };
  tracer.startSpan("SELECT orders", { kind: SpanKind.CLIENT, attributes: db }, under).end();
  const failed = tracer.startSpan("INSERT orders", { kind: SpanKind.CLIENT, attributes: db }, under);
  failed.setStatus({ code: SpanStatusCode.ERROR });
  failed.end();
  const stripe = { "server.address": "api.stripe.com", "server.port": 443, "url.full": "https://api.stripe.com/v1" };
  tracer.startSpan("POST", { kind: SpanKind.CLIENT, attributes: stripe }, under).end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const lastHour = () => `from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`;

describe("GET /api/v1/service-map peers", () => {
  it("answers peer nodes with their calls' figures and edges whose search finds the calls", async () => {
    const map = await until(
      "the peer calls decided",
      async () => {
        const m = (await (await fetch(`${t.api}/api/v1/service-map?${lastHour()}`)).json()) as ServiceMapResponse;
        return m.edges.length === 2 && m;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(map.nodes.map((n) => [n.service, n.kind])).toEqual([
      ["api.stripe.com:443", "peer"],
      ["postgresql/orders", "peer"],
      [SERVICE, "service"],
    ]);
    const [stripe, db] = map.nodes;
    expect(db?.errorRate).toBe(0.5);
    expect(stripe?.errorRate).toBe(0);
    for (const node of [stripe, db]) {
      const incoming = map.edges.filter((e) => e.to === node?.service);
      expect(node?.rate).toBeCloseTo(
        incoming.reduce((s, e) => s + e.rate, 0),
        12,
      );
    }
    expect(map.edges.map((e) => [e.from, e.to, e.errorRate, e.search])).toEqual([
      [
        SERVICE,
        "api.stripe.com:443",
        0,
        '(kind:client OR kind:producer) server.address:"api.stripe.com" server.port:443',
      ],
      [
        SERVICE,
        "postgresql/orders",
        0.5,
        '(kind:client OR kind:producer) db.system.name:"postgresql" (db.namespace:"orders" OR db.name:"orders")',
      ],
    ]);
    for (const edge of map.edges) {
      const q = new URLSearchParams({ service: edge.from, q: edge.search ?? "" });
      const found = (await (await fetch(`${t.api}/api/v1/traces?${lastHour()}&${q}`)).json()) as TraceSearchResponse;
      expect(found.traces, edge.to).toHaveLength(1);
    }
  });
});
