import { describe, expect, it } from "vitest";
import type { HttpExchange } from "../probes/records.ts";
import type { HistogramPoint } from "../telemetry/model.ts";
import { HttpTelemetry, type ProcessInfo } from "./http-telemetry.ts";
import { RouteNamer } from "./route.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT = "00f067aa0ba902b7";
/** Monotonic 1,000 s ↔ Unix 1,700,000,000 s. */
const toUnix = (ns: bigint) => ns - 1_000_000_000_000n + 1_700_000_000_000_000_000n;

function exchange(request: string, response: string, over: Partial<HttpExchange> = {}): HttpExchange {
  return {
    kind: "http",
    startNs: 1_000_000_000_000n,
    endNs: 1_000_250_000_000n,
    tgid: 4242,
    tid: 4242,
    fd: 21,
    direction: "server",
    family: "ipv4",
    localAddr: "127.0.0.1",
    localPort: 8080,
    peerAddr: "127.0.0.1",
    peerPort: 50412,
    comm: "node",
    request: Buffer.from(request, "latin1"),
    response: Buffer.from(response, "latin1"),
    ...over,
  };
}

const checkout: ProcessInfo = {
  key: "4242",
  serviceName: "checkout",
  resource: { "service.name": "checkout", "process.pid": 4242 },
};

const telemetry = (sampleRatio = 1) =>
  new HttpTelemetry({ routes: new RouteNamer(), sampleRatio, toUnixNanos: toUnix });

