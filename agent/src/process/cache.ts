// Process identities, remembered per process: the key is the pid together with the process's
// start time and comm (both from /proc/<pid>/stat), so a reused pid, or a process that exec()ed
// another program (same pid and start time, new comm), is read afresh instead of misnamed.
import { type IdentityOptions, type ProcessIdentity, readProcessIdentity } from "./identity.ts";
import { readText } from "./proc-files.ts";
import { processMatch } from "./service-name.ts";
import { type ProcStat, parseProcStat } from "./stat.ts";

export interface ProcessIdentitiesOptions extends IdentityOptions {
  /** Entries kept at most; default 4096. */
  maxSize?: number;
  /**
   * How long an entry is trusted before get() checks /proc/<pid>/stat again (default 1000 ms),
   * so a caller asking per event does not read /proc per event.
   */
  recheckMs?: number;
  /** Clock for recheckMs, in ms; tests replace it. */
  now?: () => number;
}

interface Entry {
  startTicks: number;
  comm: string;
  checkedAt: number;
  identity: ProcessIdentity;
}

/** Skip scanning every entry for exited processes more often than this when the cache is full. */
const PRUNE_INTERVAL_MS = 10_000;

export class ProcessIdentities {
  readonly #options: ProcessIdentitiesOptions;
  readonly #procRoot: string;
  readonly #maxSize: number;
  readonly #recheckMs: number;
  readonly #now: () => number;
  /** In least-recently-used order: a hit moves its entry to the end. */
  readonly #entries = new Map<number, Entry>();
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(options: ProcessIdentitiesOptions = {}) {
    // A broken /regex/ in the configuration fails here, at startup, not at the first lookup.
    for (const override of options.overrides ?? []) processMatch(override.match);
    this.#options = options;
    this.#procRoot = options.procRoot ?? "/proc";
    this.#maxSize = Math.max(1, options.maxSize ?? 4096);
    this.#recheckMs = options.recheckMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The identity of the process now running as `pid`, or undefined when there is none. Pass the
   * process's parsed stat when you have it (it is then checked without reading /proc again).
   */
  get(pid: number, stat?: ProcStat): ProcessIdentity | undefined {
    const now = this.#now();
    const entry = this.#entries.get(pid);
    if (entry !== undefined && stat === undefined && now - entry.checkedAt < this.#recheckMs) {
      this.#touch(pid, entry);
      return entry.identity;
    }
    const current = stat ?? this.#stat(pid);
    if (current === undefined) {
      this.#entries.delete(pid);
      return undefined;
    }
    if (entry !== undefined && entry.startTicks === current.startTicks && entry.comm === current.comm) {
      entry.checkedAt = now;
      this.#touch(pid, entry);
      return entry.identity;
    }
    const identity = readProcessIdentity(pid, this.#options);
    if (identity === undefined) {
      this.#entries.delete(pid);
      return undefined;
    }
    this.#entries.delete(pid);
    this.#entries.set(pid, { startTicks: current.startTicks, comm: current.comm, checkedAt: now, identity });
    if (this.#entries.size > this.#maxSize) this.#evict(now);
    return identity;
  }

  /** Forgets the processes that have exited (or whose pid now belongs to another process). */
  prune(): void {
    for (const [pid, entry] of this.#entries) {
      const stat = this.#stat(pid);
      if (stat === undefined || stat.startTicks !== entry.startTicks) this.#entries.delete(pid);
    }
  }

  #evict(now: number): void {
    if (now - this.#prunedAt >= PRUNE_INTERVAL_MS) {
      this.#prunedAt = now;
      this.prune();
    }
    // Still full of live processes: drop the least recently used.
    for (const pid of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxSize) break;
      this.#entries.delete(pid);
    }
  }

  #touch(pid: number, entry: Entry): void {
    this.#entries.delete(pid);
    this.#entries.set(pid, entry);
  }

  #stat(pid: number): ProcStat | undefined {
    const text = readText(`${this.#procRoot}/${pid}/stat`);
    return text === undefined ? undefined : parseProcStat(text);
  }
}
