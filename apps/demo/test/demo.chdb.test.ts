// End to end, with the real api (embedded chDB) in a child process: the demo runs ~15 s with
// the incident on from the start, stops (flushing every service), and the query API must then
// show what the web UI's story needs — the four services, cross-service traces, logs and
// exemplars that lead to stored traces, and the incident's errors and slow paths. Then the
// alert rules, made with the API token the demo makes as the admin the api created at start.
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { type ApiProcess, startApiProcess } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoAlertRules, DEMO_RULES } from "../src/alert-rules.ts";
import { makeApiToken } from "../src/api-token.ts";
import { parseConfig } from "../src/config.ts";
import { type RunningDemo, startDemo } from "../src/demo.ts";

// The few response fields used here (the full types live in @tracelight/contracts).
type Attributes = Record<string, string>;
interface Span {
  spanId: string;
  parentSpanId: string;
  name: string;
  serviceName: string;
  kind: string;
  durationNs: number;
  statusCode: string;
  attributes: Attributes;
}
interface Trace {
  traceId: string;
  spans: Span[];
}
interface TraceSummary {
  traceId: string;
  services: string[];
}
interface Log {
  traceId: string;
  spanId: string;
  serviceName: string;
  severityText: string;
  body: string;
  attributes: Attributes;
}
interface Exemplar {
  value: number;
  traceId: string;
  spanId: string;
  serviceName: string;
}

