// The agent end to end on the real kernel: the BPF programs are built and loaded, a plain Node
// service (no instrumentation) serves real requests, and spans and metrics must arrive at a real
// api (embedded chDB) — server spans joined to an incoming traceparent, client spans, RED
// histograms with exemplars that point at stored traces, TCP connection metrics, CPU and
// run-queue latency of a busy process. Needs root (CAP_BPF, CAP_PERFMON) and kernel BTF.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { join } from "node:path";
import type { MetricSeriesResponse, Span, TraceResponse } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../src/agent.ts";
import { apiWait, bpfMissing, range, startAgentOnApi, startScript, type TestApi } from "./helpers.ts";

if (bpfMissing) console.warn(`\n!!! SKIPPING the agent's BPF tests: ${bpfMissing}\n`);

const SERVICE = `shop-ebpf-${process.pid}`;
const BUSY = `busy-ebpf-${process.pid}`;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

describe.skipIf(bpfMissing !== undefined)("the eBPF agent on this kernel", () => {
  let api: TestApi;
  let agent: Agent;
  let shop: ChildProcess;
  let busy: ChildProcess;
  let port: number;
  let stockPort: number;
  const logs: string[] = [];

  beforeAll(async () => {
    ({ api, agent } = await startAgentOnApi(["http", "tcp", "runqlat"], logs));
    const started = await startScript<{ port: number; stockPort: number }>(join(import.meta.dirname, "apps/shop.mjs"), {
      OTEL_SERVICE_NAME: SERVICE,
    });
    shop = started.child;
    ({ port, stockPort } = started.ready);
    busy = spawn(process.execPath, ["-e", "for(;;){}"], { env: { ...process.env, OTEL_SERVICE_NAME: BUSY } });
  }, 180_000);

  afterAll(async () => {
    shop?.kill();
    busy?.kill();
    await agent?.stop();
    await api?.close();
    if (logs.length) console.log(`agent log:\n  ${logs.join("\n  ")}`);
  });

  async function traceOf(traceId: string, spans: number): Promise<Span[]> {
    return until(
      `${spans} spans of trace ${traceId}`,
      async () => {
        const trace = await api.get<TraceResponse>(`/traces/${traceId}`).catch(() => undefined);
        return trace && trace.spans.length >= spans ? trace.spans : undefined;
      },
      apiWait,
    );
  }

  it("makes a server span of the caller's trace for a request with a traceparent", async () => {
    const traceId = hex(16);
    const parent = hex(8);
    const response = await fetch(`http://127.0.0.1:${port}/users/42?tab=orders`, {
      headers: { traceparent: `00-${traceId}-${parent}-01` },
    });
    expect(response.status).toBe(200);
    const [span] = await traceOf(traceId, 1);
    expect(span).toMatchObject({
      parentSpanId: parent,
      name: "GET /users/{id}",
      serviceName: SERVICE,
      kind: "Server",
      statusCode: "Unset",
    });
    expect(span!.attributes).toMatchObject({
      "http.request.method": "GET",
      "url.path": "/users/42",
      "url.query": "tab=orders",
      "http.route": "/users/{id}",
      "http.response.status_code": "200",
      "server.port": String(port),
    });
    expect(span!.resourceAttributes).toMatchObject({ "service.name": SERVICE, "process.pid": String(shop.pid) });
  });

  it("times requests within tolerance and marks 5xx as errors", async () => {
    const slow = hex(16);
    const failed = hex(16);
    const t0 = performance.now();
    await fetch(`http://127.0.0.1:${port}/slow`, { headers: { traceparent: `00-${slow}-${hex(8)}-01` } });
    const clientMs = performance.now() - t0;
    await fetch(`http://127.0.0.1:${port}/fail`, { headers: { traceparent: `00-${failed}-${hex(8)}-01` } });
    const [slowSpan] = await traceOf(slow, 1);
    const ms = slowSpan!.durationNs / 1e6;
    // The handler sleeps 250 ms; the kernel sees less than the client's round trip.
    expect(ms).toBeGreaterThanOrEqual(249);
    expect(ms).toBeLessThanOrEqual(clientMs + 1);
    const [failSpan] = await traceOf(failed, 1);
    expect(failSpan).toMatchObject({ statusCode: "Error", name: "GET /fail" });
    expect(failSpan!.attributes).toMatchObject({ "http.response.status_code": "500", "error.type": "500" });
  });

  it("puts the app's outgoing call and the callee's server span in the same trace (keep-alive, both sides)", async () => {
    const traceId = hex(16);
    for (let i = 0; i < 3; i++)
      await fetch(`http://127.0.0.1:${port}/checkout`, { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });
    const spans = await traceOf(traceId, 9);
    const names = spans.map((s) => `${s.kind} ${s.name}`);
    expect(names.filter((n) => n === "Server GET /checkout")).toHaveLength(3);
    expect(names.filter((n) => n === "Client GET /stock")).toHaveLength(3);
    expect(names.filter((n) => n === "Server GET /stock")).toHaveLength(3);
    const client = spans.find((s) => s.kind === "Client")!;
    expect(client.attributes).toMatchObject({
      "server.address": "127.0.0.1",
      "server.port": String(stockPort),
      "url.full": `http://127.0.0.1:${stockPort}/stock?sku=7`,
    });
    // The callee's span is a child of the context the caller sent, like the client span.
    const callee = spans.filter((s) => s.kind === "Server" && s.name === "GET /stock");
    expect(new Set(callee.map((s) => s.parentSpanId))).toEqual(
      new Set(spans.filter((s) => s.kind === "Client").map((s) => s.parentSpanId)),
    );
  });

  it("exports RED histograms per route whose exemplars open stored traces", async () => {
    for (let i = 0; i < 20; i++) await fetch(`http://127.0.0.1:${port}/users/${i}`);
    const series = await until(
      "the RED histogram with exemplars",
      async () => {
        const r = await api.get<MetricSeriesResponse>(
          `/metrics/series?metric=http.server.request.duration&agg=count&groupBy=http.route&filter=service.name=${SERVICE}&${range()}`,
        );
        const users = r.series.find((s) => s.labels["http.route"] === "/users/{id}");
        const total = users?.points.reduce((a, [, v]) => a + (v ?? 0), 0) ?? 0;
        return total >= 20 && r.exemplars.length > 0 ? r : undefined;
      },
      apiWait,
    );
    expect(series.metric.type).toBe("histogram");
    const exemplar = series.exemplars[0]!;
    expect(exemplar.serviceName).toBe(SERVICE);
    const spans = await traceOf(exemplar.traceId, 1);
    expect(spans.map((s) => s.spanId)).toContain(exemplar.spanId);
  });

  it("counts a TCP connection that is opened and closed, with its bytes", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.end("GET /users/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      );
      socket.on("data", () => {});
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    const query = (metric: string, agg: string) =>
      api.get<MetricSeriesResponse>(
        `/metrics/series?metric=${metric}&agg=${agg}&groupBy=tcp.direction,server.port&filter=service.name=${SERVICE}&${range()}`,
      );
    const total = (r: MetricSeriesResponse) =>
      r.series
        .filter((s) => s.labels["tcp.direction"] === "inbound" && s.labels["server.port"] === String(port))
        .flatMap((s) => s.points)
        .reduce((a, [, v]) => a + (v ?? 0), 0);
    await until(
      "opened and closed connections",
      async () => {
        const [opened, closed, io] = await Promise.all([
          query("tcp.connections.opened", "increase"),
          query("tcp.connections.closed", "increase"),
          query("tcp.connection.io", "increase"),
        ]);
        return total(opened) >= 1 && total(closed) >= 1 && total(io) > 0 ? true : undefined;
      },
      apiWait,
    );
  });

  it("reports CPU time and run-queue latency of a busy process", async () => {
    const cpu = await until(
      "the busy process's CPU time",
      async () => {
        const r = await api.get<MetricSeriesResponse>(
          `/metrics/series?metric=process.cpu.time&agg=rate&filter=service.name=${BUSY}&${range()}`,
        );
        const rates = r.series.flatMap((s) => s.points.map(([, v]) => v ?? 0));
        return rates.some((v) => v > 0.3) ? rates : undefined;
      },
      apiWait,
    );
    // A busy loop uses about one core (user + system, summed over modes).
    expect(Math.max(...cpu)).toBeLessThan(1.5);
    await until(
      "its run-queue latency",
      async () => {
        const r = await api.get<MetricSeriesResponse>(
          `/metrics/series?metric=process.runqueue.latency&agg=count&filter=service.name=${BUSY}&${range()}`,
        );
        return r.series.some((s) => s.points.some(([, v]) => (v ?? 0) > 0)) ? true : undefined;
      },
      apiWait,
    );
  });

  it("lost no event and exported every span it built", async () => {
    await agent.exporter.flush();
    const status = agent.status();
    expect(status.loader?.httpDrops).toBe(0n);
    expect(status.loader?.tcpDrops).toBe(0n);
    const exported = agent.exporter.stats();
    expect(exported.droppedSpans + exported.failedSpans).toBe(0);
    expect(exported.sentSpans).toBe(status.spans);
  });
});
