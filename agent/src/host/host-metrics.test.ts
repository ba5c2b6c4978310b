// HostMetrics over a fake /proc: which metrics, with which attributes and values, across collects.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProcessIdentities } from "../process/cache.ts";
import { type FakeProc, type FakeProcess, fakeProc } from "../process/fixtures/fake-proc.ts";
import type { AttributeValue, Metric, ResourceMetrics } from "../telemetry/model.ts";
import { HostMetrics, type HostMetricsOptions } from "./host-metrics.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const SECOND = 1_000_000_000n;
const BOOT = 1_700_000_000n * SECOND;
const T1 = BOOT + 3600n * SECOND;
const T2 = T1 + 10n * SECOND;

let proc: FakeProc;
beforeEach(() => {
  proc = fakeProc();
  proc.write("meminfo", fixture("meminfo.txt"));
  proc.write("diskstats", fixture("diskstats.txt"));
  proc.write("net/dev", fixture("net-dev.txt"));
  proc.write("mounts", "/dev/vda / ext4 rw,relatime 0 0\ntmpfs /run tmpfs rw 0 0\n");
  writeCpu({ user: 1000, system: 500, idle: 8000 });
});
afterEach(() => proc.cleanup());

/** /proc/stat with two CPUs sharing the given aggregate ticks evenly. */
function writeCpu(t: { user: number; system: number; idle: number }) {
  const line = (label: string, d: number) => `${label} ${t.user / d} 0 ${t.system / d} ${t.idle / d} 0 0 0 0 0 0`;
  proc.write("stat", `${line("cpu ", 1)}\n${line("cpu0", 2)}\n${line("cpu1", 2)}\nbtime ${BOOT / SECOND}\n`);
}

function collector(options: HostMetricsOptions = {}) {
  const identities = new ProcessIdentities({ procRoot: proc.root, hostName: "box", userName: () => "root" });
  const statfs = () => ({ bsize: 4096, blocks: 1000, bfree: 300, bavail: 250 });
  return new HostMetrics({ procRoot: proc.root, hostName: "box", identities, statfs, ...options });
}

const metric = (rm: ResourceMetrics | undefined, name: string): Metric | undefined =>
  rm?.metrics.find((m) => m.name === name);
const values = (m: Metric | undefined): Record<string, AttributeValue>[] =>
  m?.type === "histogram" || m === undefined ? [] : m.points.map((p) => ({ ...p.attributes, value: p.value }));
const processOf = (all: ResourceMetrics[], pid: number) => all.find((rm) => rm.resource["process.pid"] === pid);

const busy: FakeProcess = {
  pid: 100,
  comm: "node",
  argv: ["node", "/srv/checkout/index.js"],
  startTicks: 360_000, // one hour after boot
  userTicks: 5000,
  systemTicks: 1000,
  threads: 11,
  virtualBytes: 1_234_567_890,
  residentKb: 51_200,
};

