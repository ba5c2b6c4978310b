// The query-port server (:3001) of the running service over real chDB: health endpoints and
// the error shape outside the query routes (the query routes have their own tests).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";

let t: TestService;
let api: string;

beforeAll(async () => {
  t = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${t.service.ports.api}`;
});
afterAll(async () => {
  await t?.close();
});

describe("query port", () => {
  it("/healthz and /readyz (SELECT 1 and migrations recorded)", async () => {
    const health = await fetch(`${api}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(`${api}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      store: expect.stringMatching(/^chdb:/),
      checks: { store: "ok", migrations: "ok" },
    });
  });

  it("unknown paths answer 404 in the API's error shape", async () => {
    const response = await fetch(`${api}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "no route GET /nope" } });
  });

  it("runs the query routes and the OTLP listeners side by side", async () => {
    expect(t.service.ports.otlpHttp).toBeGreaterThan(0);
    expect(t.service.ports.otlpGrpc).toBeGreaterThan(0);
    const services = await fetch(`${api}/api/v1/services`);
    expect(services.status).toBe(200);
  });
});
