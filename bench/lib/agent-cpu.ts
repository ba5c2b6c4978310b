// CPU time from /proc for `npm run bench:agent`. Per process: the kernel's runtime counter of
// each thread (/proc/<pid>/task/<tid>/schedstat, nanoseconds), summed over the process's threads
// and its descendants — /proc/<pid>/stat's utime+stime count in 10 ms ticks, too coarse for an
// agent that uses a few per cent of a core over a 10 s round. Per CPU: /proc/stat's ticks, to
// tell how busy each core was (softirq included). Other work: every thread on the machine.
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc/stat counts in 1/100 s on Linux. */
const TICK_NS = 10_000_000;

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the task ended while we looked
  }
};

/** Threads of a process. */
const tasks = (pid: number): string[] => {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
};

/** The process and every process below it. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (read(`/proc/${at}/stat`) === undefined) continue;
    out.push(at);
    for (const tid of tasks(at))
      for (const child of (read(`/proc/${at}/task/${tid}/children`) ?? "").split(" "))
        if (child.trim() !== "") queue.push(Number(child));
  }
  return out;
}

/** CPU time so far of one process (all its live threads), in ns. */
export function processCpuNs(pid: number): number {
  let ns = 0;
  for (const tid of tasks(pid)) ns += Number((read(`/proc/${pid}/task/${tid}/schedstat`) ?? "0").split(" ")[0]);
  return ns;
}

/** CPU time so far of a process's main thread alone (its JavaScript, for node), in ns. */
export function mainThreadCpuNs(pid: number): number {
  return Number((read(`/proc/${pid}/task/${pid}/schedstat`) ?? "0").split(" ")[0]);
}

export function processName(pid: number): string {
  return (read(`/proc/${pid}/comm`) ?? "?").trim();
}

/** CPU time so far of every process of a tree, by pid. */
export function treeCpuNs(root: number): Map<number, number> {
  return new Map(processTree(root).map((pid) => [pid, processCpuNs(pid)]));
}

/** CPU time so far of every thread on the machine, by thread id, with its process. */
export type MachineSample = Map<number, { pid: number; ns: number }>;

export function sampleMachine(): MachineSample {
  const out: MachineSample = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    for (const tid of tasks(pid)) {
      const ns = Number((read(`/proc/${pid}/task/${tid}/schedstat`) ?? "0").split(" ")[0]);
      out.set(Number(tid), { pid, ns });
    }
  }
  return out;
}

/**
 * CPU time between two samples of the processes that are not `ours`, and the busiest of them
 * ("comm pid"); work that started and ended between the samples is not seen.
 */
export function otherCpuNs(before: MachineSample, after: MachineSample, ours: ReadonlySet<number>) {
  const byPid = new Map<number, number>();
  for (const [tid, a] of after) {
    if (ours.has(a.pid)) continue;
    const delta = a.ns - (before.get(tid)?.ns ?? 0);
    if (delta > 0) byPid.set(a.pid, (byPid.get(a.pid) ?? 0) + delta);
  }
  let total = 0;
  let busiest: [number, number] = [0, 0];
  for (const [pid, ns] of byPid) {
    total += ns;
    if (ns > busiest[1]) busiest = [pid, ns];
  }
  return { ns: total, busiest: busiest[0] ? `${processName(busiest[0])} ${busiest[0]}` : "" };
}

/** Per-CPU busy time (user + nice + system + irq + softirq) from /proc/stat, by CPU number. */
export function coreBusyNs(): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of (read("/proc/stat") ?? "").split("\n")) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const [user, nice, system, , , irq, softirq] = m[2]!.trim().split(/\s+/).map(Number) as number[];
    out.set(Number(m[1]), (user! + nice! + system! + irq! + softirq!) * TICK_NS);
  }
  return out;
}

/**
 * CPU time of this process's children that have ended and been waited for (cutime + cstime of
 * /proc/self/stat): how a short-lived child such as wrk is measured once it exits.
 */
export function endedChildrenCpuNs(): number {
  const stat = read("/proc/self/stat") ?? "";
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of stat(5); the slice starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) * TICK_NS;
}

export function loadAverage(): string {
  return (read("/proc/loadavg") ?? "").split(" ").slice(0, 3).join(" ");
}
