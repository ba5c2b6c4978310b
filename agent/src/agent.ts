// The agent: runs the probes' loader, turns its records into spans and metrics, adds host and
// process metrics from /proc, and hands everything to the OTLP exporter. Without BPF (no
// privileges, no loader) it says once which probes are off and why, and ships /proc metrics.
import type { SelfTelemetry } from "@tracelight/self-telemetry";
import type { AgentConfig, ProcessMatcher } from "./config.ts";
import { OtlpHttpExporter } from "./export/index.ts";
import { HostMetrics } from "./host/index.ts";
import { HttpTelemetry, type ProcessInfo } from "./http/http-telemetry.ts";
import { RouteNamer } from "./http/route.ts";
import type { ResourceMetric } from "./metrics/histogram.ts";
import { RunQueueMetrics } from "./metrics/runqueue.ts";
import { TcpMetrics } from "./metrics/tcp.ts";
import { MonotonicClock } from "./probes/clock.ts";
import { type LoaderEvent, LoaderProcess, type ProbeState } from "./probes/loader-process.ts";
import type { HttpExchange, HttpRed, ProbeRecord, ProbeStats, TcpEvent } from "./probes/records.ts";
import {
  describeRole,
  ListeningPorts,
  matchesProcess,
  ProcessIdentities,
  type ProcessIdentity,
  type ProcessRole,
} from "./process/index.ts";
import type { AgentSpan, Attributes, ResourceMetrics, UnixNanos } from "./telemetry/model.ts";
import { startAgentSelfTelemetry } from "./telemetry/self-telemetry.ts";

export interface AgentOptions {
  config: AgentConfig;
  log?: (line: string) => void;
  /** Where procfs is mounted. */
  procRoot?: string;
  /** Runs the loader through another command (tests drop privileges with it). */
  loaderWrapper?: readonly string[];
}

/** What the agent has seen and done, for its log, its own metrics and tests. */
export interface AgentStatus {
  probes: ReadonlyMap<string, ProbeState>;
  /** The loader's latest counters (since it started). */
  loader: ProbeStats | undefined;
  spans: number;
  /** Exchanges the loader counted (kept as spans or not). */
  httpExchanges: number;
  /** Exchanges that were not HTTP/1.x after all, or whose process or port was filtered out. */
  httpSkipped: number;
  /** Exchanges the process's own SDK reports. */
  httpLeftToSdk: number;
  /** Exchanges of Tracelight's own processes or ports. */
  httpOfSelf: number;
  tcpEvents: number;
  /** Processes seen on the network that the agent does not trace, by role. */
  processes: Record<Exclude<ProcessRole["kind"], "agent">, number>;
}

/** Processes seen on the network stay "active" (and get process metrics) this long. */
const ACTIVE_NS = 5n * 60n * 1_000_000_000n;
const nowNanos = (): UnixNanos => BigInt(Date.now()) * 1_000_000n;

function matches(m: ProcessMatcher, comm: string, identity: ProcessIdentity | undefined): boolean {
  const resource = identity?.resource ?? {};
  return matchesProcess(m, {
    comm,
    exeName: resource["process.executable.name"] as string | undefined,
    commandLine: String(resource["process.command_line"] ?? comm),
    serviceName: identity?.serviceName ?? comm,
  });
}

interface TracedProcess extends ProcessInfo {
  role: ProcessRole;
  identity: ProcessIdentity | undefined;
}

export class Agent {
  readonly exporter: OtlpHttpExporter;
  private readonly config: AgentConfig;
  private readonly log: (line: string) => void;
  private readonly identities: ProcessIdentities;
  private readonly host: HostMetrics;
  private readonly listeners: ListeningPorts;
  private readonly clock = new MonotonicClock();
  private readonly http: HttpTelemetry;
  private readonly tcp = new TcpMetrics();
  private readonly runq = new RunQueueMetrics();
  private readonly loader: LoaderProcess | undefined;
  /** tgid → when it was last seen on the network (Unix ns). */
  private readonly active = new Map<number, UnixNanos>();
  private listenerOwners = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly probeStates = new Map<string, ProbeState>();
  private loaderStats: ProbeStats | undefined;
  private counts = { spans: 0, httpExchanges: 0, httpSkipped: 0, httpLeftToSdk: 0, httpOfSelf: 0, tcpEvents: 0 };
  /** Identities whose role was logged and counted (once per process). */
  private readonly reported = new WeakMap<ProcessIdentity, ProcessRole["kind"]>();
  private readonly roleCounts: AgentStatus["processes"] = { sdk: 0, self: 0, interactive: 0 };
  private readonly hostResource: Attributes;
  private self: SelfTelemetry | undefined;

