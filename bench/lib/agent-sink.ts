// What `npm run bench:agent` reads of the agent's exports between rounds: the test kit's OTLP
// receiver answers every export 200 at once and decodes nothing while load runs; take() counts
// the spans that arrived and reads the agent's self-metrics (the probes' event and drop counters).
import { decodeTraces } from "@tracelight/otlp";
import { startOtlpReceiver } from "@tracelight/testkit";

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
  exports: number;
}

export interface OtlpSink {
  url: string;
  port: number;
  /** Decodes what arrived since the last call, then forgets it. */
  take(pid: number): ReceivedSummary;
  close(): Promise<void>;
}

interface JsonAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}
interface JsonPoint {
  attributes?: JsonAttribute[];
  asInt?: string | number;
  asDouble?: number;
}
interface JsonMetrics {
  resourceMetrics?: { scopeMetrics?: { metrics?: { name: string; gauge?: { dataPoints?: JsonPoint[] } }[] }[] }[];
}

function readGauges(body: Buffer, names: readonly string[], into: Map<string, GaugeValues>): void {
  const parsed = JSON.parse(body.toString("utf8")) as JsonMetrics;
  for (const rm of parsed.resourceMetrics ?? [])
    for (const sm of rm.scopeMetrics ?? [])
      for (const metric of sm.metrics ?? []) {
        if (!names.includes(metric.name)) continue;
        const values = new Map<string, number>();
        for (const point of metric.gauge?.dataPoints ?? []) {
          const key = (point.attributes ?? [])
            .map((a) => `${a.key}=${a.value.stringValue ?? a.value.intValue}`)
            .sort()
            .join(",");
          values.set(key, Number(point.asInt ?? point.asDouble));
        }
        into.set(metric.name, values);
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
        exports: batch.length,
      };
      const gauges = new Map<string, GaugeValues>();
      for (const r of batch) {
        if (r.path === "/v1/traces") {
          const rows = decodeTraces(r.body, "protobuf").rows;
          summary.spans += rows.length;
          for (const row of rows)
            if (row.SpanKind === "Server" && row.ResourceAttributes["process.pid"] === String(pid))
              summary.serverSpansOf++;
        } else if (r.path === "/v1/metrics") {
          readGauges(r.body, ["tracelight.agent.probe.events", "tracelight.agent.spans"], gauges);
        }
      }
      summary.probeEvents = gauges.get("tracelight.agent.probe.events") ?? new Map();
      summary.agentSpans = gauges.get("tracelight.agent.spans") ?? new Map();
      return summary;
    },
    close: () => receiver.close(),
  };
}
