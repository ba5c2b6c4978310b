// Autocomplete of the search language through the real api over real chDB: the fields of known
// spans and logs (built-ins first, then keys by how often they were seen, with their source),
// the values of a column, an attribute and a fixed list with their counts, the prefix filter,
// `limit`, the sample cap over 30,000 rows, Tracelight's own rows left out, and viewer access.

import type { ApiError, SearchFieldsResponse, SearchValuesResponse } from "@tracelight/contracts";
import type { LogRow, SpanRow } from "@tracelight/otlp";
import { SUGGEST_SAMPLE_ROWS, TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, createToken } from "./accounts/roles-callers.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

const MS = 1_000_000n;
// Ten minutes ago: inside the default range (the last hour).
const T = Date.now() - 10 * 60_000;
const BULK = 30_000;

let n = 0;
function span(service: string, attrs: Record<string, string>, resource: Record<string, string> = {}): SpanRow {
  n++;
  return {
    Timestamp: BigInt(T + n) * MS,
    TraceId: n.toString(16).padStart(32, "0"),
    SpanId: n.toString(16).padStart(16, "0"),
    ParentSpanId: "",
    TraceState: "",
    SpanName: `${service} op`,
    SpanKind: "Server",
    ServiceName: service,
    ResourceAttributes: { "service.name": service, ...resource },
    ScopeName: "test",
    ScopeVersion: "",
    SpanAttributes: attrs,
    Duration: 1_000_000n,
    StatusCode: "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
  };
}

function log(service: string, attrs: Record<string, string>, at = T + n++): LogRow {
  return {
    Timestamp: BigInt(at) * MS,
    TraceId: "",
    SpanId: "",
    TraceFlags: 0,
    SeverityText: "INFO",
    SeverityNumber: 9,
    ServiceName: service,
    Body: "line",
    ResourceSchemaUrl: "",
    ResourceAttributes: { "service.name": service },
    ScopeSchemaUrl: "",
    ScopeName: "",
    ScopeVersion: "",
    ScopeAttributes: {},
    LogAttributes: attrs,
    EventName: "",
  };
}

const pod = { "k8s.pod.name": "checkout-7f9" };
const spans = [
  span("checkout", { "http.route": "/pay", "http.request.method": "POST" }, pod),
  span("checkout", { "http.route": "/pay", "http.request.method": "POST" }, pod),
  span("checkout", { "http.route": "/pay" }, pod),
  span("checkout", { "http.route": "/cart" }, pod),
  span("checkout", { "http.route": "/cart" }, pod),
  span("frontend", { "http.route": "/a b" }),
  span("frontend", { "user.id": "u1" }),
  span("frontend", { "user.id": "u2" }),
  span("tracelight", { "self.only": "x" }),
  span("tracelight", { "self.only": "y" }),
];

let t: TestService;
let api: string;
const get = <T>(path: string) => callJson<T>(api, "GET", path);
const names = (r: SearchFieldsResponse) => r.fields.map((f) => f.name);

beforeAll(async () => {
  t = await startTestService({}, { roles: "query" });
  api = `${t.api}/api/v1`;
  const writer = new TelemetryWriter(t.service.transport);
  await writer.insertSpans(spans);
  // 30,000 log lines over the half hour before T, then two of payments at T.
  const bulk = Array.from({ length: BULK }, (_, i) => log("bulk", { "bulk.key": `v${i % 3}` }, T - 1_800_000 + i * 60));
  await writer.insertLogs([...bulk, log("payments", { "order.id": "o-1" }), log("payments", { "order.id": "o-2" })]);
}, 120_000);
afterAll(() => t?.close());

