// The api's own warnings and query-API requests go out as OTLP logs and spans through its own
// listener, stored under service tracelight with component api, and stay out of the user's
// service list.
import type { LogsResponse, ServicesResponse, TraceSearchResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { log } from "../src/log.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let t: TestService;
let api: string;

beforeAll(async () => {
  t = await startTestService({ TRACELIGHT_SELF_METRICS_INTERVAL_S: "1" }, { roles: "ingest,query" });
  api = `${t.api}/api/v1`;
});

afterAll(async () => {
  await t?.close();
});

describe("the api's own logs", () => {
  it("warn and above are stored with severity, component and the error's stack; info is not", async () => {
    log.info("self-logs test: info, not exported");
    log.error("self-logs test: an error", { error: new Error("self-logs boom"), table: "otel_logs" });
    const rows = await until(
      "the error stored",
      async () => {
        const found = await t.rows<{
          severity: string;
          component: string;
          instance: string;
          stack: string;
          table: string;
        }>(
          `SELECT SeverityText AS severity, ResourceAttributes['tracelight.component'] AS component,
                  ResourceAttributes['service.instance.id'] AS instance,
                  LogAttributes['exception.stacktrace'] AS stack, LogAttributes['table'] AS table
           FROM otel_logs WHERE ServiceName = 'tracelight' AND Body = 'self-logs test: an error'`,
        );
        return found.length > 0 && found;
      },
      { timeoutMs: 20_000 },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "ERROR", component: "api", table: "otel_logs" });
    expect(rows[0]?.instance).not.toBe("");
    expect(rows[0]?.stack).toMatch(/^Error: self-logs boom\n\s+at /);
    expect(await t.count("otel_logs", "Body = 'self-logs test: info, not exported'")).toBe(0);
  }, 30_000);
});

describe("the api's own request spans", () => {
  it("one span per /api/v1 request, named by route template, with status and role", async () => {
    expect((await callJson(api, "GET", "/traces/0123456789abcdef0123456789abcdef")).status).toBe(404);
    expect((await fetch(`${t.api}/healthz`)).status).toBe(200);
    const rows = await until(
      "the request's span stored",
      async () => {
        const found = await t.rows<{ name: string; status: string; code: string; role: string; component: string }>(
          `SELECT SpanName AS name, StatusCode AS status, SpanAttributes['http.response.status_code'] AS code,
                  SpanAttributes['tracelight.principal.role'] AS role,
                  ResourceAttributes['tracelight.component'] AS component
           FROM otel_traces WHERE ServiceName = 'tracelight' AND SpanName LIKE 'GET /api/v1/traces/%'`,
        );
        return found.length > 0 && found;
      },
      { timeoutMs: 20_000 },
    );
    expect(rows).toEqual([
      { name: "GET /api/v1/traces/:traceId", status: "Unset", code: "404", role: "admin", component: "api" },
    ]);
    expect(await t.count("otel_traces", "ServiceName = 'tracelight' AND SpanName LIKE '%healthz%'")).toBe(0);
  }, 30_000);

  it("stay out of the user's service list unless includeSelf=true", async () => {
    const range = "from=now-1h&to=now";
    const names = async (query: string) =>
      (await callJson<ServicesResponse>(api, "GET", `/services?${range}${query}`)).body.services.map((s) => s.name);
    expect(await names("")).not.toContain("tracelight");
    expect(await names("&includeSelf=true")).toContain("tracelight");
  });

  it("stay out of trace search and log search unless service tracelight is asked for", async () => {
    const range = "from=now-1h&to=now";
    const traceServices = async (query: string) =>
      (await callJson<TraceSearchResponse>(api, "GET", `/traces?${range}${query}`)).body.traces.flatMap(
        (t) => t.services,
      );
    const logServices = async (query: string) =>
      (await callJson<LogsResponse>(api, "GET", `/logs?${range}${query}`)).body.logs.map((l) => l.serviceName);
    expect(await traceServices("")).not.toContain("tracelight");
    expect(await traceServices("&service=tracelight")).toContain("tracelight");
    expect(await logServices("")).not.toContain("tracelight");
    expect(await logServices("&service=tracelight")).toContain("tracelight");
  });
});
