// HostMetrics against this machine's real /proc (Linux only), with a real busy child process.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Metric, ResourceMetrics } from "../telemetry/model.ts";
import { parseMounts } from "./filesystem.ts";
import { HostMetrics } from "./host-metrics.ts";

const nowNanos = () => BigInt(Date.now()) * 1_000_000n;
const metric = (rm: ResourceMetrics | undefined, name: string): Metric | undefined =>
  rm?.metrics.find((m) => m.name === name);
/** Sum of a metric's points, optionally only those whose attributes match. */
const total = (m: Metric | undefined, where: Record<string, string> = {}) =>
  m === undefined || m.type === "histogram"
    ? Number.NaN
    : m.points
        .filter((p) => Object.entries(where).every(([k, v]) => p.attributes[k] === v))
        .reduce((sum, p) => sum + p.value, 0);

describe("HostMetrics on the real /proc", () => {
  let child: ChildProcess;
  let pid: number;

  beforeAll(async () => {
    child = spawn(process.execPath, ["-e", "console.log('spinning'); for (;;) {}"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await once(child.stdout!, "data");
    pid = child.pid!;
  });

  afterAll(() => {
    child.kill("SIGKILL");
  });

  it("sees a busy child's CPU time grow by about the elapsed time", async () => {
    const collector = new HostMetrics({ selection: { pids: () => [pid] } });
    const first = collector.collect(nowNanos());
    await sleep(1000);
    const second = collector.collect(nowNanos());

    const child1 = first.find((rm) => rm.resource["process.pid"] === pid);
    const child2 = second.find((rm) => rm.resource["process.pid"] === pid);
    expect(child2?.resource).toMatchObject({ "process.executable.path": process.execPath, "service.name": "node" });
    const grew = total(metric(child2, "process.cpu.time")) - total(metric(child1, "process.cpu.time"));
    expect(grew).toBeGreaterThan(0.5);
    expect(grew).toBeLessThan(1.2);

    const cpus = total(metric(second[0], "system.cpu.logical.count"));
    expect(cpus).toBeGreaterThanOrEqual(1);
    expect(total(metric(child2, "process.cpu.utilization"))).toBeGreaterThan(0.3 / cpus);
    expect(total(metric(child2, "process.cpu.utilization"))).toBeLessThanOrEqual(1.01 / cpus + 0.05);
    expect(total(metric(child2, "process.memory.usage"))).toBeGreaterThan(1_000_000);
    expect(total(metric(child2, "process.thread.count"))).toBeGreaterThanOrEqual(1);

    const hostGrew = total(metric(second[0], "system.cpu.time")) - total(metric(first[0], "system.cpu.time"));
    expect(hostGrew).toBeGreaterThan(0.5 * cpus);
    expect(total(metric(second[0], "system.cpu.time"), { "cpu.mode": "user" })).toBeGreaterThan(
      total(metric(first[0], "system.cpu.time"), { "cpu.mode": "user" }),
    );
    const busy =
      total(metric(second[0], "system.cpu.utilization")) -
      total(metric(second[0], "system.cpu.utilization"), { "cpu.mode": "idle" });
    expect(busy).toBeGreaterThan(0.3 / cpus);
    expect(total(metric(second[0], "system.cpu.utilization"))).toBeCloseTo(1, 6);
  });

  it("finds the busy child among the busiest processes without being told its pid", async () => {
    const collector = new HostMetrics();
    collector.collect(nowNanos());
    await sleep(300);
    const pids = collector.collect(nowNanos()).map((rm) => rm.resource["process.pid"]);
    expect(pids).toContain(pid);
  });

  it("reports this machine's memory, network and root filesystem", () => {
    const [host] = new HostMetrics().collect(nowNanos());
    expect(total(metric(host, "system.memory.limit"))).toBeGreaterThan(0);
    expect(total(metric(host, "system.memory.utilization"))).toBeGreaterThan(0);
    expect(total(metric(host, "system.network.io"), { "network.interface.name": "lo" })).toBeGreaterThanOrEqual(0);
    // Only disk filesystems count: in a container whose / is an overlay there may be none.
    const disks = parseMounts(readFileSync("/proc/mounts", "utf8")).map((m) => m.mountpoint);
    const usage = metric(host, "system.filesystem.usage");
    const reported = usage?.type === "sum" ? usage.points.map((p) => p.attributes["system.filesystem.mountpoint"]) : [];
    expect(new Set(reported)).toEqual(new Set(disks));
  });
});
