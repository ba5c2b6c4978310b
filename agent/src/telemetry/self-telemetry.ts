// The agent's own telemetry, sent through @tracelight/self-telemetry to the same endpoint as
// everything else but under service tracelight, component agent: its CPU time and memory, the
// probe records it decoded and those the kernel lost, what became of its spans, its export
// failures, which probes are on; and its warnings as logs. Kept apart from the host and
// process metrics, which describe the user's machine.
import { SelfTelemetry } from "@tracelight/self-telemetry";
import type { ExporterStats } from "../export/exporter.ts";
import type { ProbeState } from "../probes/loader-process.ts";
import type { ProbeStats } from "../probes/records.ts";

export interface AgentFigures {
  probes: ReadonlyMap<string, ProbeState>;
  loader: ProbeStats | undefined;
  spans: number;
  httpExchanges: number;
  tcpEvents: number;
}

export interface AgentSelfOptions {
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  intervalMs: number;
  figures: () => AgentFigures;
  exporter: () => ExporterStats;
  /** Where the push's own trouble is said: not a warning sent through the push itself. */
  log: (line: string) => void;
}

export function startAgentSelfTelemetry(options: AgentSelfOptions): SelfTelemetry {
  const self = new SelfTelemetry({
    component: "agent",
    url: () => options.endpoint,
    headers: options.headers,
    intervalMs: options.intervalMs,
    onStateChange: (problem) =>
      options.log(
        problem
          ? `self-telemetry: sending failed (${problem}); retrying, then dropping`
          : "self-telemetry: sending again",
      ),
  });
  const { meter } = self;
  const cpu = meter.createObservableCounter("tracelight.agent.cpu.time", {
    description: "CPU time the agent process has used",
    unit: "s",
  });
  const rss = meter.createObservableGauge("tracelight.agent.memory.rss", {
    description: "The agent process's resident memory",
    unit: "By",
  });
  const records = meter.createObservableCounter("tracelight.agent.records", {
    description: "Probe records the agent decoded, by kind",
    unit: "{record}",
  });
  const probeEvents = meter.createObservableGauge("tracelight.agent.probe.events", {
    description: "Records the eBPF probes produced since the loader started, and those lost",
    unit: "{event}",
  });
  const spans = meter.createObservableGauge("tracelight.agent.spans", {
    description:
      "Spans the agent built and what became of them since it started: sent, dropped by the exporter, sampled out (still counted in the RED metrics), lost in the kernel",
    unit: "{span}",
  });
  const failures = meter.createObservableCounter("tracelight.agent.export.failures", {
    description: "Items the agent could not export: refused, dropped from a full queue, or rejected inside a 200",
    unit: "{item}",
  });
  const probes = meter.createObservableGauge("tracelight.agent.probe.on", {
    description: "1 for each eBPF probe that is on, 0 for one that is off",
    unit: "1",
  });
  meter.addBatchObservableCallback(
    (result) => {
      const usage = process.cpuUsage();
      result.observe(cpu, usage.user / 1e6, { "cpu.mode": "user" });
      result.observe(cpu, usage.system / 1e6, { "cpu.mode": "system" });
      result.observe(rss, process.memoryUsage.rss());
      const figures = options.figures();
      result.observe(records, figures.httpExchanges, { kind: "http" });
      result.observe(records, figures.tcpEvents, { kind: "tcp" });
      const stats = figures.loader;
      if (stats) {
        result.observe(probeEvents, Number(stats.httpEvents), { probe: "http", outcome: "emitted" });
        result.observe(probeEvents, Number(stats.httpDrops), { probe: "http", outcome: "dropped" });
        result.observe(probeEvents, Number(stats.tcpEvents), { probe: "tcp", outcome: "emitted" });
        result.observe(probeEvents, Number(stats.tcpDrops), { probe: "tcp", outcome: "dropped" });
      }
      const exported = options.exporter();
      result.observe(spans, figures.spans, { outcome: "built" });
      if (stats) {
        // Not lost: counted in the RED metrics, and sampled out by the loader as configured.
        result.observe(spans, Number(stats.httpSampledOut), { outcome: "sampled_out" });
        // Lost before the loader saw them (its ring buffer was full): no span and no count.
        result.observe(spans, Number(stats.httpDrops), { outcome: "lost_in_kernel" });
      }
      result.observe(spans, exported.sentSpans, { outcome: "sent" });
      result.observe(spans, exported.droppedSpans + exported.failedSpans, { outcome: "dropped" });
      const failed = [
        ["spans", "refused", exported.failedSpans],
        ["spans", "dropped", exported.droppedSpans],
        ["spans", "rejected", exported.rejectedSpans],
        ["metrics", "refused", exported.failedMetricPoints],
        ["metrics", "dropped", exported.droppedMetricPoints],
        ["metrics", "rejected", exported.rejectedMetricPoints],
      ] as const;
      for (const [signal, outcome, n] of failed) result.observe(failures, n, { signal, outcome });
      for (const state of figures.probes.values())
        result.observe(probes, state.state === "on" ? 1 : 0, { probe: state.probe });
    },
    [cpu, rss, records, probeEvents, spans, failures, probes],
  );
  return self;
}