  constructor(options: AgentOptions) {
    const { config } = options;
    this.config = config;
    this.log = options.log ?? ((line) => console.error(`agent: ${line}`));
    const procRoot = options.procRoot ?? "/proc";
    this.identities = new ProcessIdentities({
      procRoot,
      overrides: config.serviceNames,
      roles: {
        sdkProcesses: config.sdkProcesses,
        traceProcesses: config.traceProcesses,
        otlpPorts: config.otlpPorts,
        traceSelf: config.traceSelf,
      },
    });
    this.host = new HostMetrics({
      procRoot,
      identities: this.identities,
      selection: {
        pids: () => this.active.keys(),
        topByCpu: config.topProcesses,
      },
      onError: (part, error) => this.warn(`host metrics: ${part} left out: ${(error as Error).message}`),
    });
    this.hostResource = this.host.resource;
    this.listeners = new ListeningPorts(procRoot);
    this.http = new HttpTelemetry({
      routes: new RouteNamer(config.routes),
      toUnixNanos: (ns) => this.clock.toUnixNanos(ns),
    });
    this.exporter = new OtlpHttpExporter({
      endpoint: config.otlpEndpoint,
      headers: config.otlpHeaders,
      // Every line but the recovery's is a problem.
      log: (line) => (/answered again/.test(line) ? this.log : this.warn)(`export: ${line}`),
    });
    const missing = config.probes.length > 0 && !LoaderProcess.available(config.loaderPath);
    if (config.probes.length === 0)
      this.log("eBPF probes: none configured (TRACELIGHT_AGENT_PROBES); /proc metrics only");
    else if (missing) {
      const reason = `the loader ${config.loaderPath} is not built (make -C bpf)`;
      for (const probe of config.probes) this.probeStates.set(probe, { probe, state: "off", reason });
      this.warn(`eBPF probes off: ${reason}; /proc metrics only`);
    } else {
      this.loader = new LoaderProcess({
        path: config.loaderPath,
        probes: config.probes,
        ignoreTgids: [process.pid],
        sampleRatio: config.sampleRatio,
        slowMs: config.slowMs,
        wrapper: options.loaderWrapper,
        onRecords: (records) => this.onRecords(records),
        onEvent: (event) => this.onLoaderEvent(event),
      });
    }
  }

  start(): void {
    this.self = startAgentSelfTelemetry({
      endpoint: this.config.otlpEndpoint,
      headers: this.config.otlpHeaders,
      intervalMs: this.config.exportIntervalMs,
      figures: () => this.status(),
      exporter: () => this.exporter.stats(),
      log: this.log,
    });
    for (const state of this.probeStates.values())
      if (state.state === "off")
        this.self.log({ severity: "warn", message: `probe ${state.probe}: off — ${state.reason}` });
    this.exporter.start();
    this.loader?.start();
    // The first collect sets the baselines of the delta-based gauges (utilization).
    this.host.collect(nowNanos());
    this.timer = setInterval(() => this.collectMetrics(), this.config.exportIntervalMs);
  }