const SERVICES = ["frontend", "checkout", "payments", "inventory"];
const RUN_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ADMIN = { email: "admin@demo.test", password: "demo-test-password" };
let api: ApiProcess;
/** The query API's origin, as the demo is given it. */
let origin: string;
/** The test's own reads go with a viewer token. */
let headers: { authorization: string };
let demo: RunningDemo | undefined;
const status: string[] = [];
let incidentOnAtStart = false;

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${api.api}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function trace(traceId: string): Promise<Trace | undefined> {
  const response = await fetch(`${api.api}/traces/${traceId}`, { headers });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET /traces/${traceId}: ${response.status}`);
  return (await response.json()) as Trace;
}

beforeAll(async () => {
  api = await startApiProcess({ roles: "ingest,query", admin: ADMIN });
  origin = api.origin;
  headers = { authorization: `Bearer ${await makeApiToken(origin, ADMIN, { name: "reads", role: "viewer" })}` };
  const config = parseConfig({
    OTEL_EXPORTER_OTLP_ENDPOINT: api.otlpHttp,
    // With no agent here, a service without an SDK would leave no trace: all four run one.
    DEMO_WITHOUT_SDK: "none",
    DEMO_RATE: "10",
    DEMO_INCIDENT_START_S: "0",
    DEMO_SEED: "e2e",
  });
  demo = await startDemo(config, { log: (line) => status.push(line), statusEveryMs: 5_000 });
  incidentOnAtStart = demo.incidentOn();
  await sleep(RUN_MS);
  await demo.stop();
}, 180_000);

afterAll(async () => {
  await demo?.stop();
  await api?.stop();
});

describe("the demo against the real api", () => {
  it("ran with the incident on and printed status lines", () => {
    expect(incidentOnAtStart).toBe(true);
    expect(demo?.load.totals.sent).toBeGreaterThan(100);
    expect(status.some((line) => /sent \d+ {2}errors \d+ .* incident ON/.test(line))).toBe(true);
  });

  it("reports the four services", async () => {
    const { services } = await get<{ services: { name: string }[] }>("/services");
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(SERVICES));
  });

  it("stores checkout traces across ≥ 3 services, each CLIENT span the parent of the called service's SERVER span", async () => {
    const { traces } = await get<{ traces: TraceSummary[] }>(
      `/traces?service=frontend&name=${encodeURIComponent("POST /checkout")}&limit=100`,
    );
    const wide = traces.filter((t) => t.services.length >= 3);
    expect(wide.length).toBeGreaterThan(0);
    const full = wide.find((t) => t.services.length === 4) ?? wide[0];
    const stored = await trace(full?.traceId ?? "");
    const spans = stored?.spans ?? [];
    const links = spans
      .filter((client) => client.kind === "Client" && SERVICES.includes(client.attributes["peer.service"] ?? ""))
      .map((client) => {
        const server = spans.find((s) => s.kind === "Server" && s.parentSpanId === client.spanId);
        return `${client.serviceName} -> ${server?.serviceName ?? "(missing)"}`;
      });
    expect(links).toEqual(expect.arrayContaining(["frontend -> checkout", "checkout -> inventory"]));
    expect(links.filter((link) => link.endsWith("(missing)"))).toEqual([]);
    const db = spans.find((s) => s.kind === "Client" && s.attributes["peer.service"] === "ordersdb");
    expect(db?.attributes).toMatchObject({ "db.system": "other_sql", "db.operation": "SELECT" });
    expect(db?.attributes["db.statement"]).toMatch(/^SELECT /);
  });

  it("stores logs carrying the trace and span IDs of stored traces", async () => {
    const { logs } = await get<{ logs: Log[] }>("/logs?limit=300");
    expect(logs.length).toBeGreaterThan(50);
    for (const log of logs) expect(log.traceId).toMatch(/^[0-9a-f]{32}$/);
    const sample = [...new Map(logs.map((l) => [l.traceId, l])).values()].slice(0, 5);
    for (const log of sample) {
      const stored = await trace(log.traceId);
      expect(stored, `trace ${log.traceId} of log "${log.body}"`).toBeDefined();
      expect(stored?.spans.map((s) => s.spanId)).toContain(log.spanId);
    }
  });

  it("exports the request metrics, and duration exemplars lead to stored SERVER spans", async () => {
    const { metrics } = await get<{ metrics: { name: string; type: string; unit: string; services: string[] }[] }>(
      "/metrics",
    );
    const byName = new Map(metrics.map((m) => [m.name, m]));
    expect(byName.get("http.server.request.duration")).toMatchObject({ type: "histogram", unit: "s" });
    expect(byName.get("http.server.request.duration")?.services).toEqual(expect.arrayContaining(SERVICES));
    expect(byName.get("http.server.requests")).toMatchObject({ type: "sum", unit: "{request}" });
    expect(byName.get("checkout.queue.depth")?.type).toBe("gauge");
    expect(byName.get("db.client.connection.count")?.type).toBe("gauge");

    const { exemplars } = await get<{ exemplars: Exemplar[] }>(
      "/metrics/series?metric=http.server.request.duration&groupBy=service.name",
    );
    expect(exemplars.length).toBeGreaterThan(10);
    expect([...new Set(exemplars.map((e) => e.serviceName))].sort()).toEqual([...SERVICES].sort());
    for (const exemplar of exemplars.slice(0, 5)) {
      const what = `exemplar ${JSON.stringify(exemplar)}`;
      const stored = await trace(exemplar.traceId);
      expect(stored, what).toBeDefined();
      const span = stored?.spans.find((s) => s.spanId === exemplar.spanId);
      expect(span?.kind, what).toBe("Server");
      expect(span?.serviceName, what).toBe(exemplar.serviceName);
      // The measurement is taken inside the span, just before it ends (a loaded machine can
      // stall the process between the two, so only the upper side is tight).
      expect(exemplar.value, what).toBeLessThanOrEqual((span?.durationNs ?? 0) / 1e9 + 0.001);
      expect(exemplar.value, what).toBeGreaterThan(0);
    }
  });

  it("shows the incident: failed checkouts, card-processor timeouts and the CPU slow path", async () => {
    const failed = await get<{ traces: TraceSummary[] }>("/traces?service=checkout&status=Error&limit=20");
    expect(failed.traces.length).toBeGreaterThan(0);
    const slow = await get<{ traces: TraceSummary[] }>(
      "/traces?service=checkout&attr=checkout.slow_path=true&limit=20",
    );
    expect(slow.traces.length).toBeGreaterThan(0);

    const errors = await get<{ logs: Log[] }>("/logs?service=payments&severity=ERROR&limit=50");
    const timeout = errors.logs.find((l) => l.attributes["exception.type"] === "CardProcessorTimeout");
    expect(timeout?.attributes["exception.message"]).toMatch(/card processor timeout/);
    expect(timeout?.attributes["exception.stacktrace"]).toMatch(/CardProcessorTimeout/);

    const warnings = await get<{ logs: Log[] }>("/logs?service=checkout&severity=WARN&q=fraud&limit=20");
    expect(warnings.logs.some((l) => l.attributes["checkout.slow_path"] === "true")).toBe(true);
  });

  it("signs in as the admin, makes an editor token for 1 h and creates its alert rules with it, once", async () => {
    const lines: string[] = [];
    const created = await createDemoAlertRules(origin, { admin: ADMIN }, (line) => lines.push(line));
    expect(created).toBe(`created alert rules: ${DEMO_RULES.map((r) => r.name).join(", ")}`);
    expect(lines).toEqual([
      `demo: signed in as ${ADMIN.email} and made the API token "demo" (editor, for 1 h) for the alert rules`,
    ]);
    expect(await createDemoAlertRules(origin, { admin: ADMIN }, () => {})).toBe("alert rules already there");
    const { rules } = await get<{ rules: { name: string; kind: string; condition: { threshold: number } }[] }>(
      "/alert-rules",
    );
    // Beside the api's own built-in rules (src/alerts/builtin-rules.ts).
    const demoRules = rules.filter((r) => r.name.endsWith("(demo)"));
    expect(demoRules.map((r) => [r.name, r.kind, r.condition.threshold])).toEqual([
      ["checkout p99 latency (demo)", "metric", 1],
      ["payments errors (demo)", "logs", 10],
    ]);
    const admin = { authorization: `Bearer ${await makeApiToken(origin, ADMIN, { name: "t", role: "admin" })}` };
    const tokens = (await (await fetch(`${api.api}/tokens`, { headers: admin })).json()) as {
      tokens: { name: string; role: string; expiresAt: string | null }[];
    };
    const demoTokens = tokens.tokens.filter((t) => t.name === "demo");
    expect(demoTokens.map((t) => t.role)).toEqual(["editor", "editor"]);
    for (const token of demoTokens) {
      const left = Date.parse(token.expiresAt ?? "") - Date.now();
      expect(left).toBeGreaterThan(50 * 60_000);
      expect(left).toBeLessThanOrEqual(60 * 60_000);
    }
  });

  it("gives up at once on a wrong password: retrying would lock the account", async () => {
    const lines: string[] = [];
    const wrong = { admin: { email: ADMIN.email, password: "not-the-password" } };
    await expect(createDemoAlertRules(origin, wrong, (line) => lines.push(line))).rejects.toThrow(
      `sign-in as ${ADMIN.email}: HTTP 401`,
    );
    expect(lines).toEqual([]);
  });

  it("creates them with a token it is given (DEMO_API_TOKEN), and an api that is not up yet is waited for", async () => {
    const editor = await makeApiToken(origin, ADMIN, { name: "given", role: "editor" });
    const lines: string[] = [];
    expect(await createDemoAlertRules(origin, { token: editor }, (line) => lines.push(line))).toBe(
      "alert rules already there",
    );
    // A port nothing listens on any more: the demo says so and tries again, then gives up.
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const unreachable = createDemoAlertRules(`http://127.0.0.1:${port}`, { token: editor }, (l) => lines.push(l), 1500);
    await expect(unreachable).rejects.toThrow();
    expect(lines).toContainEqual(expect.stringMatching(/not ready for the alert rules \(ECONNREFUSED\); trying again/));
  });
});
