// By default the agent makes no spans of Tracelight itself: not of the api, the web or the
// agent (marked TRACELIGHT_COMPONENT by npm start and the agent script), nor of any request to
// Tracelight's ports (a browser's or curl's); TRACELIGHT_AGENT_SELF=1 traces them. Records go
// in as the loader would hand them over (each exchange kept, and counted in its RED series),
// over a fake /proc.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent } from "./agent.ts";
import { parseConfig } from "./config.ts";
import type { HttpExchange, HttpRed, ProbeRecord } from "./probes/records.ts";
import { type FakeProc, fakeProc } from "./process/fixtures/fake-proc.ts";

let proc: FakeProc;
beforeEach(() => {
  proc = fakeProc();
  const node = (pid: number, script: string, env: Record<string, string> = {}) =>
    proc.add({ pid, comm: "node", argv: ["node", script], exe: "/usr/bin/node", env });
  node(10, "apps/api/src/main.ts", { TRACELIGHT_COMPONENT: "api" });
  node(11, "next-server", { TRACELIGHT_COMPONENT: "web" });
  node(12, "agent/src/main.ts", { TRACELIGHT_COMPONENT: "agent" });
  node(13, "/srv/shop/server.js");
  proc.add({ pid: 14, comm: "curl", argv: ["curl", "http://127.0.0.1:4319/api/v1/status"], exe: "/usr/bin/curl" });
});
afterEach(() => proc.cleanup());

const API_PORT = 4319;
const exchange = (tgid: number, direction: "server" | "client", localPort: number, peerPort: number): HttpExchange => ({
  kind: "http",
  startNs: 1_000_000n,
  endNs: 2_000_000n,
  tgid,
  tid: tgid,
  fd: 5,
  direction,
  family: "ipv4",
  localAddr: "127.0.0.1",
  localPort,
  peerAddr: "127.0.0.1",
  peerPort,
  comm: tgid === 14 ? "curl" : "node",
  request: Buffer.from("GET /x HTTP/1.1\r\nHost: a\r\n\r\n"),
  response: Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
});

/** The exchange's series as the loader counts it. */
const series = (e: HttpExchange): HttpRed => ({
  kind: "red",
  count: 1,
  sumNs: e.endNs - e.startNs,
  minNs: e.endNs - e.startNs,
  maxNs: e.endNs - e.startNs,
  buckets: [1, ...new Array<number>(14).fill(0)],
  tgid: e.tgid,
  direction: e.direction,
  localPort: e.direction === "server" ? e.localPort : 0,
  peerPort: e.direction === "client" ? e.peerPort : 0,
  peerAddr: e.direction === "client" ? e.peerAddr : "",
  statusCode: 200,
  method: "GET",
  host: e.direction === "client" ? "a" : "",
  path: "/x",
  overflow: false,
  comm: e.comm,
});

const run = (env: Record<string, string>) => {
  const config = parseConfig(
    { TRACELIGHT_AGENT_PROBES: "none", TRACELIGHT_AGENT_SELF_PORTS: String(API_PORT), ...env },
    "/",
  );
  const agent = new Agent({ config, procRoot: proc.root, log: () => {} });
  const exchanges: HttpExchange[] = [
    exchange(10, "server", API_PORT, 50_000), // the api serving the web
    exchange(11, "client", 50_000, API_PORT), // the web calling the api
    exchange(11, "server", 3000, 50_001), // the web serving a browser
    exchange(12, "client", 50_002, 4318), // the agent exporting
    exchange(13, "server", 8080, 50_003), // the user's service
    exchange(14, "client", 50_004, API_PORT), // curl asking the api
  ];
  const records: ProbeRecord[] = [...exchanges, ...exchanges.map(series)];
  (agent as unknown as { onRecords(records: readonly ProbeRecord[]): void }).onRecords(records);
  return agent.status();
};

describe("Tracelight's own processes and ports", () => {
  it("are not traced by default: only the user's service gets a span", () => {
    const status = run({});
    expect(status.spans).toBe(1);
    expect(status.httpOfSelf).toBe(4);
    // The agent's own exports: to the endpoint's port, which TRACELIGHT_AGENT_EXCLUDE_PORTS leaves out by default.
    expect(status.httpSkipped).toBe(1);
    expect(status.processes.self).toBe(3);
  });

  it("the OTLP endpoint's port is Tracelight's even without TRACELIGHT_AGENT_SELF_PORTS", () => {
    const config = parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://10.0.0.5:14318" }, "/");
    expect(config.traceSelf).toBe(false);
    expect([...config.selfPorts]).toEqual([14318]);
  });

  it("are traced with TRACELIGHT_AGENT_SELF=1", () => {
    const status = run({ TRACELIGHT_AGENT_SELF: "1" });
    expect(status.httpOfSelf).toBe(0);
    expect(status.spans).toBe(5);
  });
});
