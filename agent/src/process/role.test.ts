// Who reports a process's requests, decided from a fake /proc: its environment, its name, its
// connections, and the agent's configuration.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeProc, type FakeProcess, fakeProc } from "./fixtures/fake-proc.ts";
import { readProcessIdentity } from "./identity.ts";
import type { RoleOptions } from "./role.ts";

let proc: FakeProc;
beforeEach(() => {
  proc = fakeProc();
});
afterEach(() => proc.cleanup());

const OTLP = new Set([4317, 4318]);
const SERVICE = ["node", "--import", "tsx", "/srv/demo/src/service-process.ts"];
const node = (pid: number, extra: Partial<FakeProcess> = {}): FakeProcess => ({
  pid,
  comm: "node",
  argv: SERVICE,
  exe: "/usr/bin/node",
  ...extra,
});
const identify = (pid: number, roles: RoleOptions = { otlpPorts: OTLP }) =>
  readProcessIdentity(pid, { procRoot: proc.root, hostName: "box-1", userName: () => "root", roles });
const role = (pid: number, roles?: RoleOptions) => identify(pid, roles)?.role;

/** A connection table row: state 01 (established) from 127.0.0.1:40000 to 127.0.0.1:<port>. */
const established = (port: number, inode: number) =>
  `   0: 0100007F:9C40 0100007F:${port.toString(16).toUpperCase().padStart(4, "0")} 01 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 20 4 30 10 -1\n`;
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

describe("process roles", () => {
  it("the agent traces a process with no SDK, even one named through OTEL_SERVICE_NAME", () => {
    proc.add(node(10, { env: { OTEL_SERVICE_NAME: "inventory", OTEL_RESOURCE_ATTRIBUTES: "service.namespace=shop" } }));
    expect(identify(10)).toMatchObject({ serviceName: "inventory", role: { kind: "agent" } });
  });

  it("leaves a process with OTLP exporter settings to its SDK", () => {
    proc.add(
      node(11, { env: { OTEL_SERVICE_NAME: "checkout", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" } }),
    );
    expect(role(11)).toEqual({ kind: "sdk", reason: "env OTEL_EXPORTER_OTLP_ENDPOINT" });
  });

  it("reads auto-instrumentation from NODE_OPTIONS and JAVA_TOOL_OPTIONS", () => {
    proc.add(node(12, { env: { NODE_OPTIONS: "--require @opentelemetry/auto-instrumentations-node/register" } }));
    proc.add({
      pid: 13,
      comm: "java",
      exe: "/usr/bin/java",
      env: { JAVA_TOOL_OPTIONS: "-javaagent:/otel/opentelemetry-javaagent.jar" },
    });
    expect(role(12)).toEqual({ kind: "sdk", reason: "env NODE_OPTIONS" });
    expect(role(13)).toEqual({ kind: "sdk", reason: "env JAVA_TOOL_OPTIONS" });
  });

  it("does not count a disabled SDK, exporters set to none, or an eBPF agent's own settings", () => {
    proc.add(node(14, { env: { OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://x:4318" } }));
    proc.add(node(15, { env: { OTEL_TRACES_EXPORTER: "none", OTEL_EBPF_OPEN_PORT: "8080" } }));
    expect(role(14)).toEqual({ kind: "agent" });
    expect(role(15)).toEqual({ kind: "agent" });
  });

  it("leaves a process holding a connection to an OTLP port to its SDK; other connections do not count", () => {
    proc.add(node(20, { fds: { "3": "socket:[7001]", "4": "pipe:[9]" } }));
    proc.add(node(21, { fds: { "3": "socket:[7002]" } }));
    // Both processes share the namespace's table; only 7001 (20's) goes to 4318, 7003 is nobody's.
    const table = HEADER + established(4318, 7001) + established(5432, 7002) + established(4317, 7003);
    for (const pid of [20, 21]) proc.write(`${pid}/net/tcp`, table);
    expect(role(20)).toEqual({ kind: "sdk", reason: "connected to OTLP port 4318" });
    expect(role(21)).toEqual({ kind: "agent" });
    expect(role(20, { otlpPorts: new Set([9999]) })).toEqual({ kind: "agent" });
  });

  it("finds OTLP connections over IPv6 too", () => {
    proc.add(node(22, { fds: { "5": "socket:[8001]" } }));
    const row = `   0: 00000000000000000000000001000000:9C40 00000000000000000000000001000000:10DD 01 00000000:00000000 00:00000000 00000000     0        0 8001 1 0000000000000000 20 4 30 10 -1\n`;
    proc.write("22/net/tcp6", HEADER + row);
    expect(role(22)).toEqual({ kind: "sdk", reason: "connected to OTLP port 4317" });
  });

  it("knows Tracelight's own processes by their marker, unless asked to trace them", () => {
    proc.add(node(30, { env: { TRACELIGHT_COMPONENT: "api", OTEL_EXPORTER_OTLP_ENDPOINT: "http://x:4318" } }));
    expect(identify(30)).toMatchObject({
      serviceName: "service-process",
      resource: { "service.name": "tracelight", "tracelight.component": "api", "process.pid": 30 },
      role: { kind: "self", component: "api" },
    });
    const traced = identify(30, { traceSelf: true });
    expect(traced).toMatchObject({ resource: { "service.name": "service-process" }, role: { kind: "sdk" } });
    expect(traced?.resource).not.toHaveProperty("tracelight.component");
  });

  it("puts browsers and shells apart", () => {
    proc.add({
      pid: 40,
      comm: "chromium",
      argv: ["/usr/lib/chromium/chromium", "--type=renderer"],
      exe: "/usr/lib/chromium/chromium",
    });
    proc.add({ pid: 41, comm: "bash", argv: ["-bash"], exe: "/usr/bin/bash" });
    proc.add({ pid: 42, comm: "curl", argv: ["curl", "http://127.0.0.1:3001/"], exe: "/usr/bin/curl" });
    expect(role(40)).toEqual({ kind: "interactive", program: "chromium" });
    expect(role(41)).toEqual({ kind: "interactive", program: "bash" });
    expect(role(42)).toEqual({ kind: "agent" });
  });

  it("follows the per-process configuration: by service name, comm or command line", () => {
    proc.add(node(50, { env: { OTEL_SERVICE_NAME: "legacy", OTEL_EXPORTER_OTLP_ENDPOINT: "http://x:4318" } }));
    proc.add(node(51, { env: { OTEL_SERVICE_NAME: "inventory" } }));
    const roles: RoleOptions = {
      otlpPorts: OTLP,
      sdkProcesses: [{ name: "inventory" }],
      traceProcesses: [{ name: "legacy" }],
    };
    expect(role(50, roles)).toEqual({ kind: "agent" });
    expect(role(51, roles)).toEqual({ kind: "sdk", reason: "configured" });
    expect(role(51, { sdkProcesses: [{ commandLine: /service-process\.ts$/ }] })).toMatchObject({ kind: "sdk" });
    expect(role(51, { sdkProcesses: [{ name: "node" }] })).toMatchObject({ kind: "sdk" });
  });

  it("keeps processes of one command line apart by their environment", () => {
    proc.add(node(60, { env: { OTEL_SERVICE_NAME: "checkout", OTEL_EXPORTER_OTLP_ENDPOINT: "http://x:4318" } }));
    proc.add(node(61, { env: { OTEL_SERVICE_NAME: "inventory" } }));
    expect(identify(60)).toMatchObject({ serviceName: "checkout", role: { kind: "sdk" } });
    expect(identify(61)).toMatchObject({ serviceName: "inventory", role: { kind: "agent" } });
  });
});