  /** Stops the loader, exports what is left and stops exporting. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.loader?.stop();
    this.collectMetrics();
    await this.exporter.shutdown();
    await this.self?.close();
  }

  status(): AgentStatus {
    return {
      probes: new Map(this.probeStates),
      loader: this.loaderStats,
      ...this.counts,
      processes: { ...this.roleCounts },
    };
  }

  private onLoaderEvent(event: LoaderEvent): void {
    switch (event.event) {
      case "probe": {
        const before = this.probeStates.get(event.status.probe);
        this.probeStates.set(event.status.probe, event.status);
        // Said once: a restarted loader reporting the same state again stays quiet.
        if (JSON.stringify(before) !== JSON.stringify(event.status)) {
          if (event.status.state === "off") this.warn(`probe ${event.status.probe}: off — ${event.status.reason}`);
          else this.log(`probe ${event.status.probe}: on${event.status.note ? ` (${event.status.note})` : ""}`);
        }
        return;
      }
      case "ready":
        return;
      case "message":
        this.log(`loader: ${event.message}`);
        return;
      case "exit":
        if (event.restartInMs !== undefined)
          this.warn(
            `loader exited (${event.signal ?? `code ${event.code}`}); restarting in ${event.restartInMs / 1000} s`,
          );
        else if (event.code !== 0)
          this.warn(`loader stopped (${event.signal ?? `code ${event.code}`}): no eBPF probe; /proc metrics only`);
        return;
    }
  }

  private onRecords(records: readonly ProbeRecord[]): void {
    const spans: AgentSpan[] = [];
    const now = nowNanos();
    for (const record of records) {
      switch (record.kind) {
        case "http": {
          const span = this.onHttp(record, now);
          if (span) spans.push(span);
          break;
        }
        case "red":
          this.onHttpRed(record, now);
          break;
        case "tcp":
          this.onTcp(record, now);
          break;
        case "runq":
          this.runq.update(record, now);
          break;
        case "stats":
          this.loaderStats = record;
          break;
      }
    }
    if (spans.length > 0) {
      this.counts.spans += spans.length;
      this.exporter.addSpans(spans);
    }
  }

  /** The process's resource and role, or undefined when the configuration leaves it out. */
  private processInfo(tgid: number, comm: string): TracedProcess | undefined {
    const identity = this.identities.get(tgid);
    const { includeProcesses, excludeProcesses } = this.config;
    if (includeProcesses.length > 0 && !includeProcesses.some((m) => matches(m, comm, identity))) return undefined;
    if (excludeProcesses.some((m) => matches(m, comm, identity))) return undefined;
    if (!identity) {
      // Exited before it could be looked up: named after its comm.
      return {
        key: `${tgid}`,
        serviceName: comm,
        resource: { ...this.hostResource, "service.name": comm, "process.pid": tgid },
        role: { kind: "agent" },
        identity,
      };
    }
    this.report(identity);
    return {
      key: `${tgid}`,
      serviceName: identity.serviceName,
      resource: identity.resource,
      role: identity.role,
      identity,
    };
  }

  /** Says once per process (and once more if it turns out to export OTLP) what the agent does with it. */
  private report(identity: ProcessIdentity): void {
    const { kind } = identity.role;
    if (this.reported.get(identity) === kind) return;
    const before = this.reported.get(identity);
    this.reported.set(identity, kind);
    if (before !== undefined && before !== "agent") this.roleCounts[before]--;
    if (kind === "agent") return;
    this.roleCounts[kind]++;
    this.log(`process ${identity.pid} (${identity.serviceName}): ${describeRole(identity.role)}`);
  }

  /** A process seen exporting OTLP after it was first looked up: its SDK reports its requests from now on. */
  private sawOtlpExport(process: TracedProcess, port: number): void {
    if (process.identity === undefined || process.role.kind !== "agent") return;
    process.identity.role = { kind: "sdk", reason: `connected to OTLP port ${port}` };
    process.role = process.identity.role;
    this.report(process.identity);
  }

  private isSelfPort(port: number): boolean {
    return !this.config.traceSelf && this.config.selfPorts.has(port);
  }

  /**
   * The process an HTTP exchange belongs to when the agent reports it, else undefined (counted
   * in `n` of the skip counters): filtered out, Tracelight's own, or reported by its own SDK.
   */
  private httpProcess(
    tgid: number,
    comm: string,
    direction: "server" | "client",
    localPort: number,
    peerPort: number,
    n: number,
    now: UnixNanos,
  ): TracedProcess | undefined {
    const serverPort = direction === "server" ? localPort : peerPort;
    const { includePorts, excludePorts, otlpPorts } = this.config;
    const process = this.processInfo(tgid, comm);
    if (!process || excludePorts.has(serverPort) || (includePorts.size > 0 && !includePorts.has(serverPort))) {
      this.counts.httpSkipped += n;
      return undefined;
    }
    if (direction === "client" && otlpPorts.has(peerPort)) this.sawOtlpExport(process, peerPort);
    const { kind } = process.role;
    if (kind === "self" || this.isSelfPort(localPort) || this.isSelfPort(peerPort)) {
      this.counts.httpOfSelf += n;
      return undefined;
    }
    if (kind === "sdk") {
      // Its SDK reports the request; the process still gets its process metrics.
      this.active.set(tgid, now);
      this.counts.httpLeftToSdk += n;
      return undefined;
    }
    if (kind === "interactive" && direction === "client") {
      this.counts.httpSkipped += n;
      return undefined;
    }
    this.active.set(tgid, now);
    return process;
  }

