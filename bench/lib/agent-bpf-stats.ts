// The BPF programs' own run time (kernel.bpf_stats_enabled, read with bpftool), for the
// diagnostic round of `npm run bench:agent`: how much of the application's extra CPU per
// request is the probes running inside its syscalls. The stats cost two clock reads per
// program run themselves, so they are on only in that round, never in the measured ones.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const SYSCTL = "/proc/sys/kernel/bpf_stats_enabled";

interface ProgInfo {
  id: number;
  name?: string;
  run_time_ns?: number;
  run_cnt?: number;
}

export interface ProgramCost {
  name: string;
  runs: number;
  ns: number;
}

const programs = (): ProgInfo[] =>
  JSON.parse(execFileSync("bpftool", ["prog", "show", "--json"], { encoding: "utf8" })) as ProgInfo[];

/** Turns the stats on and remembers which programs were already loaded (they are not ours). */
export function startBpfStats(): { finish(): ProgramCost[]; restore(): void } | undefined {
  let before: string;
  let known: Set<number>;
  try {
    before = readFileSync(SYSCTL, "utf8").trim();
    known = new Set(programs().map((p) => p.id));
    writeFileSync(SYSCTL, "1");
  } catch {
    return undefined; // no bpftool, or not allowed: the round runs without these figures
  }
  const restore = () => writeFileSync(SYSCTL, before);
  return {
    restore,
    /** Run time per program loaded since start (the loader's), largest first. */
    finish() {
      const byName = new Map<string, ProgramCost>();
      for (const p of programs()) {
        if (known.has(p.id)) continue;
        const name = p.name ?? `#${p.id}`;
        const cost = byName.get(name) ?? { name, runs: 0, ns: 0 };
        cost.runs += p.run_cnt ?? 0;
        cost.ns += p.run_time_ns ?? 0;
        byName.set(name, cost);
      }
      return [...byName.values()].sort((a, b) => b.ns - a.ns);
    },
  };
}
