// Host and process metrics read from /proc on each collect, named and shaped as OpenTelemetry's
// semantic conventions have them (system.*, process.*). Needs no BPF, so every host shows them.
import { arch, hostname } from "node:os";
import { ProcessIdentities } from "../process/cache.ts";
import { readText } from "../process/proc-files.ts";
import { type ProcStat, TICKS_PER_SECOND } from "../process/stat.ts";
import type { Attributes, Metric, NumberPoint, ResourceMetrics } from "../telemetry/model.ts";
import { CPU_MODES, type CpuTicks, parseProcStatFile, totalTicks } from "./cpu.ts";
import { parseDiskstats } from "./disk.ts";
import { filesystemSpace, parseMounts, type Statfs } from "./filesystem.ts";
import { parseMeminfo } from "./memory.ts";
import { parseNetDev } from "./network.ts";
import { counter, gauge, point, upDownCounter } from "./points.ts";
import { type ProcessSelection, parseResidentBytes, readProcessStats, selectProcesses } from "./processes.ts";

export interface HostMetricsOptions {
  /** Where procfs is mounted (the host's /proc when the agent runs in a container). */
  procRoot?: string;
  /** host.name; defaults to os.hostname(). */
  hostName?: string;
  /** Resource attributes of processes; share the agent's one cache. */
  identities?: ProcessIdentities;
  selection?: ProcessSelection;
  statfs?: Statfs;
  /** Told about a part of the collect that failed and was left out (it never throws). */
  onError?: (part: string, error: unknown) => void;
}

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_TICK = NANOS_PER_SECOND / BigInt(TICKS_PER_SECOND);

/** Node's os.arch() → OpenTelemetry's host.arch values. */
const HOST_ARCH: Record<string, string> = {
  x64: "amd64",
  arm64: "arm64",
  ia32: "x86",
  arm: "arm32",
  ppc64: "ppc64",
  s390x: "s390x",
};

interface CpuSample {
  time: bigint;
  total: CpuTicks;
}

interface ProcessesSample {
  time: bigint;
  /** All CPUs' ticks when the processes were read: the capacity that elapsed between two samples. */
  hostTicks: number | undefined;
  stats: ReadonlyMap<number, ProcStat>;
}

export class HostMetrics {
  readonly #procRoot: string;
  readonly #resource: Attributes;
  readonly #identities: ProcessIdentities;
  readonly #selection: ProcessSelection;
  readonly #statfs: Statfs | undefined;
  readonly #onError: (part: string, error: unknown) => void;
  #bootTime: bigint | undefined;
  #previousCpu: CpuSample | undefined;
  #previousProcesses: ProcessesSample | undefined;

