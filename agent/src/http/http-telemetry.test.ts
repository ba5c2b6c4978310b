import { describe, expect, it } from "vitest";
import { bucketOf } from "../metrics/histogram.ts";
import type { HttpExchange, HttpRed } from "../probes/records.ts";
import type { HistogramPoint } from "../telemetry/model.ts";
import { HTTP_DURATION_BOUNDS, HttpTelemetry, type ProcessInfo } from "./http-telemetry.ts";
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

const telemetry = () => new HttpTelemetry({ routes: new RouteNamer(), toUnixNanos: toUnix });

/** A series as the loader counts it (bpf/http-red.c): durations in ms, one bucket each. */
function red(path: string, status: number | undefined, durationsMs: number[], over: Partial<HttpRed> = {}): HttpRed {
  const ns = durationsMs.map((ms) => BigInt(ms) * 1_000_000n);
  const buckets = new Array<number>(15).fill(0);
  for (const ms of durationsMs) buckets[bucketOf(HTTP_DURATION_BOUNDS, ms / 1000)]!++;
  return {
    kind: "red",
    count: ns.length,
    sumNs: ns.reduce((a, b) => a + b, 0n),
    minNs: BigInt(Math.min(...durationsMs)) * 1_000_000n,
    maxNs: BigInt(Math.max(...durationsMs)) * 1_000_000n,
    buckets,
    tgid: 4242,
    direction: "server",
    localPort: 8080,
    peerPort: 0,
    peerAddr: "",
    statusCode: status,
    method: "GET",
    host: "",
    path,
    overflow: false,
    comm: "node",
    ...over,
  };
}

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

  it("keeps the caller's trace and parent whatever its sampled flag (the loader decided to keep it)", () => {
    const out = telemetry().handle(
      exchange(`GET /a HTTP/1.1\r\ntraceparent: 00-${TRACE}-${PARENT}-00\r\n\r\n`, "HTTP/1.1 500 Oops\r\n"),
      checkout,
    );
    if (out.kind !== "span") throw new Error("expected a span");
    expect(out.span).toMatchObject({ traceId: TRACE, parentSpanId: PARENT, status: "error" });
  });

  it("says so when the bytes are not an HTTP request", () => {
    expect(telemetry().handle(exchange("\u0016\u0003\u0001 TLS", "HTTP/1.1 200 OK\r\n"), checkout).kind).toBe(
      "unreadable",
    );
  });

  it("counts RED histograms per route from the loader's series, the slowest and latest error span as exemplars", () => {
    const t = telemetry();
    const now = 1_700_000_010_000_000_000n;
    // The loader counted four requests (digit-only segments written 0); two were kept as spans.
    t.count(red("/users/0", 200, [20, 900, 10]), checkout, now);
    t.count(red("/users/0", 500, [40]), checkout, now);
    const ms = (n: number) => 1_000_000_000_000n + BigInt(n) * 1_000_000n;
    const kept: Record<string, string> = {};
    for (const [path, dur, status] of [
      ["/users/2", 900, 200],
      ["/users/3", 40, 500],
    ] as const) {
      const out = t.handle(
        exchange(`GET ${path} HTTP/1.1\r\n\r\n`, `HTTP/1.1 ${status} X\r\n`, { endNs: ms(dur) }),
        checkout,
      );
      if (out.kind === "span") kept[path] = out.span.spanId;
    }
    const collected = t.collect(now);
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
    expect(ok.exemplars.map((e) => e.spanId)).toEqual([kept["/users/2"]]);
    expect(failed.attributes["error.type"]).toBe("500");
    expect(failed.exemplars.map((e) => e.spanId)).toEqual([kept["/users/3"]]);
    // Exemplars belong to one interval; counts are cumulative, added up over the loader's dumps.
    t.count(red("/users/0", 200, [30]), checkout, now);
    const again = t.collect(1_700_000_020_000_000_000n)[0]!.metric.points as HistogramPoint[];
    expect(again.map((p) => p.exemplars.length)).toEqual([0, 0]);
    expect(again.map((p) => p.count).sort()).toEqual([1, 4]);
  });

  it("keeps a kept span's exemplar until its series has a count, and names overflow and client series", () => {
    const t = telemetry();
    const out = t.handle(exchange("GET /cart HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\n"), checkout);
    expect(t.collect(1_700_000_010_000_000_000n)).toEqual([]);
    t.count(red("/cart", 200, [250]), checkout, 1_700_000_011_000_000_000n);
    t.count(red("", 200, [5, 6], { overflow: true }), checkout, 1_700_000_011_000_000_000n);
    t.count(
      red("/v1/stock", 404, [3], {
        direction: "client",
        localPort: 0,
        peerPort: 9000,
        peerAddr: "10.0.0.7",
        host: "stock.internal:9000",
      }),
      checkout,
      1_700_000_011_000_000_000n,
    );
    const [server, client] = t.collect(1_700_000_012_000_000_000n).map((r) => r.metric.points as HistogramPoint[]);
    const cart = server!.find((p) => p.attributes["http.route"] === "/cart")!;
    expect(cart.exemplars.map((e) => e.spanId)).toEqual([out.kind === "span" ? out.span.spanId : ""]);
    expect(server!.find((p) => p.attributes["http.route"] === "/{other}")?.count).toBe(2);
    expect(client).toEqual([
      expect.objectContaining({
        count: 1,
        attributes: {
          "http.request.method": "GET",
          "http.response.status_code": 404,
          "error.type": "404",
          "server.address": "stock.internal",
          "server.port": 9000,
        },
      }),
    ]);
  });
});
