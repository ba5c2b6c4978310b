// The agent's own telemetry against a real OTLP/HTTP receiver: its figures and warnings under
// service tracelight with component agent, apart from the host metrics it reports for the
// user's machine. The loader is left unbuilt on purpose (a path that does not exist), so the
// probes are off with a reason: the warning this test expects.
import { decodeLogs, type MetricRows } from "@tracelight/otlp";
import { type OtlpReceiver, startOtlpReceiver, until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../agent.ts";
import { parseConfig } from "../config.ts";

let receiver: OtlpReceiver;
let agent: Agent;
const lines: string[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const config = parseConfig(
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      TRACELIGHT_AGENT_EXPORT_INTERVAL_S: "1",
      TRACELIGHT_AGENT_PROBES: "http,tcp",
      TRACELIGHT_AGENT_LOADER: "/nonexistent/tracelight-probes",
    },
    "/",
  );
  agent = new Agent({ config, log: (line) => lines.push(line) });
  agent.start();
});

afterAll(async () => {
  await agent?.stop();
  await receiver?.close();
});

const names = (rows: MetricRows[], service: string) =>
  new Set(
    rows
      .flatMap((r) => [...r.gauge, ...r.sum])
      .filter((m) => m.ServiceName === service)
      .map((m) => m.MetricName),
  );

describe("the agent's self-telemetry", () => {
  it("sends its CPU time, memory, records, spans, export failures and probe states under service tracelight, component agent", async () => {
    const expected = [
      "tracelight.agent.cpu.time",
      "tracelight.agent.memory.rss",
      "tracelight.agent.records",
      "tracelight.agent.spans",
      "tracelight.agent.export.failures",
      "tracelight.agent.probe.on",
    ];
    await until(
      "every agent self-metric",
      () => {
        const got = names(receiver.acceptedMetrics, "tracelight");
        return expected.every((n) => got.has(n)) || undefined;
      },
      { timeoutMs: 10_000 },
    );
    const rows = receiver.acceptedMetrics.flatMap((r) => [...r.gauge, ...r.sum]);
    const probeOn = rows.filter((m) => m.MetricName === "tracelight.agent.probe.on");
    expect(new Set(probeOn.map((m) => `${m.Attributes.probe}=${m.Value}`))).toEqual(new Set(["http=0", "tcp=0"]));
    const rss = rows.find((m) => m.MetricName === "tracelight.agent.memory.rss");
    expect(rss?.ResourceAttributes["tracelight.component"]).toBe("agent");
    expect(rss?.Value).toBeGreaterThan(10 * 1024 * 1024);
    // The host's own figures stay under the agent's host service, not tracelight.
    expect(names(receiver.acceptedMetrics, "tracelight").has("system.cpu.time")).toBe(false);
    expect(names(receiver.acceptedMetrics, "tracelight-agent").has("tracelight.agent.memory.rss")).toBe(false);
  });

  it("sends its warnings as logs: each probe off with its reason", async () => {
    const logs = await until(
      "the probes' warnings",
      () => {
        const rows = receiver.requests
          .filter((r) => r.path === "/v1/logs")
          .flatMap((r) => decodeLogs(r.body, "protobuf").rows);
        return rows.length >= 2 ? rows : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(logs.map((l) => l.Body).sort()).toEqual([
      expect.stringMatching(/^probe http: off — the loader .* is not built/),
      expect.stringMatching(/^probe tcp: off — the loader .* is not built/),
    ]);
    for (const log of logs) {
      expect(log).toMatchObject({ ServiceName: "tracelight", SeverityText: "WARN" });
      expect(log.ResourceAttributes["tracelight.component"]).toBe("agent");
    }
    // Said in its own log as well.
    expect(lines.some((l) => l.startsWith("eBPF probes off"))).toBe(true);
  });
});
