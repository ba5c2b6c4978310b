// /proc/stat: CPU time per mode (aggregate and per logical CPU) and the boot time.

export const CPU_MODES = ["user", "nice", "system", "idle", "iowait", "interrupt", "softirq", "steal"] as const;
export type CpuMode = (typeof CPU_MODES)[number];
/** Ticks (USER_HZ) spent in each mode. */
export type CpuTicks = Record<CpuMode, number>;

export interface ProcStatFile {
  /** The "cpu" line: all logical CPUs together. */
  total?: CpuTicks;
  /** "cpuN" lines: the online logical CPUs. */
  cpus: { cpu: number; ticks: CpuTicks }[];
  /** Boot time, seconds since the Unix epoch ("btime"). */
  bootTime?: number;
}

export function parseProcStatFile(text: string): ProcStatFile {
  const parsed: ProcStatFile = { cpus: [] };
  for (const line of text.split("\n")) {
    if (line.startsWith("cpu")) {
      const [label, ...values] = line.trim().split(/\s+/);
      const ticks = cpuTicks(values.map(Number));
      if (ticks === undefined) continue;
      if (label === "cpu") parsed.total = ticks;
      else {
        const cpu = Number(label!.slice(3));
        if (Number.isInteger(cpu)) parsed.cpus.push({ cpu, ticks });
      }
    } else if (line.startsWith("btime ")) {
      const bootTime = Number(line.slice(6));
      if (Number.isFinite(bootTime)) parsed.bootTime = bootTime;
    }
  }
  return parsed;
}

// Columns: user nice system idle iowait irq softirq steal guest guest_nice. The kernel already
// counts guest time inside user (and guest_nice inside nice), so the last two are left out.
function cpuTicks(values: number[]): CpuTicks | undefined {
  if (values.length < 8 || !values.slice(0, 8).every(Number.isFinite)) return undefined;
  const [user, nice, system, idle, iowait, interrupt, softirq, steal] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { user, nice, system, idle, iowait, interrupt, softirq, steal };
}

export function totalTicks(ticks: CpuTicks): number {
  let total = 0;
  for (const mode of CPU_MODES) total += ticks[mode];
  return total;
}
