// Embedded ClickHouse (chDB) in this process. Inserts go through a file on tmpfs with
// `INSERT ... FROM INFILE`: the binding's inline insert puts the payload in the SQL text,
// where a blank line ends the data and rows are silently lost (measured: 2,570 of 100,000
// RowBinary rows gone; the file path was exact on 4 M rows holding newlines and NUL bytes).
// Reads run rendered (sql-render.ts), each on a session of its class's lane: a session runs
// one statement at a time, so a lookup or a probe never waits for a slow search's session,
// nor, where the engine may renice its threads, for its CPU (NICE).
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "chdb";
import { JSON_OUTPUT_SETTINGS, ROWS_FORMAT, rowsFromCompactText } from "./json-rows.ts";
import type { BoundQuery } from "./sql.ts";
import { renderBoundQuery } from "./sql-render.ts";
import {
  type ClickHouseTransport,
  type InsertFormat,
  QUERY_NICE,
  QUERY_PRIORITY,
  QUERY_TIME_LIMIT_S,
  type QueryClass,
  type QueryOptions,
  queryOptions,
} from "./transport.ts";

const SPOOL_DIR = process.platform === "linux" ? "/dev/shm" : tmpdir();

export interface ChdbTransportOptions {
  /**
   * Sessions used for inserts, round robin (default 1). One Session runs one statement at a
   * time; several Sessions on the same path insert in parallel (see README for figures).
   */
  insertSessions?: number;
}

// Rendered values count against max_query_size (256 KiB by default), bound ones did not.
const RENDERED = "max_query_size = 67108864";
const JSON_OUTPUT = Object.entries(JSON_OUTPUT_SETTINGS)
  .map(([name, value]) => `${name} = ${typeof value === "string" ? `'${value}'` : value}`)
  .join(", ");

const NORMAL_NICE = "os_thread_priority = 1";
const CORES = availableParallelism();

/** Reads of a class that run at once; more wait for a session of their own class. */
const LANE_SIZE: Readonly<Record<QueryClass, number>> = { probe: 1, lookup: 4, search: 4, background: 2 };

/**
 * The classes whose reads share the cores among themselves: 4 searches at every core each left
 * a lookup's p99 2.2–2.9× its idle one, at a share 1.5–2.3× (QUERY_NICE in transport.ts).
 */
const SHARING: readonly QueryClass[] = ["search", "background"];

