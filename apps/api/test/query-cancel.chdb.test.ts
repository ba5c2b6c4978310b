// A query API client that leaves cancels its query in the engine, and /readyz answers while
// slow searches hold every search session, over real HTTP and chDB. The slow read is a route
// added here: no route of the product is slow on the few rows a test can afford.

import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { openAccounts } from "@tracelight/auth";
import { sql } from "@tracelight/store";
import { until } from "@tracelight/testkit";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiServer } from "../src/api-server.ts";
import { parseConfig } from "../src/config.ts";
import { storeReadiness } from "../src/health.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let svc: TestService;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  svc = await startTestService();
  const { transport } = svc.service;
  const config = parseConfig({ TRACELIGHT_DATA_DIR: svc.dataDir }, []);
  app = await buildApiServer({
    transport,
    readiness: storeReadiness(transport, () => true),
    originPolicy: config.originPolicy,
    accounts: await openAccounts(svc.service.db, config.accounts),
    trustedProxies: [],
  });
  // Outside /api/v1, so no access rule and no credentials are needed.
  app.get("/slow", async (req) => {
    const { marker } = req.query as { marker: string };
    return transport.query(
      sql`SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3 AND ${marker} != ''`,
    );
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await svc?.close();
});

const running = async (marker: string) =>
  Number(
    (
      await svc.rows<{ n: number }>(
        `SELECT count() AS n FROM system.processes WHERE position(query, '${marker}') > 0 AND position(query, 'system.processes') = 0 AND is_cancelled = 0`,
      )
    )[0]?.n,
  );

/** Sends a GET and returns a function that drops its connection. */
const startGet = (path: string) => {
  const req = request(`${base}${path}`);
  req.on("error", () => {});
  req.end();
  return () => req.destroy();
};

describe("query API cancellation", () => {
  it("cancels the engine's query when its client disconnects", async () => {
    const leave = startGet("/slow?marker=left-early");
    await until("the query running", async () => (await running("left-early")) === 1, { timeoutMs: 5_000 });
    leave();
    await until("the query cancelled", async () => (await running("left-early")) === 0, { timeoutMs: 2_000 });
  });

  it("answers /readyz within its 2 s while four slow searches run", async () => {
    const leaves = [1, 2, 3, 4].map(() => startGet("/slow?marker=four-slow"));
    await until("four slow searches running", async () => (await running("four-slow")) === 4, { timeoutMs: 5_000 });
    const started = Date.now();
    const ready = await fetch(`${base}/readyz`);
    expect({ status: ready.status, fast: Date.now() - started < 1_000 }).toEqual({ status: 200, fast: true });
    for (const leave of leaves) leave();
    await until("the four searches cancelled", async () => (await running("four-slow")) === 0, { timeoutMs: 2_000 });
  });
});