describe("HostMetrics: host", () => {
  it("puts host metrics under the agent's resource", () => {
    const [host] = collector().collect(T1);
    expect(host?.resource).toEqual({
      "service.name": "tracelight-agent",
      "host.name": "box",
      "os.type": "linux",
      "host.arch": expect.any(String),
    });
  });

  it("reports CPU time per logical CPU and mode since boot, and utilization from the second collect", () => {
    const metrics = collector();
    const [first] = metrics.collect(T1);
    const time = metric(first, "system.cpu.time");
    expect(time).toMatchObject({ type: "sum", monotonic: true, temporality: "cumulative", unit: "s" });
    expect(values(time)).toContainEqual({ "cpu.mode": "user", "cpu.logical_number": 1, value: 5 });
    expect(values(time)).toContainEqual({ "cpu.mode": "idle", "cpu.logical_number": 0, value: 40 });
    expect(values(time)).toHaveLength(2 * 8);
    if (time?.type === "sum") expect(time.points[0]).toMatchObject({ startTimeUnixNano: BOOT, timeUnixNano: T1 });
    expect(metric(first, "system.cpu.utilization")).toBeUndefined();
    expect(values(metric(first, "system.cpu.logical.count"))).toEqual([{ value: 2 }]);

    writeCpu({ user: 1150, system: 550, idle: 8800 }); // +1000 ticks: 150 user, 50 system, 800 idle
    const [second] = metrics.collect(T2);
    const utilization = metric(second, "system.cpu.utilization");
    expect(utilization).toMatchObject({ type: "gauge", unit: "1" });
    expect(values(utilization)).toEqual([
      { "cpu.mode": "user", value: 0.15 },
      { "cpu.mode": "nice", value: 0 },
      { "cpu.mode": "system", value: 0.05 },
      { "cpu.mode": "idle", value: 0.8 },
      { "cpu.mode": "iowait", value: 0 },
      { "cpu.mode": "interrupt", value: 0 },
      { "cpu.mode": "softirq", value: 0 },
      { "cpu.mode": "steal", value: 0 },
    ]);
    if (utilization?.type === "gauge")
      expect(utilization.points[0]).toMatchObject({ startTimeUnixNano: T1, timeUnixNano: T2 });
  });

  it("reports memory by state, its limit and the used share", () => {
    const [host] = collector().collect(T1);
    expect(metric(host, "system.memory.usage")).toMatchObject({ type: "sum", monotonic: false, unit: "By" });
    expect(values(metric(host, "system.memory.usage"))).toEqual([
      { "system.memory.state": "used", value: 1250885632 },
      { "system.memory.state": "free", value: 22444916736 },
      { "system.memory.state": "cached", value: 1560952832 },
      { "system.memory.state": "buffers", value: 87429120 },
    ]);
    expect(values(metric(host, "system.memory.limit"))).toEqual([{ value: 25276071936 }]);
    expect(values(metric(host, "system.memory.utilization"))).toEqual([
      { "system.memory.state": "used", value: 1250885632 / 25276071936 },
    ]);
  });

  it("reports disk I/O, operations and busy time per whole disk", () => {
    const [host] = collector().collect(T1);
    expect(metric(host, "system.disk.io")).toMatchObject({ type: "sum", monotonic: true, unit: "By" });
    expect(values(metric(host, "system.disk.io")).slice(0, 2)).toEqual([
      { "system.device": "vda", "disk.io.direction": "read", value: 843342848 },
      { "system.device": "vda", "disk.io.direction": "write", value: 4122329088 },
    ]);
    expect(values(metric(host, "system.disk.operations"))).toContainEqual({
      "system.device": "nvme0n1",
      "disk.io.direction": "write",
      value: 537213,
    });
    expect(metric(host, "system.disk.operations")?.unit).toBe("{operation}");
    expect(values(metric(host, "system.disk.io_time"))).toContainEqual({ "system.device": "sda", value: 1.008 });
    expect(new Set(values(metric(host, "system.disk.io")).map((v) => v["system.device"]))).toEqual(
      new Set(["vda", "nvme0n1", "sda", "dm-0"]),
    );
  });

  it("reports network bytes, packets and errors per interface and direction", () => {
    const [host] = collector().collect(T1);
    expect(metric(host, "system.network.io")).toMatchObject({ type: "sum", monotonic: true, unit: "By" });
    expect(values(metric(host, "system.network.io"))).toContainEqual({
      "network.interface.name": "lo",
      "network.io.direction": "receive",
      value: 1234326430,
    });
    expect(values(metric(host, "system.network.packets"))).toContainEqual({
      "network.interface.name": "eth0",
      "network.io.direction": "transmit",
      value: 9925,
    });
    expect(values(metric(host, "system.network.errors"))).toContainEqual({
      "network.interface.name": "wlp2s0",
      "network.io.direction": "receive",
      value: 7,
    });
  });

  it("reports filesystem space by state and the used share, for disk filesystems only", () => {
    const [host] = collector().collect(T1);
    const where = {
      "system.device": "/dev/vda",
      "system.filesystem.mountpoint": "/",
      "system.filesystem.type": "ext4",
      "system.filesystem.mode": "rw",
    };
    expect(values(metric(host, "system.filesystem.usage"))).toEqual([
      { ...where, "system.filesystem.state": "used", value: 700 * 4096 },
      { ...where, "system.filesystem.state": "free", value: 250 * 4096 },
      { ...where, "system.filesystem.state": "reserved", value: 50 * 4096 },
    ]);
    expect(values(metric(host, "system.filesystem.utilization"))).toEqual([{ ...where, value: 700 / 950 }]);
  });
});

