// DELETE as API clients send it: `content-type: application/json` and no body at all, on every
// route that deletes (channels, alert rules, silences). A JSON body that is present but broken
// is still a 400.
import type { AlertRule, ApiError, Channel, Silence } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let svc: TestService;
let api: string;

const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

/** A DELETE with a JSON content type and an empty body, like many HTTP client libraries send. */
const bodilessDelete = (path: string) =>
  fetch(`${api}${path}`, { method: "DELETE", headers: { "content-type": "application/json" } });

beforeAll(async () => {
  svc = await startTestService({}, { roles: "query" });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
});
afterAll(async () => {
  await svc?.close();
});

describe("DELETE with content-type application/json and no body", () => {
  it("deletes a channel (204), then 404", async () => {
    const channel = await call<Channel>("POST", "/channels", {
      name: "bodiless",
      type: "webhook",
      url: "http://127.0.0.1:9/hook",
    });
    expect(channel.status).toBe(201);
    expect((await bodilessDelete(`/channels/${channel.body.id}`)).status).toBe(204);
    expect((await bodilessDelete(`/channels/${channel.body.id}`)).status).toBe(404);
  });

  it("deletes an alert rule (204)", async () => {
    const rule = await call<AlertRule>("POST", "/alert-rules", {
      name: "bodiless rule",
      query: { metric: "queue.depth", aggregation: "max", filters: {}, groupBy: [], window: "1m" },
      condition: { op: ">", threshold: 1, for: "1m" },
      severity: "warning",
    });
    expect(rule.status).toBe(201);
    expect((await bodilessDelete(`/alert-rules/${rule.body.id}`)).status).toBe(204);
    expect((await call("GET", `/alert-rules/${rule.body.id}`)).status).toBe(404);
  });

  it("expires a silence (200)", async () => {
    const silence = await call<Silence>("POST", "/silences", {
      matchers: [{ label: "service.name", op: "=", value: "bodiless" }],
      duration: "1h",
    });
    expect(silence.status).toBe(201);
    const response = await bodilessDelete(`/silences/${silence.body.id}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Silence).status).toBe("expired");
  });

  it("a broken JSON body is still a 400", async () => {
    const response = await fetch(`${api}/silences/x`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ApiError).error.code).toBe("bad_request");
  });
});
