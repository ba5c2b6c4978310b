// Live tail needs the ingest role in the same process (it hears about stored logs from the
// pipeline): a query-only api answers 501 in the API's error shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";

let t: TestService;

beforeAll(async () => {
  t = await startTestService({}, { roles: "query" });
});
afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/logs/tail without the ingest role", () => {
  it("answers 501 not_implemented and says why", async () => {
    expect(t.service.logTail).toBeUndefined();
    const res = await fetch(`http://127.0.0.1:${t.service.ports.api}/api/v1/logs/tail?service=cart`);
    expect(res.status).toBe(501);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_implemented");
    expect(body.error.message).toMatch(/needs the ingest role in the same process/);
  });

  it("the other query routes still work", async () => {
    const res = await fetch(`http://127.0.0.1:${t.service.ports.api}/api/v1/logs/histogram`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: 0, series: [] });
  });
});