describe("HostMetrics: processes", () => {
  it("reports a process's CPU time since its start, memory and threads under its own resource", () => {
    proc.add(busy);
    const [, node] = collector().collect(T1);
    expect(node?.resource).toMatchObject({ "service.name": "checkout", "process.pid": 100, "host.name": "box" });
    const start = BOOT + 3600n * SECOND;
    const cpu = metric(node, "process.cpu.time");
    expect(cpu).toMatchObject({ type: "sum", monotonic: true, temporality: "cumulative", unit: "s" });
    if (cpu?.type === "sum") expect(cpu.points[0]).toMatchObject({ startTimeUnixNano: start, timeUnixNano: T1 });
    expect(values(cpu)).toEqual([
      { "cpu.mode": "user", value: 50 },
      { "cpu.mode": "system", value: 10 },
    ]);
    expect(metric(node, "process.cpu.utilization")).toBeUndefined();
    expect(metric(node, "process.memory.usage")).toMatchObject({ type: "sum", monotonic: false, unit: "By" });
    expect(values(metric(node, "process.memory.usage"))).toEqual([{ value: 51_200 * 1024 }]);
    expect(values(metric(node, "process.memory.virtual"))).toEqual([{ value: 1_234_567_890 }]);
    expect(values(metric(node, "process.thread.count"))).toEqual([{ value: 11 }]);
  });

  it("reports a process's CPU utilization as its share of all CPUs in the interval", () => {
    proc.add(busy);
    const metrics = collector();
    metrics.collect(T1);
    writeCpu({ user: 1150, system: 550, idle: 8300 }); // 500 ticks of two CPUs passed
    proc.add({ ...busy, userTicks: 5200, systemTicks: 1050 }); // the process used 200 + 50 of them
    const node = processOf(metrics.collect(T2), 100);
    const utilization = metric(node, "process.cpu.utilization");
    expect(values(utilization)).toEqual([
      { "cpu.mode": "user", value: 0.4 },
      { "cpu.mode": "system", value: 0.1 },
    ]);
    if (utilization?.type === "gauge") expect(utilization.points[0]).toMatchObject({ startTimeUnixNano: T1 });
  });

  it("has no utilization for a pid that is a new process since the previous collect", () => {
    proc.add(busy);
    const metrics = collector();
    metrics.collect(T1);
    writeCpu({ user: 1150, system: 550, idle: 8300 });
    proc.add({ ...busy, startTicks: 999_999, argv: ["node", "other.js"] });
    const node = processOf(metrics.collect(T2), 100);
    expect(node?.resource["service.name"]).toBe("other");
    expect(metric(node, "process.cpu.utilization")).toBeUndefined();
  });

  it("selects the busiest processes since the previous collect, never kernel threads", () => {
    proc.add({ pid: 2, comm: "kworker/0:0", kernelThread: true, systemTicks: 99_999 });
    for (let i = 0; i < 5; i++) proc.add({ pid: 10 + i, comm: `p${i}`, userTicks: 100 * (i + 1) });
    proc.add({ pid: 20, comm: "idle", userTicks: 0 });
    const metrics = collector({ selection: { topByCpu: 3 } });
    const pids = (all: ResourceMetrics[]) => all.slice(1).map((rm) => rm.resource["process.pid"]);
    expect(pids(metrics.collect(T1))).toEqual([12, 13, 14]); // by CPU time since start at first
    proc.add({ pid: 10, comm: "p0", userTicks: 100 + 5000 });
    expect(pids(metrics.collect(T2))).toEqual([10]); // then by CPU time since the previous collect
  });

  it("leaves hidden processes out of the busiest, unless the caller names them", () => {
    for (let i = 0; i < 4; i++) proc.add({ pid: 10 + i, comm: `p${i}`, userTicks: 100 * (i + 1) });
    const hideFromTop = (stat: { pid: number }) => stat.pid === 13 || stat.pid === 12;
    const pids = (all: ResourceMetrics[]) => all.slice(1).map((rm) => rm.resource["process.pid"]);
    expect(pids(collector({ selection: { topByCpu: 2, hideFromTop } }).collect(T1))).toEqual([10, 11]);
    const named = collector({ selection: { topByCpu: 1, hideFromTop, pids: () => [13] } });
    expect(pids(named.collect(T1))).toEqual([11, 13]);
  });

  it("reports Tracelight's own processes under the service tracelight, each with its component", () => {
    const marked = (pid: number, component: string, argv: string[]): FakeProcess => ({
      ...busy,
      pid,
      argv,
      env: { TRACELIGHT_COMPONENT: component, OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" },
    });
    proc.add(marked(100, "api", ["node", "--import", "tsx", "apps/api/src/main.ts"]));
    // tsx's esbuild, a child of the api, inherits its marker.
    const esbuild = "/srv/node_modules/@esbuild/linux-x64/bin/esbuild";
    proc.add({ ...marked(101, "api", [esbuild, "--service=0.25.0"]), comm: "esbuild", exe: esbuild });
    proc.add(marked(102, "start", ["node", "--import", "tsx", "scripts/start.ts"]));
    const all = collector().collect(T1);
    const own = [100, 101, 102].map((pid) => processOf(all, pid)?.resource);
    expect(own.map((r) => [r?.["service.name"], r?.["tracelight.component"]])).toEqual([
      ["tracelight", "api"],
      ["tracelight", "api"],
      ["tracelight", "start"],
    ]);
    expect(own[1]).toMatchObject({ "process.pid": 101, "process.executable.name": "esbuild", "host.name": "box" });
    expect(values(metric(processOf(all, 102), "process.thread.count"))).toEqual([{ value: 11 }]);

    const traceSelf = new ProcessIdentities({ procRoot: proc.root, hostName: "box", roles: { traceSelf: true } });
    const traced = collector({ identities: traceSelf }).collect(T1);
    expect(processOf(traced, 100)?.resource["service.name"]).toBe("api");
    expect(processOf(traced, 102)?.resource).not.toHaveProperty("tracelight.component");
  });

  it("leaves busy browsers and shells out of the busiest, but reports one the caller names (it serves HTTP)", () => {
    proc.add({ pid: 10, comm: "chromium", exe: "/usr/lib/chromium/chromium", userTicks: 9000 });
    proc.add({ pid: 11, comm: "bash", argv: ["-bash"], exe: "/usr/bin/bash", userTicks: 8000 });
    proc.add({ pid: 12, comm: "postgres", exe: "/usr/lib/postgresql/16/bin/postgres", userTicks: 10 });
    const pids = (all: ResourceMetrics[]) => all.slice(1).map((rm) => rm.resource["process.pid"]);
    expect(pids(collector().collect(T1))).toEqual([12]);
    expect(pids(collector({ selection: { pids: () => [11] } }).collect(T1))).toEqual([11, 12]);
  });

  it("adds the processes the caller names and those matching include, and drops those matching exclude", () => {
    for (const [pid, comm] of [
      [10, "postgres"],
      [11, "redis-server"],
      [12, "sshd"],
      [13, "chrome"],
    ] as const) {
      proc.add({ pid, comm, userTicks: pid === 13 ? 9000 : 0 });
    }
    const selection = { pids: () => [12, 999], include: /^postgres$/, exclude: /^(chrome|sshd)$/g };
    const all = collector({ selection }).collect(T1);
    expect(all.slice(1).map((rm) => rm.resource["process.pid"])).toEqual([10]);
    const kept = collector({ selection: { pids: () => new Set([11, 12]), topByCpu: 0 } }).collect(T1);
    expect(kept.slice(1).map((rm) => rm.resource["process.pid"])).toEqual([11, 12]);
  });
});

describe("HostMetrics: robustness", () => {
  it("collects what it can from an empty or garbled /proc, and never throws", () => {
    const empty = fakeProc();
    try {
      const errors: string[] = [];
      const [host, ...rest] = new HostMetrics({ procRoot: empty.root, onError: (part) => errors.push(part) }).collect(
        T1,
      );
      expect(host?.metrics).toEqual([]);
      expect(rest).toEqual([]);
      expect(errors).toEqual([]);
      empty.write("stat", "cpu garbage\nbtime x\n");
      empty.write("meminfo", "MemTotal: lots\n");
      empty.write("diskstats", "\0\0\0");
      empty.write("net/dev", "a\nb\nc: d e f\n");
      empty.write("mounts", "/dev/sda /nonexistent-mountpoint ext4 rw 0 0\n");
      empty.write("5/stat", "5 (half");
      expect(new HostMetrics({ procRoot: empty.root }).collect(T1)[0]?.metrics).toEqual([]);
    } finally {
      empty.cleanup();
    }
  });

  it("keeps going when a pid source, statfs or an identity fails", () => {
    proc.add(busy);
    const errors: string[] = [];
    const identities = new ProcessIdentities({ procRoot: proc.root });
    identities.get = () => {
      throw new Error("boom");
    };
    const failing = collector({
      identities,
      statfs: () => {
        throw new Error("EIO");
      },
      selection: {
        pids: () => {
          throw new Error("gone");
        },
      },
      onError: (part) => errors.push(part),
    });
    const [host, ...processes] = failing.collect(T1);
    expect(metric(host, "system.cpu.time")).toBeDefined();
    expect(metric(host, "system.filesystem.usage")).toBeUndefined();
    expect(processes).toEqual([]);
    expect(errors).toEqual(["identity"]);
  });

  it("skips a process that exits between the scan and reading its identity", () => {
    proc.add(busy);
    const identities = new ProcessIdentities({ procRoot: proc.root });
    const get = identities.get.bind(identities);
    identities.get = (pid, stat) => {
      proc.remove(pid);
      return get(pid, stat);
    };
    expect(collector({ identities }).collect(T1)).toHaveLength(1);
  });
});
