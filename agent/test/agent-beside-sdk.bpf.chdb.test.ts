// The agent next to OpenTelemetry SDKs, on the real kernel: the demo runs with three services
// instrumented with the JS SDK and one (inventory) with none. Each request must appear once —
// one server span per hop, the agent's span for inventory inside the SDK services' traces, no
// agent span or RED series for the SDK processes (which keep their TCP and CPU metrics) — and
// requests to Tracelight's own ports produce no agent span. Needs root (CAP_BPF, CAP_PERFMON)
// and kernel BTF.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import type { MetricSeriesResponse, Span, TraceResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../src/agent.ts";
import { apiWait, bpfMissing, range, repoRoot, startAgentOnApi, type TestApi } from "./helpers.ts";

if (bpfMissing) console.warn(`\n!!! SKIPPING the agent-beside-SDK tests: ${bpfMissing}\n`);

const SDK_SERVICES = ["frontend", "checkout", "payments"];
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const curl = promisify(execFile);

describe.skipIf(bpfMissing !== undefined)("the eBPF agent beside OpenTelemetry SDKs", () => {
  let api: TestApi;
  let agent: Agent;
  let demo: ChildProcess;
  let urls: Record<string, string>;
  const logs: string[] = [];

  beforeAll(async () => {
    ({ api, agent } = await startAgentOnApi(["http", "tcp"], logs, (started) => ({
      TRACELIGHT_AGENT_SELF_PORTS: `${new URL(started.api).port},${new URL(started.otlp).port}`,
    })));
    // The demo as `npm start` runs it: its own process marked as Tracelight's plumbing.
    demo = spawn(process.execPath, ["--import", "tsx", "apps/demo/src/main.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        TRACELIGHT_COMPONENT: "demo",
        OTEL_EXPORTER_OTLP_ENDPOINT: api.otlp,
        DEMO_RATE: "1",
        DEMO_INCIDENT_DURATION_S: "0",
        DEMO_ALERT_RULES: "off",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    urls = await new Promise((resolve, reject) => {
      demo.once("exit", (code) => reject(new Error(`the demo exited with ${code} before its services were up`)));
      createInterface({ input: demo.stdout! }).on("line", (line) => {
        const up = /^demo: services up: (.*)$/.exec(line);
        if (up) resolve(Object.fromEntries(up[1]!.split(", ").map((s) => s.split(" ") as [string, string])));
      });
    });
  }, 180_000);

  afterAll(async () => {
    if (demo && demo.exitCode === null) {
      const exited = new Promise((resolve) => demo.once("exit", resolve));
      demo.kill("SIGTERM");
      await exited;
    }
    await agent?.stop();
    await api?.close();
    if (logs.length) console.log(`agent log:\n  ${logs.join("\n  ")}`);
  });

  /** The trace once `ready` says it is complete, re-read after the agent flushed what it held. */
  async function settledTrace(traceId: string, ready: (spans: Span[]) => boolean): Promise<Span[]> {
    await until(
      `trace ${traceId}`,
      async () => {
        const trace = await api.get<TraceResponse>(`/traces/${traceId}`).catch(() => undefined);
        return trace && ready(trace.spans) ? true : undefined;
      },
      { ...apiWait, timeoutMs: 60_000 },
    );
    await agent.exporter.flush();
    return (await api.get<TraceResponse>(`/traces/${traceId}`)).spans;
  }

  const servers = (spans: Span[], service: string) =>
    spans.filter((s) => s.kind === "Server" && s.serviceName === service);

  it("puts one server span per hop in a checkout's trace: the SDKs' and, for inventory, the agent's", async () => {
    const traceId = hex(16);
    const parent = hex(8);
    const response = await fetch(`${urls.frontend}/checkout`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-${parent}-01` },
      body: JSON.stringify({ sku: "sku-7", qty: 1, customerId: "cust-1" }),
    });
    await response.arrayBuffer();
    const spans = await settledTrace(
      traceId,
      (s) => servers(s, "inventory").length > 0 && servers(s, "checkout").length > 0,
    );
    // Every call between services is one SDK client span answered by exactly one server span.
    const calls = spans.filter((s) => s.kind === "Client" && s.attributes["peer.service"] !== "ordersdb");
    expect(calls.map((c) => c.attributes["peer.service"])).toEqual(expect.arrayContaining(["checkout", "inventory"]));
    for (const call of calls) {
      const answers = spans.filter((s) => s.kind === "Server" && s.parentSpanId === call.spanId);
      expect(
        answers.map((s) => s.serviceName),
        `answers to ${call.serviceName} ${call.name}`,
      ).toEqual([call.attributes["peer.service"]]);
    }
    expect(servers(spans, "frontend").map((s) => s.parentSpanId)).toEqual([parent]);
    expect(servers(spans, "checkout")).toHaveLength(1);
    expect(servers(spans, "inventory")).toHaveLength(1);
    // Only the SDKs' client spans: the agent made none for the instrumented callers.
    expect(spans.filter((s) => s.kind === "Client").every((s) => SDK_SERVICES.includes(s.serviceName))).toBe(true);
    // Inventory's span is the agent's, named from the environment the demo gave the process.
    const [inventory] = servers(spans, "inventory");
    expect(inventory!.resourceAttributes).toMatchObject({
      "service.name": "inventory",
      "service.namespace": "tracelight-demo",
      "process.executable.name": "node",
    });
    expect(inventory!.attributes["url.path"]).toBe("/stock/sku-7");
  });

  it("keeps a product page's trace to two hops, inventory's under frontend's client span", async () => {
    const traceId = hex(16);
    await (
      await fetch(`${urls.frontend}/product/3`, { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } })
    ).text();
    const spans = await settledTrace(traceId, (s) => servers(s, "inventory").length > 0 && s.length >= 3);
    expect(spans.map((s) => `${s.serviceName} ${s.kind}`).sort()).toEqual([
      "frontend Client",
      "frontend Server",
      "inventory Server",
    ]);
    const client = spans.find((s) => s.kind === "Client")!;
    expect(servers(spans, "inventory")[0]!.parentSpanId).toBe(client.spanId);
  });

  it("sends no RED series for the SDK services, but their TCP and CPU metrics", async () => {
    const series = (metric: string, agg: string, service: string, groupBy = "server.port") =>
      api.get<MetricSeriesResponse>(
        `/metrics/series?metric=${metric}&agg=${agg}&groupBy=${groupBy}&filter=service.name=${service}&${range()}`,
      );
    // The agent's RED series carry server.port; the demo's SDK histograms do not.
    await until(
      "the agent's RED series of inventory",
      async () =>
        (await series("http.server.request.duration", "count", "inventory")).series.some((s) => s.labels["server.port"])
          ? true
          : undefined,
      apiWait,
    );
    for (const service of SDK_SERVICES) {
      // The SDKs export metrics every 10 s.
      const red = await until(
        `${service}'s own histogram`,
        async () => {
          const r = await series("http.server.request.duration", "count", service);
          return r.series.length > 0 ? r : undefined;
        },
        apiWait,
      );
      expect(red.series.filter((s) => s.labels["server.port"]).map((s) => s.labels)).toEqual([]);
    }
    await until(
      "checkout's TCP and CPU metrics from the agent",
      async () => {
        const [tcp, cpu] = await Promise.all([
          series("tcp.connections.opened", "increase", "checkout", "tcp.direction"),
          series("process.cpu.time", "rate", "checkout", "cpu.mode"),
        ]);
        return tcp.series.length > 0 && cpu.series.length > 0 ? true : undefined;
      },
      apiWait,
    );
    expect(agent.status().processes.sdk).toBeGreaterThanOrEqual(3);
    expect(logs.some((l) => /process \d+ \(checkout\): its OpenTelemetry SDK reports/.test(l))).toBe(true);
  });

  it("traces no request to Tracelight's own ports, nor the demo's own process", async () => {
    const toApi = hex(16);
    const toInventory = hex(16);
    const header = (traceId: string) => `traceparent: 00-${traceId}-${hex(8)}-01`;
    await curl("curl", ["-sS", "-o", "/dev/null", "-H", header(toApi), `${api.api}/services`]);
    await curl("curl", ["-sS", "-o", "/dev/null", "-H", header(toApi), "-X", "POST", `${api.otlp}/v1/traces`]);
    // The same client, to an uninstrumented service: seen, so its silence above means something.
    await curl("curl", ["-sS", "-o", "/dev/null", "-H", header(toInventory), `${urls.inventory}/stock/sku-1`]);
    const spans = await settledTrace(toInventory, (s) => s.length >= 2);
    expect(spans.map((s) => `${s.serviceName} ${s.kind}`).sort()).toEqual(["curl Client", "inventory Server"]);
    const response = await fetch(`${api.api}/traces/${toApi}`, { headers: api.headers });
    expect(response.status, await response.text()).toBe(404);
    expect(agent.status().httpOfSelf).toBeGreaterThan(0);
    expect(agent.status().processes.self).toBeGreaterThanOrEqual(1);
    expect(logs.some((l) => /\(demo\): Tracelight's own demo: not traced/.test(l))).toBe(true);
  });
});
