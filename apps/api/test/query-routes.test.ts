// The query routes' boundary without an engine: validation errors name the field, engine
// errors become a 500 that says nothing about the SQL, defaults reach the query.
import type { BoundQuery, ClickHouseTransport } from "@tracelight/store";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerQueryRoutes } from "../src/query/routes.ts";

function fakeTransport(answer: (q: BoundQuery) => unknown[]): ClickHouseTransport & { seen: BoundQuery[] } {
  const seen: BoundQuery[] = [];
  return {
    seen,
    description: "fake",
    async query<Row>(q: BoundQuery): Promise<Row[]> {
      seen.push(q);
      return answer(q) as Row[];
    },
    async command() {},
    async insert() {},
    async close() {},
  };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  vi.restoreAllMocks();
});

async function build(transport: ClickHouseTransport): Promise<FastifyInstance> {
  app = Fastify();
  await registerQueryRoutes(app, { transport });
  return app;
}

describe("query routes without an engine", () => {
  it("400s name the field at fault", async () => {
    const a = await build(fakeTransport(() => []));
    const cases: [string, RegExp][] = [
      ["/api/v1/logs?from=garbage", /^from: "garbage" is not a time: RFC 3339, epoch milliseconds, now or now-15m$/],
      ["/api/v1/logs?limit=0", /^limit: /],
      ["/api/v1/logs?severity=LOUD", /^severity: must be one of/],
      ["/api/v1/logs?traceId=123", /^traceId: must be 32 hex characters$/],
      ["/api/v1/traces?minDurationMs=fast", /^minDurationMs: /],
      ["/api/v1/traces?attr=justakey", /^attr: "justakey" is not key=value or key!=value$/],
      ["/api/v1/metrics/series?metric=m&step=1y", /^step: /],
      ["/api/v1/metrics/series?metric=m&agg=median", /^agg: /],
      ["/api/v1/red?from=2000&to=1000", /^from: must not be after `to`$/],
      ["/api/v1/services?to=tomorrow", /^to: /],
    ];
    for (const [url, message] of cases) {
      const res = await a.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe("bad_request");
      expect(res.json().error.message, url).toMatch(message);
    }
  });

  it("engine errors are a 500 that leaks no SQL", async () => {
    const a = await build(
      fakeTransport(() => {
        throw new Error("Code: 62. DB::Exception: Syntax error: SELECT ServiceName FROM otel_traces WHERE secret");
      }),
    );
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const res = await a.inject({ method: "GET", url: "/api/v1/services" });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: "internal", message: "internal error while running the query" } });
    expect(res.body).not.toMatch(/SELECT|otel_traces|secret/);
  });

  it("a request without a range queries the last hour", async () => {
    const transport = fakeTransport(() => []);
    const a = await build(transport);
    const before = Date.now();
    const res = await a.inject({ method: "GET", url: "/api/v1/services" });
    expect(res.json()).toEqual({ services: [], truncated: false });
    const [from, to] = Object.values(transport.seen[0]?.params ?? {}) as number[];
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to! - from!).toBe(3_600_000);
  });

  it("unknown /api/v1 routes are JSON 404s", async () => {
    const a = await build(fakeTransport(() => []));
    const res = await a.inject({ method: "GET", url: "/api/v1/nope?x=1" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: "not_found", message: "no route GET /api/v1/nope" } });
  });
});
