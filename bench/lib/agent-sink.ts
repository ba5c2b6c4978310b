// What `npm run bench:agent` reads of the agent's exports between rounds: the test kit's OTLP
// receiver answers every export 200 at once and decodes nothing while load runs; take() counts
// the spans that arrived, the requests the application's RED histogram counted, and reads the
// agent's self-metrics (the probes' event and drop counters).
import { decodeMetrics, decodeTraces } from "@tracelight/otlp";
import { type ReceivedRequest, startOtlpReceiver } from "@tracelight/testkit";

/** The latest value of each point of one of the agent's gauges, keyed `k=v,k=v`. */
export type GaugeValues = Map<string, number>;

export interface ReceivedSummary {
  spans: number;
  /** Server spans of the given process. */
  serverSpansOf: number;
  /** `tracelight.agent.probe.events` as last exported (probe=…,outcome=…). */
  probeEvents: GaugeValues;
  /** `tracelight.agent.spans` as last exported (outcome=…). */
  agentSpans: GaugeValues;
  /** Requests the given process's RED histogram (http.server.request.duration) counted, as last exported. */
  redCount: number;
  exports: number;
}

export interface OtlpSink {
  url: string;
  port: number;
  /** Decodes what arrived since the last call, then forgets it. */
  take(pid: number): ReceivedSummary;
  close(): Promise<void>;
}

/** The latest value of each point of the named gauges and sums, whatever the encoding (the
 * agent's self-telemetry is protobuf, its own metrics JSON). */
function readGauges(r: ReceivedRequest, names: readonly string[], into: Map<string, GaugeValues>): void {
  const encoding = String(r.headers["content-type"]).includes("json") ? "json" : "protobuf";
  const { rows } = decodeMetrics(r.body, encoding);
  for (const row of [...rows.gauge, ...rows.sum]) {
    if (!names.includes(row.MetricName)) continue;
    const key = Object.entries(row.Attributes)
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(",");
    const values = into.get(row.MetricName) ?? new Map<string, number>();
    into.set(row.MetricName, values);
    values.set(key, row.Value);
  }
}

export async function startSink(): Promise<OtlpSink> {
  const receiver = await startOtlpReceiver();
  return {
    url: receiver.url,
    port: receiver.port,
    take(pid) {
      const batch = receiver.requests.splice(0);
      const summary: ReceivedSummary = {
        spans: 0,
        serverSpansOf: 0,
        probeEvents: new Map(),
        agentSpans: new Map(),
        redCount: 0,
        exports: batch.length,
      };
      const gauges = new Map<string, GaugeValues>();
      // Cumulative points: the last one of each series counts every request since the agent started.
      const red = new Map<string, number>();
      for (const r of batch) {
        if (r.path === "/v1/traces") {
          const rows = decodeTraces(r.body, "protobuf").rows;
          summary.spans += rows.length;
          for (const row of rows)
            if (row.SpanKind === "Server" && row.ResourceAttributes["process.pid"] === String(pid))
              summary.serverSpansOf++;
        } else if (r.path === "/v1/metrics") {
          readGauges(r, ["tracelight.agent.probe.events", "tracelight.agent.spans"], gauges);
          if (String(r.headers["content-type"]).includes("json"))
            for (const row of decodeMetrics(r.body, "json").rows.histogram)
              if (
                row.MetricName === "http.server.request.duration" &&
                row.ResourceAttributes["process.pid"] === String(pid)
              )
                red.set(JSON.stringify(row.Attributes), Number(row.Count));
        }
      }
      summary.probeEvents = gauges.get("tracelight.agent.probe.events") ?? new Map();
      summary.agentSpans = gauges.get("tracelight.agent.spans") ?? new Map();
      summary.redCount = [...red.values()].reduce((a, b) => a + b, 0);
      return summary;
    },
    close: () => receiver.close(),
  };
}
