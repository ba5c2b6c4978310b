// /healthz and /readyz over a stand-in transport whose answers the test chooses (it stands in
// only to make the store fail on demand); the real store is checked in api.chdb.test.ts.
import type { ClickHouseTransport } from "@tracelight/store";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { registerHealthRoutes, storeReadiness } from "../src/health.ts";

function transport(answer: (text: string) => unknown[]): ClickHouseTransport {
  return {
    description: "stand-in",
    query: async <Row>(q: { text: string }) => answer(q.text) as Row[],
    command: async () => {},
    insert: async () => {},
    close: async () => {},
  };
}

async function get(path: string, t: ClickHouseTransport, migrated = true) {
  const app = Fastify();
  registerHealthRoutes(
    app,
    storeReadiness(t, () => migrated),
  );
  const response = await app.inject({ method: "GET", url: path });
  await app.close();
  return { status: response.statusCode, body: response.json() };
}

const healthy = transport((text) => (text.includes("tracelight_migrations") ? [{ n: 5 }] : [{ ok: 1 }]));

describe("health", () => {
  it("/healthz answers without touching the store", async () => {
    const dead = transport(() => {
      throw new Error("down");
    });
    expect(await get("/healthz", dead)).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("/readyz is 200 when the store answers and migrations are recorded", async () => {
    expect(await get("/readyz", healthy)).toEqual({
      status: 200,
      body: { status: "ready", store: "stand-in", checks: { store: "ok", migrations: "ok" } },
    });
  });

  it("/readyz is 503 naming the failure when the store does not answer", async () => {
    const down = transport(() => {
      throw new Error("connection refused");
    });
    const { status, body } = await get("/readyz", down);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: "not_ready",
      checks: { store: "error: connection refused", migrations: "unknown: store unreachable" },
      error: { code: "not_ready", message: "error: connection refused" },
    });
  });

  it("/readyz is 503 before migrations finish, or when none are recorded", async () => {
    expect((await get("/readyz", healthy, false)).body.checks.migrations).toMatch(/^pending/);
    const empty = transport((text) => (text.includes("tracelight_migrations") ? [{ n: 0 }] : [{ ok: 1 }]));
    const { status, body } = await get("/readyz", empty);
    expect(status).toBe(503);
    expect(body.checks.migrations).toBe("error: no migrations recorded");
  });
});
