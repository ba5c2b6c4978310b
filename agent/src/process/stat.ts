// /proc/<pid>/stat: the one-line process record (proc(5)). The comm field is in parentheses and
// may itself contain spaces and parentheses, so it runs from the first "(" to the LAST ")".

/**
 * USER_HZ, the unit of the tick counts in /proc. It is 100 on every architecture Linux
 * supports today (sysconf(_SC_CLK_TCK)); Node has no sysconf binding to ask.
 */
export const TICKS_PER_SECOND = 100;

const PF_KTHREAD = 0x00200000;

export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, Z, … */
  state: string;
  ppid: number;
  /** Set for kernel threads, which have no user space and nothing to attribute. */
  kernelThread: boolean;
  userTicks: number;
  systemTicks: number;
  threads: number;
  /** Ticks after boot at which the process started: with the pid, it names one process. */
  startTicks: number;
  virtualBytes: number;
  residentPages: number;
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // rest[0] is field 3 (state); field n of proc(5) is rest[n - 3].
  const rest = text
    .slice(close + 2)
    .trim()
    .split(" ");
  if (rest.length < 22 || !Number.isInteger(pid)) return undefined;
  const field = (n: number) => Number(rest[n - 3]);
  const stat: ProcStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? "",
    ppid: field(4),
    kernelThread: (field(9) & PF_KTHREAD) !== 0,
    userTicks: field(14),
    systemTicks: field(15),
    threads: field(20),
    startTicks: field(22),
    virtualBytes: field(23),
    residentPages: field(24),
  };
  const numbers = [stat.ppid, stat.userTicks, stat.systemTicks, stat.threads, stat.startTicks];
  return numbers.every(Number.isFinite) ? stat : undefined;
}