export function openChdbTransport(dataDir: string, options: ChdbTransportOptions = {}): ClickHouseTransport {
  mkdirSync(dataDir, { recursive: true });
  removeOrphanedSpoolFiles();
  const session = new Session(dataDir, { installSignalHandlers: false });
  const insertSessions = [session];
  for (let i = 1; i < (options.insertSessions ?? 1); i++) {
    insertSessions.push(new Session(dataDir, { installSignalHandlers: false }));
  }
  let next = 0;
  const open = () => new Session(dataDir, { installSignalHandlers: false });
  const lanes = Object.fromEntries(
    Object.entries(LANE_SIZE).map(([name, size]) => [name, new Lane(size, open)]),
  ) as Record<QueryClass, Lane>;
  const killer = open();
  const kill = (comment: string) => {
    killer.queryAsync(`KILL QUERY WHERE Settings['log_comment'] = '${comment}' ASYNC`).catch(() => {});
  };

  return {
    description: `chdb:${dataDir}`,

    async query<Row>(q: BoundQuery, options?: QueryOptions): Promise<Row[]> {
      const { class: queryClass, signal } = queryOptions(options);
      signal?.throwIfAborted();
      const text = renderBoundQuery(q);
      const lane = lanes[queryClass];
      const reader = await lane.acquire(signal);
      const threads = SHARING.includes(queryClass) ? sharedThreads(SHARING.map((c) => lanes[c].busy)) : 0;
      // The comment names this query in system.processes, for KILL QUERY when its client leaves.
      const comment = `tracelight-${randomUUID()}`;
      const running = reader.queryAsync(
        `SET ${RENDERED}, ${JSON_OUTPUT}, max_execution_time = ${QUERY_TIME_LIMIT_S[queryClass]}, priority = ${QUERY_PRIORITY[queryClass]}, os_thread_priority = ${QUERY_NICE[queryClass]}, max_threads = ${threads}, log_comment = '${comment}'; ${text}`,
        { format: ROWS_FORMAT },
      );
      // The session is free again only when the engine is done with it, not when the caller gave up.
      // A failed read's partial output (the format's header, rows) comes out with the session's
      // next result; a throwaway statement takes it before the session is reused.
      void running.then(
        () => lane.release(reader),
        () =>
          reader
            .queryAsync("SELECT 1", { format: "Null" })
            .catch(() => {})
            .then(() => lane.release(reader)),
      );
      const result = await abortable(running, signal, () => kill(comment));
      return rowsFromCompactText<Row>(result.text());
    },

    async command(q: BoundQuery): Promise<void> {
      await session.queryAsync(`SET ${RENDERED}, ${NORMAL_NICE}; ${renderBoundQuery(q)}`, { format: "Null" });
    },

    async insert(table: string, columns: readonly string[], format: InsertFormat, data: Uint8Array): Promise<void> {
      const file = join(SPOOL_DIR, `tracelight-insert-${process.pid}-${randomUUID()}.bin`);
      await writeFile(file, data);
      try {
        const columnList = columns.map((c) => `\`${c}\``).join(", ");
        const target = insertSessions[next++ % insertSessions.length] ?? session;
        await target.queryAsync(
          `INSERT INTO ${table} (${columnList}) FROM INFILE '${file}' SETTINGS ${NORMAL_NICE} FORMAT ${format}`,
          { format: "Null" },
        );
      } finally {
        await unlink(file).catch(() => {});
      }
    },

    async close(): Promise<void> {
      for (const s of insertSessions) s.close();
      for (const lane of Object.values(lanes)) lane.close();
      killer.close();
    },
  };
}

/** A fixed number of sessions, opened when first needed, handed to one query at a time. */
class Lane {
  private readonly idle: Session[] = [];
  private readonly all: Session[] = [];
  private readonly waiting: Array<(s: Session) => void> = [];

  constructor(
    private readonly size: number,
    private readonly open: () => Session,
  ) {}

  acquire(signal?: AbortSignal): Promise<Session> {
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.all.length < this.size) {
      const opened = this.open();
      this.all.push(opened);
      return Promise.resolve(opened);
    }
    return new Promise((resolve, reject) => {
      const take = (s: Session) => {
        signal?.removeEventListener("abort", leave);
        resolve(s);
      };
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", leave, { once: true });
      this.waiting.push(take);
    });
  }

  /** Sessions handed out and not yet released. */
  get busy(): number {
    return this.all.length - this.idle.length;
  }

  release(s: Session): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else this.idle.push(s);
  }

  close(): void {
    for (const s of this.all) s.close();
  }
}

/**
 * A read's max_threads: its share of the cores among the `busy` reads running (its own
 * included), or 0 (the engine's default, every core) when alone. Always set: a session keeps
 * what a SET gave it for its next statement.
 */
function sharedThreads(busy: readonly number[]): number {
  const running = busy.reduce((a, b) => a + b, 0);
  return running > 1 ? Math.max(1, Math.floor(CORES / running)) : 0;
}

/** Settles with `work`, or rejects at once when `signal` aborts (after calling `onAbort`). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/**
 * A process killed mid-insert (kill -9) leaves its spool file in tmpfs, i.e. in RAM. Remove
 * those of processes that no longer exist; files of live processes are left alone.
 */
function removeOrphanedSpoolFiles(): void {
  let names: string[];
  try {
    names = readdirSync(SPOOL_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^tracelight-insert-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      unlinkSync(join(SPOOL_DIR, name));
    } catch {
      // Another process cleaned it first.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
