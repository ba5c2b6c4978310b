// The one time grammar at the query API's and alert routes' boundary, over real HTTP and chDB:
// relative instants (what the UI's URLs hold) find data sent a minute ago, a malformed or
// unstorable instant is a 400 that names its field, never a 500.
import type {
  AlertPreviewResponse,
  ApiError,
  LogsResponse,
  MetricSeriesResponse,
  ServicesResponse,
  Silence,
  TraceSearchResponse,
} from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INCIDENT_METRIC, INCIDENT_SERVICE, sendIncident } from "./helpers/checkout-incident.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let svc: TestService;
let api: string;
const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

beforeAll(async () => {
  svc = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
  await sendIncident(svc.otlpHttp, { endMs: Date.now() - 60_000, minutes: 10, slowMinutes: 2 });
});
afterAll(async () => {
  await svc?.close();
});

const RULE = {
  query: { metric: INCIDENT_METRIC, aggregation: "p99", window: "1m" },
  condition: { op: ">", threshold: 1 },
};

/** Each GET route, its other parameters, and how much it found. */
const GETS: { path: string; params: string; found: (body: never) => number }[] = [
  { path: "/traces", params: `service=${INCIDENT_SERVICE}`, found: (b: TraceSearchResponse) => b.traces.length },
  { path: "/logs", params: `service=${INCIDENT_SERVICE}`, found: (b: LogsResponse) => b.logs.length },
  { path: "/metrics/series", params: `metric=${INCIDENT_METRIC}`, found: (b: MetricSeriesResponse) => b.series.length },
  { path: "/services", params: "", found: (b: ServicesResponse) => b.services.length },
];

describe("relative instants", () => {
  it.each(GETS)("GET $path reads from=now-6h&to=now, and resolves it (now-6h..now-5h is empty)", async (get) => {
    const found = async (range: string) =>
      get.found((await call<never>("GET", `${get.path}?${get.params}&${range}`)).body);
    expect(await found("from=now-6h&to=now")).toBeGreaterThan(0);
    expect(await found("from=now-6h&to=now-5h")).toBe(0);
  });

  it("POST /alert-rules/preview replays from now-6h to now", async () => {
    const res = await call<AlertPreviewResponse>("POST", "/alert-rules/preview", {
      rule: RULE,
      from: "now-6h",
      to: "now",
    });
    expect(res.status).toBe(200);
    expect(res.body.series.flatMap((s) => s.points).length).toBeGreaterThan(0);
  });

  it("POST /silences ends at now+2h", async () => {
    const res = await call<Silence>("POST", "/silences", { matchers: [{ label: "a", value: "b" }], endsAt: "now+2h" });
    expect(res.status).toBe(201);
    expect(res.body.endsAt - res.body.startsAt).toBe(2 * 3_600_000);
  });
});

describe("bad instants are a 400 naming the field", () => {
  const refused: [string, string, unknown, RegExp][] = [
    ...GETS.map((get): [string, string, unknown, RegExp] => [
      "GET",
      `${get.path}?${get.params}&from=now-6x&to=now`,
      undefined,
      /^from: "now-6x" is not a time/,
    ]),
    ["GET", "/traces?from=1969-12-31T23:59:59Z", undefined, /^from: must be between 1970-01-01/],
    ["GET", "/logs?to=2262-04-12T00:00:00Z", undefined, /^to: must be between 1970-01-01/],
    ["GET", `/metrics/series?metric=${INCIDENT_METRIC}&from=now-3000w`, undefined, /^from: must be between/],
    ["GET", "/services?to=9999999999999999", undefined, /^to: must be between/],
    ["POST", "/alert-rules/preview", { rule: RULE, from: "now-6x", to: "now" }, /^from: "now-6x" is not a time/],
    ["POST", "/alert-rules/preview", { rule: RULE, to: 1e16 }, /^to: must be between/],
    [
      "POST",
      "/silences",
      { matchers: [{ label: "a", value: "b" }], startsAt: "now-6x", duration: "1h" },
      /^startsAt: /,
    ],
  ];
  it.each(refused)("%s %s", async (method, path, body, message) => {
    const res = await call<ApiError>(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe("numbers the engine cannot hold are a 400 naming the field, never a 500", () => {
  const refused: [string, RegExp][] = [
    ["/traces?minDurationMs=1e308", /^minDurationMs: must be between 0 and 8640000000 ms/],
    ["/traces?maxDurationMs=1e308", /^maxDurationMs: must be between 0 and/],
    ["/traces?minDurationMs=-1", /^minDurationMs: must be between 0 and/],
    ["/traces?minDurationMs=Infinity", /^minDurationMs: must be between 0 and/],
    ["/traces/scatter?minDurationMs=1e308", /^minDurationMs: must be between 0 and/],
    ["/traces?limit=1e20", /^limit: /],
    ["/logs?limit=1e20", /^limit: /],
    ["/logs?from=99999999999999999", /^from: /],
    ["/traces?to=99999999999999999", /^to: /],
    ["/traces/scatter?from=1e308", /^from: /],
    ["/logs/histogram?from=now-3000w", /^from: must be between/],
    [`/metrics/series?metric=${INCIDENT_METRIC}&step=99999999999999999999`, /^step: /],
    ["/logs/histogram?step=1e20", /^step: /],
    ["/red?step=99999999999999999999s", /^step: /],
    ["/services/overview?step=9999999999999w", /^step: /],
    [`/metrics/series?metric=${INCIDENT_METRIC}&step=9007199254740991`, /^step: must be at most 9223372036 seconds/],
    ["/logs/histogram?step=9007199254740991", /^step: must be at most 9223372036 seconds/],
    ["/red?step=9007199254740991", /^step: must be at most 9223372036 seconds/],
    ["/services/overview?step=9007199254740991", /^step: must be at most 9223372036 seconds/],
  ];
  it.each(refused)("GET %s", async (path, message) => {
    const res = await call<ApiError>("GET", path);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it("POST /alert-rules/preview with from: 1e308", async () => {
    const res = await call<ApiError>("POST", "/alert-rules/preview", { rule: RULE, from: 1e308, to: "now" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^from: must be between/);
  });
});
