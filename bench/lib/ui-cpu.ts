// CPU time spent by each part of the stack while a view loads, from /proc: the api's process
// tree, the Next.js server's, and Chromium's processes (children of this process) by type. On
// two shared cores, this says whose work the page's time is.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

export type CpuSample = Map<number, { group: string; ms: number }>;

function readProcs(): Map<number, { ppid: number; ms: number }> {
  const procs = new Map<number, { ppid: number; ms: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(entry), { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // the process ended while we read
    }
  }
  return procs;
}

function chromiumType(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1];
    return type === "renderer" ? "renderer" : type === "gpu-process" ? "gpu" : "other";
  } catch {
    return "other";
  }
}

/** CPU so far of every process under `roots` (group name by root pid) or under this process (Chromium). */
export function sampleCpu(roots: Record<string, number>): CpuSample {
  const procs = readProcs();
  const byPid = new Map(Object.entries(roots).map(([name, pid]) => [pid, name]));
  const sample: CpuSample = new Map();
  for (const [pid, p] of procs) {
    let group: string | undefined;
    for (let at = pid, hops = 0; at > 1 && hops < 64 && !group; at = procs.get(at)?.ppid ?? 0, hops++) {
      group = byPid.get(at);
      if (!group && at === process.pid && pid !== process.pid) group = `chromium ${chromiumType(pid)}`;
    }
    if (group) sample.set(pid, { group, ms: p.ms });
  }
  return sample;
}

/** CPU ms per group between two samples; processes that ended in between are left out. */
export function cpuBetween(before: CpuSample, after: CpuSample): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, a] of after) out[a.group] = (out[a.group] ?? 0) + a.ms - (before.get(pid)?.ms ?? 0);
  return out;
}
