import { describe, expect, it } from "vitest";
import type { TcpEvent } from "../probes/records.ts";
import type { HistogramPoint, NumberPoint } from "../telemetry/model.ts";
import { TcpMetrics } from "./tcp.ts";

const event = (over: Partial<TcpEvent>): TcpEvent => ({
  kind: "tcp",
  type: "open_passive",
  tsNs: 0n,
  durationNs: 0n,
  bytesSent: 0n,
  bytesReceived: 0n,
  tgid: 7,
  retransmits: 0,
  family: "ipv4",
  localAddr: "10.0.0.1",
  localPort: 8080,
  peerAddr: "10.0.0.9",
  peerPort: 51000,
  direction: "server",
  comm: "node",
  ...over,
});

const owner = { key: "7", resource: { "service.name": "web" } };
const T = 1_700_000_000_000_000_000n;

describe("TcpMetrics", () => {
  it("counts opens, closes, bytes, durations and retransmits by the server side of the connection", () => {
    const m = new TcpMetrics();
    m.record(event({ type: "open_passive", peerPort: 51000 }), owner, T);
    m.record(event({ type: "open_passive", peerPort: 51001 }), owner, T);
    m.record(
      event({ type: "close", peerPort: 51000, durationNs: 2_500_000_000n, bytesSent: 1000n, bytesReceived: 300n }),
      owner,
      T,
    );
    m.record(
      event({ type: "open_active", direction: "client", localPort: 40000, peerAddr: "10.0.0.5", peerPort: 5432 }),
      owner,
      T,
    );
    m.record(
      event({ type: "retransmit", direction: "client", retransmits: 1, peerAddr: "10.0.0.5", peerPort: 5432 }),
      owner,
      T,
    );
    const byName = new Map(m.collect(T + 1n).map((r) => [r.metric.name, r.metric.points]));
    const values = (name: string) =>
      (byName.get(name) as NumberPoint[])
        .map((p) => [p.attributes, p.value])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const inbound = { "tcp.direction": "inbound", "server.port": 8080 };
    const outbound = { "tcp.direction": "outbound", "server.address": "10.0.0.5", "server.port": 5432 };
    expect(values("tcp.connections.opened")).toEqual([
      [inbound, 2],
      [outbound, 1],
    ]);
    expect(values("tcp.connections.closed")).toEqual([[inbound, 1]]);
    expect(values("tcp.retransmits")).toEqual([[outbound, 1]]);
    expect(values("tcp.connection.io")).toEqual([
      [{ ...inbound, "network.io.direction": "receive" }, 300],
      [{ ...inbound, "network.io.direction": "transmit" }, 1000],
    ]);
    const duration = byName.get("tcp.connection.duration") as HistogramPoint[];
    expect(duration).toHaveLength(1);
    expect(duration[0]).toMatchObject({ count: 1, sum: 2.5 });
  });
});