describe("HttpTelemetry", () => {
  it("turns a server exchange with a traceparent into a span of the caller's trace", () => {
    const out = telemetry().handle(
      exchange(
        `POST /cart/42/items?x=1 HTTP/1.1\r\nHost: shop.local:8080\r\ntraceparent: 00-${TRACE}-${PARENT}-01\r\nUser-Agent: k6\r\n\r\n`,
        "HTTP/1.1 201 Created\r\n",
      ),
      checkout,
    );
    if (out.kind !== "span") throw new Error(`expected a span, got ${out.kind}`);
    const span = out.span;
    expect(span).toMatchObject({
      traceId: TRACE,
      parentSpanId: PARENT,
      parentIsRemote: true,
      name: "POST /cart/{id}/items",
      kind: "server",
      startTimeUnixNano: 1_700_000_000_000_000_000n,
      endTimeUnixNano: 1_700_000_000_250_000_000n,
      status: "unset",
      resource: checkout.resource,
    });
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.attributes).toEqual({
      "http.request.method": "POST",
      "url.path": "/cart/42/items",
      "url.query": "x=1",
      "url.scheme": "http",
      "http.route": "/cart/{id}/items",
      "http.response.status_code": 201,
      "network.protocol.version": "1.1",
      "server.address": "shop.local",
      "server.port": 8080,
      "client.address": "127.0.0.1",
      "client.port": 50412,
      "user_agent.original": "k6",
    });
  });

  it("starts a new trace without a traceparent, and marks 5xx server spans as errors", () => {
    const out = telemetry().handle(exchange("GET /health HTTP/1.1\r\n\r\n", "HTTP/1.1 503 Unavailable\r\n"), checkout);
    if (out.kind !== "span") throw new Error("expected a span");
    expect(out.span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.span.traceId).not.toBe(TRACE);
    expect(out.span.parentSpanId).toBeUndefined();
    expect(out.span.status).toBe("error");
    expect(out.span.attributes["error.type"]).toBe("503");
  });

  it("builds client spans toward the peer, erroring on 4xx", () => {
    const out = telemetry().handle(
      exchange("GET /v1/stock?sku=9 HTTP/1.1\r\nHost: [::1]:9000\r\n\r\n", "HTTP/1.1 404 Not Found\r\n", {
        direction: "client",
        family: "ipv6",
        localAddr: "::1",
        localPort: 40000,
        peerAddr: "::1",
        peerPort: 9000,
      }),
      checkout,
    );
    if (out.kind !== "span") throw new Error("expected a span");
    expect(out.span.kind).toBe("client");
    expect(out.span.status).toBe("error");
    expect(out.span.attributes).toEqual({
      "http.request.method": "GET",
      "http.route": "/v1/stock",
      "http.response.status_code": 404,
      "error.type": "404",
      "network.protocol.version": "1.1",
      "server.address": "::1",
      "server.port": 9000,
      "url.full": "http://[::1]:9000/v1/stock?sku=9",
    });
  });

  it("follows the caller's unsampled flag and the ratio for new traces, but counts every request", () => {
    const t = telemetry(0);
    const unsampledParent = t.handle(
      exchange(`GET /a HTTP/1.1\r\ntraceparent: 00-${TRACE}-${PARENT}-00\r\n\r\n`, "HTTP/1.1 200 OK\r\n"),
      checkout,
    );
    const noParent = t.handle(exchange("GET /a HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\n"), checkout);
    const sampledParent = t.handle(
      exchange(`GET /a HTTP/1.1\r\ntraceparent: 00-${TRACE}-${PARENT}-01\r\n\r\n`, "HTTP/1.1 200 OK\r\n"),
      checkout,
    );
    expect([unsampledParent.kind, noParent.kind, sampledParent.kind]).toEqual(["unsampled", "unsampled", "span"]);
    const [metric] = t.collect(1_700_000_010_000_000_000n);
    const point = metric?.metric.points[0] as HistogramPoint;
    expect(point.count).toBe(3);
    expect(point.exemplars).toHaveLength(1);
    expect(point.exemplars[0]?.traceId).toBe(TRACE);
  });

  it("says so when the bytes are not an HTTP request", () => {
    expect(telemetry().handle(exchange("\u0016\u0003\u0001 TLS", "HTTP/1.1 200 OK\r\n"), checkout).kind).toBe(
      "unreadable",
    );
  });

  it("records RED histograms per route with the slowest and the latest error as exemplars", () => {
    const t = telemetry();
    const ms = (n: number) => 1_000_000_000_000n + BigInt(n) * 1_000_000n;
    const spans: Record<string, string> = {};
    for (const [path, dur, status] of [
      ["/users/1", 20, 200],
      ["/users/2", 900, 200],
      ["/users/3", 40, 500],
      ["/users/4", 10, 200],
    ] as const) {
      const out = t.handle(
        exchange(`GET ${path} HTTP/1.1\r\n\r\n`, `HTTP/1.1 ${status} X\r\n`, { endNs: ms(dur) }),
        checkout,
      );
      if (out.kind === "span") spans[path] = out.span.spanId;
    }
    const collected = t.collect(1_700_000_010_000_000_000n);
    expect(collected).toHaveLength(1);
    const metric = collected[0]!.metric;
    expect(metric.name).toBe("http.server.request.duration");
    const ok = metric.points.find((p) => p.attributes["http.response.status_code"] === 200) as HistogramPoint;
    const failed = metric.points.find((p) => p.attributes["http.response.status_code"] === 500) as HistogramPoint;
    expect(ok.attributes).toEqual({
      "http.request.method": "GET",
      "http.route": "/users/{id}",
      "http.response.status_code": 200,
      "server.port": 8080,
    });
    expect(ok.count).toBe(3);
    expect(ok.sum).toBeCloseTo(0.93, 9);
    expect(ok.min).toBeCloseTo(0.01, 9);
    expect(ok.max).toBeCloseTo(0.9, 9);
    // 0.01 → (0.005, 0.01], 0.02 → (0.01, 0.025], 0.9 → (0.75, 1]
    expect(ok.counts.map((c, i) => (c ? i : -1)).filter((i) => i >= 0)).toEqual([1, 2, 9]);
    expect(ok.exemplars.map((e) => e.spanId)).toEqual([spans["/users/2"]]);
    expect(failed.attributes["error.type"]).toBe("500");
    expect(failed.exemplars.map((e) => e.spanId)).toEqual([spans["/users/3"]]);
    // Exemplars belong to one interval; counts are cumulative.
    const again = t.collect(1_700_000_020_000_000_000n)[0]!.metric.points as HistogramPoint[];
    expect(again.map((p) => p.exemplars.length)).toEqual([0, 0]);
    expect(again.map((p) => p.count).sort()).toEqual([1, 3]);
  });
});