describe("GET /api/v1/search/fields", () => {
  it("lists the language's fields, then the keys seen most first with their source, without Tracelight's own", async () => {
    const { status, body } = await get<SearchFieldsResponse>("/search/fields?signal=traces&limit=100");
    expect(status).toBe(200);
    expect(names(body)).toEqual([
      "service",
      "name",
      "status",
      "kind",
      "duration",
      "trace_id",
      "span_id",
      "http.route",
      "k8s.pod.name",
      "http.request.method",
      "user.id",
    ]);
    expect(body.fields[0]).toMatchObject({ source: "builtin", description: "service name" });
    expect(body.fields.slice(7)).toEqual([
      { name: "http.route", source: "attribute", count: 6 },
      { name: "k8s.pod.name", source: "resource", count: 5 },
      { name: "http.request.method", source: "attribute", count: 2 },
      { name: "user.id", source: "attribute", count: 2 },
    ]);
    expect(body.truncated).toBe(false);
  });

  it("filters by prefix without regard to case, and cuts the answer at limit", async () => {
    expect(names((await get<SearchFieldsResponse>("/search/fields?signal=traces&prefix=HTTP.")).body)).toEqual([
      "http.route",
      "http.request.method",
    ]);
    expect(names((await get<SearchFieldsResponse>("/search/fields?signal=logs&prefix=serv")).body)).toEqual([
      "service",
    ]);
    const cut = (await get<SearchFieldsResponse>("/search/fields?signal=traces&limit=3")).body;
    expect(cut).toEqual({ fields: cut.fields.slice(0, 3), truncated: true });
    expect(names(cut)).toEqual(["service", "name", "status"]);
  });

  it("counts the keys of the newest SUGGEST_SAMPLE_ROWS rows, not of all 30,002", async () => {
    const all = (await get<SearchFieldsResponse>("/search/fields?signal=logs")).body;
    expect(all.fields.filter((f) => f.source !== "builtin")).toEqual([
      { name: "bulk.key", source: "attribute", count: SUGGEST_SAMPLE_ROWS - 2 },
      { name: "order.id", source: "attribute", count: 2 },
    ]);
    // A prefix looks for rows with such a key: the newest SUGGEST_SAMPLE_ROWS of them.
    const bulk = (await get<SearchFieldsResponse>("/search/fields?signal=logs&prefix=bulk")).body;
    expect(bulk.fields).toEqual([{ name: "bulk.key", source: "attribute", count: SUGGEST_SAMPLE_ROWS }]);
  });
});

describe("GET /api/v1/search/values", () => {
  it("counts a column's values over the range, Tracelight's own only when asked for", async () => {
    const { body } = await get<SearchValuesResponse>("/search/values?signal=traces&field=service");
    expect(body).toEqual({
      values: [
        { value: "checkout", count: 5 },
        { value: "frontend", count: 3 },
      ],
      truncated: false,
    });
    const self = await get<SearchValuesResponse>("/search/values?signal=traces&field=service&includeSelf=true");
    expect(self.body.values.map((v) => v.value)).toEqual(["checkout", "frontend", "tracelight"]);
    const byPrefix = await get<SearchValuesResponse>("/search/values?signal=traces&field=service&prefix=CH");
    expect(byPrefix.body.values).toEqual([{ value: "checkout", count: 5 }]);
  });

  it("counts an attribute's values (own or resource), most frequent first, cut at limit", async () => {
    const route = await get<SearchValuesResponse>("/search/values?signal=traces&field=http.route");
    expect(route.body.values).toEqual([
      { value: "/pay", count: 3 },
      { value: "/cart", count: 2 },
      { value: "/a b", count: 1 },
    ]);
    const cut = await get<SearchValuesResponse>("/search/values?signal=traces&field=http.route&limit=1");
    expect(cut.body).toEqual({ values: [{ value: "/pay", count: 3 }], truncated: true });
    const prefixed = await get<SearchValuesResponse>("/search/values?signal=traces&field=http.route&prefix=/c");
    expect(prefixed.body.values).toEqual([{ value: "/cart", count: 2 }]);
    const resource = await get<SearchValuesResponse>("/search/values?signal=traces&field=k8s.pod.name");
    expect(resource.body.values).toEqual([{ value: "checkout-7f9", count: 5 }]);
    const self = await get<SearchValuesResponse>("/search/values?signal=traces&field=self.only");
    expect(self.body.values).toEqual([]);
  });

  it("answers fixed lists without counts, and nothing for IDs", async () => {
    const severity = await get<SearchValuesResponse>("/search/values?signal=logs&field=level&prefix=w");
    expect(severity.body).toEqual({ values: [{ value: "warn" }], truncated: false });
    const status = await get<SearchValuesResponse>("/search/values?signal=traces&field=status");
    expect(status.body.values).toEqual([{ value: "Unset" }, { value: "Ok" }, { value: "Error" }]);
    const ids = await get<SearchValuesResponse>("/search/values?signal=traces&field=trace_id");
    expect(ids.body.values).toEqual([]);
  });
});

describe("access and input", () => {
  it("a viewer may ask, an anonymous caller may not, and a bad signal is a 400 naming it", async () => {
    const viewer = bearer((await createToken(t, "viewer")).token);
    for (const path of ["/search/fields?signal=logs", "/search/values?signal=logs&field=service"]) {
      expect((await fetch(`${api}${path}`, { headers: viewer })).status).toBe(200);
      expect((await fetch(`${api}${path}`, { headers: { authorization: "" } })).status).toBe(401);
    }
    const bad = await get<ApiError>("/search/fields?signal=metrics");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("signal: must be logs or traces");
    const noField = await get<ApiError>("/search/values?signal=logs");
    expect(noField.body.error.message).toBe("field: is required");
  });
});
