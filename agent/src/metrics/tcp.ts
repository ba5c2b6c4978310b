// TCP connection events from the kernel → per-process connection, duration, byte and
// retransmit metrics. Series are keyed by direction and the server's side of the connection
// (its port, and for outbound connections its address), never by the client's ephemeral port.
import type { TcpEvent } from "../probes/records.ts";
import type { Attributes, UnixNanos } from "../telemetry/model.ts";
import { CounterAggregator } from "./counter.ts";
import { HistogramAggregator, type ResourceMetric } from "./histogram.ts";

/** Seconds; from a loopback round trip to a long-lived pooled connection. */
const DURATION_BOUNDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

const DIRECTION = { server: "inbound", client: "outbound", unknown: "unknown" } as const;

function seriesAttributes(event: TcpEvent): Attributes {
  const direction = DIRECTION[event.direction];
  if (direction === "outbound")
    return { "tcp.direction": direction, "server.address": event.peerAddr, "server.port": event.peerPort };
  return { "tcp.direction": direction, "server.port": event.localPort };
}

export interface ProcessResource {
  key: string;
  resource: Attributes;
}

export class TcpMetrics {
  readonly opened = new CounterAggregator("tcp.connections.opened", "{connection}", "TCP connections established");
  readonly closed = new CounterAggregator("tcp.connections.closed", "{connection}", "TCP connections closed");
  readonly retransmits = new CounterAggregator("tcp.retransmits", "{segment}", "TCP segments retransmitted");
  readonly io = new CounterAggregator("tcp.connection.io", "By", "Bytes sent and received over closed connections");
  readonly duration = new HistogramAggregator(
    "tcp.connection.duration",
    "s",
    "How long closed TCP connections were open",
    DURATION_BOUNDS,
  );

  record(event: TcpEvent, owner: ProcessResource, time: UnixNanos): void {
    const attrs = seriesAttributes(event);
    const { key, resource } = owner;
    switch (event.type) {
      case "open_active":
      case "open_passive":
        this.opened.add(key, resource, attrs, 1, time);
        return;
      case "retransmit":
        this.retransmits.add(key, resource, attrs, Math.max(1, event.retransmits), time);
        return;
      case "close":
        this.closed.add(key, resource, attrs, 1, time);
        if (event.durationNs > 0n)
          this.duration.record(key, resource, attrs, { value: Number(event.durationNs) / 1e9, timeUnixNano: time });
        this.io.add(key, resource, { ...attrs, "network.io.direction": "transmit" }, Number(event.bytesSent), time);
        this.io.add(key, resource, { ...attrs, "network.io.direction": "receive" }, Number(event.bytesReceived), time);
        return;
    }
  }

  collect(now: UnixNanos): ResourceMetric[] {
    return [this.opened, this.closed, this.retransmits, this.io, this.duration].flatMap((a) => a.collect(now));
  }
}
