// Which processes get per-process metrics: the ones the caller names (pids the probes saw,
// configured ones), those whose comm matches `include`, and the busiest few by CPU, so a host
// without BPF still shows what is using it. Kernel threads never; `exclude` wins over all.
import { listPids, readText } from "../process/proc-files.ts";
import { type ProcStat, parseProcStat } from "../process/stat.ts";

export interface ProcessSelection {
  /** Processes to report whatever their CPU use; called once per collect. */
  pids?: () => Iterable<number>;
  /** Also report processes whose comm matches. */
  include?: RegExp;
  /** Never report processes whose comm matches. */
  exclude?: RegExp;
  /** Also report the N processes that used the most CPU since the previous collect; default 20, 0 for none. */
  topByCpu?: number;
  /** Left out of the busiest unless named by `pids`; HostMetrics leaves out browsers and shells. */
  hideFromTop?: (stat: ProcStat) => boolean;
}

/** Every user-space process's stat; processes that exit while being read are simply missing. */
export function readProcessStats(procRoot: string): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const pid of listPids(procRoot)) {
    const text = readText(`${procRoot}/${pid}/stat`);
    const stat = text === undefined ? undefined : parseProcStat(text);
    if (stat !== undefined && !stat.kernelThread) stats.push(stat);
  }
  return stats;
}

/** CPU ticks since the previous sample of the same process; all of them for a process not seen before. */
export function ticksSince(stat: ProcStat, previous: ReadonlyMap<number, ProcStat>): number {
  const before = previous.get(stat.pid);
  const total = stat.userTicks + stat.systemTicks;
  if (before === undefined || before.startTicks !== stat.startTicks) return total;
  return Math.max(0, total - before.userTicks - before.systemTicks);
}

export function selectProcesses(
  stats: readonly ProcStat[],
  previous: ReadonlyMap<number, ProcStat>,
  selection: ProcessSelection,
): ProcStat[] {
  const { include, exclude } = selection;
  const candidates = exclude === undefined ? stats : stats.filter((s) => !matches(exclude, s.comm));
  const wanted = new Set<number>();
  try {
    for (const pid of selection.pids?.() ?? []) wanted.add(pid);
  } catch {
    // A failing pid source must not cost the other metrics; the rest of the selection stands.
  }
  const chosen = new Set(candidates.filter((s) => wanted.has(s.pid) || (include && matches(include, s.comm))));
  const top = selection.topByCpu ?? 20;
  if (top > 0) {
    const busy = candidates
      .map((stat) => ({ stat, ticks: ticksSince(stat, previous) }))
      .filter((b) => b.ticks > 0)
      .sort((a, b) => b.ticks - a.ticks || a.stat.pid - b.stat.pid);
    let added = 0;
    for (const { stat } of busy) {
      if (added >= top) break;
      if (selection.hideFromTop?.(stat)) continue;
      chosen.add(stat);
      added++;
    }
  }
  return [...chosen].sort((a, b) => a.pid - b.pid);
}

/** RegExp.test with a /g or /y regex moves lastIndex and then misses every other call. */
function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Resident memory in bytes from /proc/<pid>/status (VmRSS is in kB, whatever the page size). */
export function parseResidentBytes(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match === null ? undefined : Number(match[1]) * 1024;
}
