// Keeps both cores busy in every round of `npm run bench:agent`: one spinner per core at
// SCHED_IDLE, which runs only when nothing else wants that core. On this VM a core is much
// slower while the other one is busy (a busy loop on the load core took the application from
// 13 to 23 µs of CPU per request, flat out): without the spinners, the agent's mere CPU use on
// the load core would be counted as a cost to the application, and rounds would differ by how
// idle the load core happened to be. With them, every side runs on equally busy cores.
import { type ChildProcess, spawn } from "node:child_process";
import { processCpuNs } from "./agent-cpu.ts";

// Spins; checks now and then that the benchmark still runs, so a killed benchmark leaves none.
const SPIN =
  "const p = process.ppid; for (;;) { for (let i = 0; i < 5e7; i++); if (process.ppid !== p) process.exit(0); }";

export interface Ballast {
  pids: number[];
  /** CPU time so far of the spinner on `cpu`. */
  cpuNs(cpu: number): number;
  stop(): void;
}

export function startBallast(cpus: readonly number[]): Ballast {
  const children = new Map<number, ChildProcess>();
  for (const cpu of cpus)
    children.set(
      cpu,
      spawn("taskset", ["-c", String(cpu), "chrt", "-i", "0", process.execPath, "-e", SPIN], { stdio: "ignore" }),
    );
  const stop = () => {
    for (const child of children.values()) child.kill("SIGKILL");
  };
  process.once("exit", stop);
  return {
    pids: [...children.values()].map((c) => c.pid!),
    cpuNs: (cpu) => {
      const child = children.get(cpu);
      return child ? processCpuNs(child.pid!) : 0;
    },
    stop,
  };
}