  /** A kept exchange: its span (it was counted in its series by the loader). */
  private onHttp(exchange: HttpExchange, now: UnixNanos): AgentSpan | undefined {
    const { tgid, comm, direction, localPort, peerPort } = exchange;
    const process = this.httpProcess(tgid, comm, direction, localPort, peerPort, 0, now);
    if (!process) return undefined;
    const outcome = this.http.handle(exchange, process);
    if (outcome.kind === "span") return outcome.span;
    this.counts.httpSkipped++;
    return undefined;
  }

  /** A RED series the loader counted: every exchange, kept as a span or not. */
  private onHttpRed(red: HttpRed, now: UnixNanos): void {
    this.counts.httpExchanges += red.count;
    const process = this.httpProcess(red.tgid, red.comm, red.direction, red.localPort, red.peerPort, red.count, now);
    if (process) this.http.count(red, process, now);
  }

  private onTcp(event: TcpEvent, now: UnixNanos): void {
    this.counts.tcpEvents++;
    let tgid = event.tgid;
    // A connection accepted before the agent started has no known process: its listener's owner.
    if (tgid === 0 && event.direction === "server") tgid = this.listenerOwners.get(event.localPort) ?? 0;
    const process = tgid === 0 ? undefined : this.processInfo(tgid, event.comm);
    if (tgid !== 0 && !process) return;
    if (process && event.type === "open_active" && this.config.otlpPorts.has(event.peerPort))
      this.sawOtlpExport(process, event.peerPort);
    // Tracelight's own connections, and those of browsers and shells, are not the user's services.
    if (process?.role.kind === "self" || process?.role.kind === "interactive") return;
    if (tgid !== 0) this.active.set(tgid, now);
    const owner = process ?? { key: "host", resource: this.hostResource };
    this.tcp.record(event, owner, this.clock.toUnixNanos(event.tsNs));
  }

  private collectMetrics(): void {
    const now = nowNanos();
    for (const [tgid, seen] of this.active) if (now - seen > ACTIVE_NS) this.active.delete(tgid);
    try {
      this.listenerOwners = this.listeners.read();
    } catch (error) {
      this.warn(`listening ports unreadable: ${(error as Error).message}`);
    }
    const host = this.host.collect(now);
    const processPids = new Set(host.map((r) => r.resource["process.pid"]).filter((p) => p !== undefined));
    const fromProbes: ResourceMetric[] = [
      ...this.http.collect(now),
      ...this.tcp.collect(now),
      // Run-queue latency for the processes that get process metrics (active or busiest).
      ...this.runq.collect(now, (tgid) => (processPids.has(tgid) ? this.processInfo(tgid, "")?.resource : undefined)),
    ];
    this.exporter.addMetrics(
      mergeByResource([...host, ...fromProbes.map((r) => ({ resource: r.resource, metrics: [r.metric] }))]),
    );
  }

  /** A line for the log that is also sent as a warning under service tracelight. */
  private warn(line: string): void {
    this.log(line);
    this.self?.log({ severity: "warn", message: line });
  }
}

/** One ResourceMetrics per distinct resource, in first-seen order. */
export function mergeByResource(batches: readonly ResourceMetrics[]): ResourceMetrics[] {
  const out = new Map<string, ResourceMetrics>();
  for (const batch of batches) {
    const key = JSON.stringify(Object.entries(batch.resource).sort(([a], [b]) => a.localeCompare(b)));
    const found = out.get(key);
    if (found) found.metrics.push(...batch.metrics);
    else out.set(key, { resource: batch.resource, metrics: [...batch.metrics] });
  }
  return [...out.values()];
}