  constructor(options: HostMetricsOptions = {}) {
    this.#procRoot = options.procRoot ?? "/proc";
    const hostName = options.hostName ?? hostname();
    // Host metrics belong to the agent that measures them (the UI lists metrics by service);
    // host.name tells the hosts apart.
    this.#resource = {
      "service.name": "tracelight-agent",
      "host.name": hostName,
      "os.type": "linux",
      "host.arch": HOST_ARCH[arch()] ?? arch(),
    };
    this.#identities = options.identities ?? new ProcessIdentities({ procRoot: this.#procRoot, hostName });
    // Browsers and shells are clients of the user's services, not services: busy as they may be,
    // they get process metrics only when they serve HTTP (the caller then names their pids).
    // An identity that fails here fails again when the process is reported, which says so.
    const interactive = (stat: ProcStat) => {
      try {
        return this.#identities.get(stat.pid, stat)?.role.kind === "interactive";
      } catch {
        return false;
      }
    };
    this.#selection = { ...options.selection, hideFromTop: options.selection?.hideFromTop ?? interactive };
    this.#statfs = options.statfs;
    this.#onError = options.onError ?? (() => {});
  }

  /** The resource host metrics are reported under (the agent's, with host.name). */
  get resource(): Attributes {
    return this.#resource;
  }

  /** One ResourceMetrics for the host, then one per selected process. Never throws. */
  collect(now: bigint): ResourceMetrics[] {
    const metrics: Metric[] = [];
    const stat = this.#part("cpu", () => parseProcStatFile(this.#read("stat") ?? ""));
    this.#bootTime ??= stat?.bootTime === undefined ? undefined : BigInt(stat.bootTime) * NANOS_PER_SECOND;
    // Cumulative system sums start at boot; without a boot time, at this collect.
    const boot = this.#bootTime ?? now;
    const parts: [string, () => Metric[]][] = [
      [
        "cpu",
        () => (stat === undefined || stat.cpus.length === 0 ? [] : this.#cpuMetrics(stat.cpus, stat.total, boot, now)),
      ],
      ["memory", () => this.#memoryMetrics(boot, now)],
      ["disk", () => this.#diskMetrics(boot, now)],
      ["network", () => this.#networkMetrics(boot, now)],
      ["filesystem", () => this.#filesystemMetrics(boot, now)],
    ];
    for (const [name, build] of parts) metrics.push(...(this.#part(name, build) ?? []));
    const hostTicks = stat?.total === undefined ? undefined : totalTicks(stat.total);
    const processes = this.#part("processes", () => this.#processes(boot, now, hostTicks)) ?? [];
    return [{ resource: this.#resource, metrics }, ...processes];
  }

  #cpuMetrics(
    cpus: readonly { cpu: number; ticks: CpuTicks }[],
    total: CpuTicks | undefined,
    boot: bigint,
    now: bigint,
  ): Metric[] {
    const times = cpus.flatMap(({ cpu, ticks }) =>
      CPU_MODES.map((mode) =>
        point({ "cpu.mode": mode, "cpu.logical_number": cpu }, ticks[mode] / TICKS_PER_SECOND, boot, now),
      ),
    );
    const metrics = [
      counter("system.cpu.time", "s", "Seconds each logical CPU spent in each mode", times),
      upDownCounter("system.cpu.logical.count", "{cpu}", "Online logical CPUs", [point({}, cpus.length, boot, now)]),
    ];
    const previous = this.#previousCpu;
    if (total !== undefined) this.#previousCpu = { time: now, total };
    // Utilization is the share of the CPU time that passed since the previous collect, so the
    // first collect has none.
    const elapsed = previous === undefined || total === undefined ? 0 : totalTicks(total) - totalTicks(previous.total);
    if (previous !== undefined && total !== undefined && elapsed > 0) {
      const shares = CPU_MODES.map((mode) =>
        point({ "cpu.mode": mode }, Math.max(0, total[mode] - previous.total[mode]) / elapsed, previous.time, now),
      );
      metrics.push(gauge("system.cpu.utilization", "1", "Share of all CPUs' time spent in each mode", shares));
    }
    return metrics;
  }

  #memoryMetrics(boot: bigint, now: bigint): Metric[] {
    const memory = parseMeminfo(this.#read("meminfo") ?? "");
    if (memory === undefined) return [];
    const states = { used: memory.used, free: memory.free, cached: memory.cached, buffers: memory.buffers };
    const usage = Object.entries(states).map(([state, bytes]) =>
      point({ "system.memory.state": state }, bytes, boot, now),
    );
    return [
      // The states overlap (cached and buffers are partly available), so they do not add up to the limit.
      upDownCounter("system.memory.usage", "By", "Memory by state; used = MemTotal - MemAvailable", usage),
      upDownCounter("system.memory.limit", "By", "Total memory (MemTotal)", [point({}, memory.total, boot, now)]),
      gauge("system.memory.utilization", "1", "Share of memory used (MemTotal - MemAvailable)", [
        point({ "system.memory.state": "used" }, memory.used / memory.total, now, now),
      ]),
    ];
  }

  #diskMetrics(boot: bigint, now: bigint): Metric[] {
    const disks = parseDiskstats(this.#read("diskstats") ?? "");
    if (disks.length === 0) return [];
    const at = (attributes: Attributes, value: number) => point(attributes, value, boot, now);
    const io: NumberPoint[] = [];
    const operations: NumberPoint[] = [];
    const busy: NumberPoint[] = [];
    for (const d of disks) {
      const read = { "system.device": d.device, "disk.io.direction": "read" };
      const write = { "system.device": d.device, "disk.io.direction": "write" };
      io.push(at(read, d.readBytes), at(write, d.writtenBytes));
      operations.push(at(read, d.reads), at(write, d.writes));
      busy.push(at({ "system.device": d.device }, d.ioMs / 1000));
    }
    return [
      counter("system.disk.io", "By", "Bytes read from and written to each disk", io),
      counter("system.disk.operations", "{operation}", "Reads and writes completed by each disk", operations),
      counter("system.disk.io_time", "s", "Time each disk had I/O in flight", busy),
    ];
  }

  #networkMetrics(boot: bigint, now: bigint): Metric[] {
    const interfaces = parseNetDev(this.#read("net/dev") ?? "");
    if (interfaces.length === 0) return [];
    const series = (pick: (d: { bytes: number; packets: number; errors: number }) => number) =>
      interfaces.flatMap((i) => [
        point({ "network.interface.name": i.name, "network.io.direction": "receive" }, pick(i.receive), boot, now),
        point({ "network.interface.name": i.name, "network.io.direction": "transmit" }, pick(i.transmit), boot, now),
      ]);
    return [
      counter(
        "system.network.io",
        "By",
        "Bytes received and sent per interface",
        series((d) => d.bytes),
      ),
      counter(
        "system.network.packets",
        "{packet}",
        "Packets received and sent per interface",
        series((d) => d.packets),
      ),
      counter(
        "system.network.errors",
        "{error}",
        "Receive and transmit errors per interface",
        series((d) => d.errors),
      ),
    ];
  }

  #filesystemMetrics(boot: bigint, now: bigint): Metric[] {
    const usage: NumberPoint[] = [];
    const utilization: NumberPoint[] = [];
    for (const mount of parseMounts(this.#read("mounts") ?? "")) {
      const space = filesystemSpace(mount.mountpoint, this.#statfs);
      if (space === undefined) continue;
      const attributes = {
        "system.device": mount.device,
        "system.filesystem.mountpoint": mount.mountpoint,
        "system.filesystem.type": mount.type,
        "system.filesystem.mode": mount.mode,
      };
      for (const state of ["used", "free", "reserved"] as const) {
        usage.push(point({ ...attributes, "system.filesystem.state": state }, space[state], boot, now));
      }
      // As df's Use%: of the space a user can have, the share taken; 1 is when writes start failing.
      const usable = space.used + space.free;
      if (usable > 0) utilization.push(point(attributes, space.used / usable, now, now));
    }
    if (usage.length === 0) return [];
    return [
      upDownCounter("system.filesystem.usage", "By", "Filesystem space by state", usage),
      gauge("system.filesystem.utilization", "1", "Share of the usable space in use (as df)", utilization),
    ];
  }

  #processes(boot: bigint, now: bigint, hostTicks: number | undefined): ResourceMetrics[] {
    const stats = readProcessStats(this.#procRoot);
    const previous = this.#previousProcesses;
    this.#previousProcesses = { time: now, hostTicks, stats: new Map(stats.map((s) => [s.pid, s])) };
    const chosen = selectProcesses(stats, previous?.stats ?? new Map(), this.#selection);
    // Processes' CPU time as a share of all CPUs' capacity in the interval, as OpenTelemetry
    // defines process.cpu.utilization: a process keeping one core of two busy is at 0.5. The
    // interval is measured in the kernel's own ticks (all CPUs' /proc/stat total), not wall time.
    const elapsed = previous?.hostTicks === undefined || hostTicks === undefined ? 0 : hostTicks - previous.hostTicks;
    const resources: ResourceMetrics[] = [];
    for (const stat of chosen) {
      const metrics = this.#part("process", () => {
        const before = previous?.stats.get(stat.pid);
        const window =
          before !== undefined && before.startTicks === stat.startTicks && elapsed > 0 && previous !== undefined
            ? { before, elapsed, since: previous.time }
            : undefined;
        return this.#processMetrics(stat, window, boot, now);
      });
      const identity =
        metrics === undefined ? undefined : this.#part("identity", () => this.#identities.get(stat.pid, stat));
      if (identity !== undefined && metrics !== undefined) resources.push({ resource: identity.resource, metrics });
    }
    return resources;
  }

  #processMetrics(
    stat: ProcStat,
    window: { before: ProcStat; elapsed: number; since: bigint } | undefined,
    boot: bigint,
    now: bigint,
  ): Metric[] {
    const start = boot + BigInt(stat.startTicks) * NANOS_PER_TICK;
    const user = { "cpu.mode": "user" };
    const system = { "cpu.mode": "system" };
    const metrics = [
      counter("process.cpu.time", "s", "CPU seconds the process used, by mode", [
        point(user, stat.userTicks / TICKS_PER_SECOND, start, now),
        point(system, stat.systemTicks / TICKS_PER_SECOND, start, now),
      ]),
    ];
    if (window !== undefined) {
      const share = (ticks: number, before: number) => Math.max(0, ticks - before) / window.elapsed;
      metrics.push(
        gauge("process.cpu.utilization", "1", "Share of all CPUs' capacity the process used, by mode", [
          point(user, share(stat.userTicks, window.before.userTicks), window.since, now),
          point(system, share(stat.systemTicks, window.before.systemTicks), window.since, now),
        ]),
      );
    }
    const resident = parseResidentBytes(this.#read(`${stat.pid}/status`) ?? "");
    if (resident !== undefined) {
      metrics.push(
        upDownCounter("process.memory.usage", "By", "Resident memory (RSS)", [point({}, resident, start, now)]),
      );
    }
    metrics.push(
      upDownCounter("process.memory.virtual", "By", "Virtual memory size", [point({}, stat.virtualBytes, start, now)]),
      upDownCounter("process.thread.count", "{thread}", "Threads of the process", [
        point({}, stat.threads, start, now),
      ]),
    );
    return metrics;
  }

  #read(file: string): string | undefined {
    return readText(`${this.#procRoot}/${file}`);
  }

  #part<T>(name: string, run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      this.#onError(name, error);
      return undefined;
    }
  }
}
