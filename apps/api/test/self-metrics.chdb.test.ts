// Tracelight's own metrics go out as OTLP through its own listener and are stored under
// service `tracelight` with their units, while the user's service lists leave it out.
import type {
  MetricsResponse,
  ServicesOverviewResponse,
  ServicesResponse,
  StatusResponse,
} from "@tracelight/contracts";
import { SELF_DROPPED_METRIC } from "@tracelight/self-telemetry";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSpans } from "./helpers/exporters.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeSpans } from "./helpers/telemetry.ts";

let t: TestService;
let api: string;

beforeAll(async () => {
  t = await startTestService({ TRACELIGHT_SELF_METRICS_INTERVAL_S: "1" }, { roles: "ingest,query,alerts" });
  api = `http://127.0.0.1:${t.service.ports.api}/api/v1`;
  // A query to time, before the exports that carry it.
  await callJson(api, "GET", "/services?from=now-1h&to=now");
});

afterAll(async () => {
  await t?.close();
});

interface Unit {
  name: string;
  unit: string;
}

async function selfUnits(table: string): Promise<Map<string, string>> {
  const rows = await t.rows<Unit>(
    `SELECT DISTINCT MetricName AS name, MetricUnit AS unit FROM ${table} WHERE ServiceName = 'tracelight'`,
  );
  return new Map(rows.map((row) => [row.name, row.unit]));
}

describe("self-metrics", () => {
  it("arrive in the store under service tracelight with UCUM units", async () => {
    const expected: [string, string, string][] = [
      ["otel_metrics_gauge", "tracelight.ingest.queue.rows", "{row}"],
      ["otel_metrics_gauge", "tracelight.ingest.queue.bytes", "By"],
      ["otel_metrics_gauge", "tracelight.notifications.backlog", "{notification}"],
      ["otel_metrics_gauge", "tracelight.notifications.oldest_pending.age", "s"],
      ["otel_metrics_gauge", "tracelight.ingest.writes.failing", "1"],
      ["otel_metrics_sum", "tracelight.ingest.refused", "{request}"],
      // Stored by the first export's own write, so present from the second on.
      ["otel_metrics_histogram", "tracelight.ingest.batch.duration", "s"],
      ["otel_metrics_histogram", "tracelight.query.duration", "s"],
    ];
    await until(
      "every self-metric stored",
      async () => {
        for (const [table, name] of expected) if (!(await selfUnits(table)).has(name)) return undefined;
        return true;
      },
      { timeoutMs: 20_000 },
    );
    for (const [table, name, unit] of expected) expect((await selfUnits(table)).get(name), name).toBe(unit);
    const routes = await t.rows<{ route: string }>(
      `SELECT DISTINCT Attributes['http.route'] AS route FROM otel_metrics_histogram
       WHERE ServiceName = 'tracelight' AND MetricName = 'tracelight.query.duration'`,
    );
    expect(routes.map((r) => r.route)).toContain("/api/v1/services");
    const resource = await t.rows<{ component: string; role: string }>(
      `SELECT ResourceAttributes['tracelight.component'] AS component, ResourceAttributes['tracelight.role'] AS role
       FROM otel_metrics_gauge WHERE ServiceName = 'tracelight' LIMIT 1`,
    );
    expect(resource[0]).toEqual({ component: "api", role: "alerts,ingest,query" });
  }, 30_000);

  it("are summed by GET /status beside this process's ingest and the alerting sections", async () => {
    const { status, body } = await callJson<StatusResponse>(api, "GET", "/status");
    expect(status).toBe(200);
    expect(body.windowS).toBe(300);
    expect(body.ingest).toMatchObject({ writes: "ok", refused: 0 });
    expect(body.ingest.queuedRows).toBeGreaterThanOrEqual(0);
    expect(body.ingest.queuedBytes).toBeGreaterThanOrEqual(0);
    const services = body.queries.routes.find((r) => r.route === "/api/v1/services");
    expect(services?.requests).toBeGreaterThanOrEqual(1);
    expect(services?.p50S).toBeGreaterThan(0);
    expect(services?.p99S).toBeGreaterThanOrEqual(services?.p50S ?? 0);
    expect(body.notifications.backlog).toBe(0);
    expect(body.evaluator.failingRules).toBe(0);
  });
});

describe("GET /status's components", () => {
  const component = async (name: string) => {
    const { body } = await callJson<StatusResponse>(api, "GET", "/status");
    return body.components.find((c) => c.component === name);
  };

  it("names each part with its last report: this api alive, no web ever, an agent gone silent", async () => {
    // An agent whose last report is 10 minutes old: stopped since.
    await t.rows(
      `INSERT INTO otel_metrics_sum (ServiceName, MetricName, ResourceAttributes, TimeUnix, Value)
       VALUES ('tracelight', '${SELF_DROPPED_METRIC}',
               map('tracelight.component', 'agent', 'service.instance.id', 'a1'), now64(9) - INTERVAL 10 MINUTE, 0)`,
    );
    const own = await until("the api's heartbeat", async () => {
      const c = await component("api");
      return c?.lastSeenAt ? c : undefined;
    });
    expect(Date.now() - (own.lastSeenAt ?? 0)).toBeLessThan(60_000);
    expect(own).toMatchObject({ instances: 1, silent: false });
    expect(await component("web")).toEqual({ component: "web", lastSeenAt: null, instances: 0, silent: false });
    const agent = await component("agent");
    expect(agent).toMatchObject({ instances: 0, silent: true });
    expect(Date.now() - (agent?.lastSeenAt ?? 0)).toBeGreaterThan(9 * 60_000);
  });
});

describe("service tracelight in the user's views", () => {
  const names = (list: { name: string }[]) => list.map((s) => s.name).sort();
  const range = "from=now-1h&to=now";

  beforeAll(async () => {
    const options = { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc };
    for (const service of ["checkout", "tracelight"]) {
      expect((await exportSpans("proto", makeSpans(service, 2), options)).code).toBe(0);
    }
  });

  it("/services leaves it out unless includeSelf=true", async () => {
    expect(names((await callJson<ServicesResponse>(api, "GET", `/services?${range}`)).body.services)).toEqual([
      "checkout",
    ]);
    const all = await callJson<ServicesResponse>(api, "GET", `/services?${range}&includeSelf=true`);
    expect(names(all.body.services)).toEqual(["checkout", "tracelight"]);
    const bad = await callJson<{ error: { message: string } }>(api, "GET", `/services?${range}&includeSelf=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("includeSelf");
  });

  it("/services/overview leaves it out unless includeSelf=true", async () => {
    const path = `/services/overview?${range}&step=60`;
    expect(names((await callJson<ServicesOverviewResponse>(api, "GET", path)).body.services)).toEqual(["checkout"]);
    const all = await callJson<ServicesOverviewResponse>(api, "GET", `${path}&includeSelf=true`);
    expect(names(all.body.services)).toEqual(["checkout", "tracelight"]);
  });

  it("the metric catalogue lists tracelight.* only with includeSelf=true", async () => {
    const listed = async (query: string) =>
      (await callJson<MetricsResponse>(api, "GET", `/metrics?${range}${query}`)).body.metrics.filter((m) =>
        m.name.startsWith("tracelight."),
      );
    expect(await listed("")).toEqual([]);
    const self = await listed("&includeSelf=true");
    expect(self.length).toBeGreaterThan(0);
    for (const metric of self) expect(metric.services).toEqual(["tracelight"]);
  });
});
