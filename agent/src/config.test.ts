import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("has defaults that trace everything but the agent's own exports", () => {
    const c = parseConfig({}, "/repo");
    expect(c).toMatchObject({
      otlpEndpoint: "http://127.0.0.1:4318",
      otlpHeaders: {},
      probes: ["http", "tcp"],
      loaderPath: "/repo/bpf/build/tracelight-probes",
      sampleRatio: 1,
      slowMs: 1000,
      exportIntervalMs: 10_000,
      topProcesses: 20,
    });
    expect([...c.excludePorts]).toEqual([4318]);
    expect(c.includePorts.size).toBe(0);
    expect([...c.selfPorts]).toEqual([4318]);
    expect(c.traceSelf).toBe(false);
    expect([...c.otlpPorts].sort()).toEqual([4317, 4318]);
    expect(c.sdkProcesses).toEqual([]);
    expect(c.traceProcesses).toEqual([]);
  });

  it("reads Tracelight's own ports and the per-process SDK settings", () => {
    const c = parseConfig(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4501",
        TRACELIGHT_AGENT_SELF_PORTS: "4500,4502,4503",
        TRACELIGHT_AGENT_SELF: "1",
        TRACELIGHT_AGENT_OTLP_PORTS: "55681",
        TRACELIGHT_AGENT_SDK_PROCESSES: "checkout,/orders\\.jar/",
        TRACELIGHT_AGENT_TRACE_PROCESSES: "legacy",
      },
      "/r",
    );
    expect([...c.selfPorts].sort()).toEqual([4500, 4501, 4502, 4503]);
    expect(c.traceSelf).toBe(true);
    expect([...c.otlpPorts].sort()).toEqual([4501, 55681]);
    expect(c.sdkProcesses).toEqual([{ name: "checkout" }, { commandLine: /orders\.jar/ }]);
    expect(c.traceProcesses).toEqual([{ name: "legacy" }]);
  });

  it("reads every setting", () => {
    const c = parseConfig(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://api:9999/",
        OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20k1,x-a=b",
        TRACELIGHT_AGENT_PROBES: "http, runqlat",
        TRACELIGHT_AGENT_INCLUDE_PROCESSES: "node,/server\\.js$/i",
        TRACELIGHT_AGENT_EXCLUDE_PROCESSES: "sshd",
        TRACELIGHT_AGENT_INCLUDE_PORTS: "80,8080",
        TRACELIGHT_AGENT_EXCLUDE_PORTS: "none",
        TRACELIGHT_AGENT_SAMPLE_RATIO: "0.25",
        TRACELIGHT_AGENT_EXPORT_INTERVAL_S: "5",
        TRACELIGHT_AGENT_ROUTES: "/users/:id,/files/**",
        TRACELIGHT_AGENT_SERVICE_NAMES: "node=web,/orders-.*\\.jar/=orders",
        TRACELIGHT_AGENT_TOP_PROCESSES: "0",
      },
      "/repo",
    );
    expect(c.otlpEndpoint).toBe("http://api:9999");
    expect(c.otlpHeaders).toEqual({ Authorization: "Bearer k1", "x-a": "b" });
    expect(c.probes).toEqual(["http", "runqlat"]);
    expect(c.includeProcesses).toEqual([{ name: "node" }, { commandLine: /server\.js$/i }]);
    expect(c.excludeProcesses).toEqual([{ name: "sshd" }]);
    expect([...c.includePorts]).toEqual([80, 8080]);
    expect(c.excludePorts.size).toBe(0);
    expect(c.sampleRatio).toBe(0.25);
    expect(c.exportIntervalMs).toBe(5000);
    expect(c.routes).toEqual(["/users/:id", "/files/**"]);
    expect(c.serviceNames).toEqual([
      { match: "node", service: "web" },
      { match: "/orders-.*\\.jar/", service: "orders" },
    ]);
    expect(c.topProcesses).toBe(0);
    expect(parseConfig({ TRACELIGHT_AGENT_PROBES: "none" }, "/r").probes).toEqual([]);
  });

  it("names every invalid variable at once", () => {
    let message = "";
    try {
      parseConfig(
        {
          TRACELIGHT_AGENT_PROBES: "http,kprobe",
          TRACELIGHT_AGENT_INCLUDE_PORTS: "80,x,70000",
          TRACELIGHT_AGENT_INCLUDE_PROCESSES: "/(/",
          TRACELIGHT_AGENT_SERVICE_NAMES: "node",
          TRACELIGHT_AGENT_ROUTES: "users",
          TRACELIGHT_AGENT_SELF_PORTS: "web",
          TRACELIGHT_AGENT_SDK_PROCESSES: "/[/",
        },
        "/r",
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const part of [
      'unknown probe "kprobe"',
      "x is not a port",
      "70000 is not a port",
      "/(/ is not a valid regular expression",
      "node is not process=service",
      "users must start with /",
      "TRACELIGHT_AGENT_SELF_PORTS: web is not a port",
      "TRACELIGHT_AGENT_SDK_PROCESSES: /[/ is not a valid regular expression",
    ])
      expect(message).toContain(part);
    expect(() => parseConfig({ TRACELIGHT_AGENT_SAMPLE_RATIO: "2" }, "/r")).toThrow(/TRACELIGHT_AGENT_SAMPLE_RATIO/);
    expect(() => parseConfig({ TRACELIGHT_AGENT_SELF: "yes" }, "/r")).toThrow(/TRACELIGHT_AGENT_SELF/);
    expect(() => parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://x" }, "/r")).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
