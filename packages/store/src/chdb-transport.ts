// Embedded ClickHouse (chDB) in this process. Inserts go through a file on tmpfs with
// `INSERT ... FROM INFILE`: the binding's inline insert puts the payload in the SQL text,
// where a blank line ends the data and rows are silently lost (measured: 2,570 of 100,000
// RowBinary rows gone; the file path was exact on 4 M rows holding newlines and NUL bytes).
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "chdb";
import type { BoundQuery } from "./sql.ts";
import type { ClickHouseTransport, InsertFormat } from "./transport.ts";

const SPOOL_DIR = process.platform === "linux" ? "/dev/shm" : tmpdir();

export interface ChdbTransportOptions {
  /**
   * Sessions used for inserts, round robin (default 1). One Session runs one statement at a
   * time; several Sessions on the same path insert in parallel (see README for figures).
   */
  insertSessions?: number;
}

export function openChdbTransport(dataDir: string, options: ChdbTransportOptions = {}): ClickHouseTransport {
  mkdirSync(dataDir, { recursive: true });
  removeOrphanedSpoolFiles();
  const session = new Session(dataDir, { installSignalHandlers: false });
  const insertSessions = [session];
  for (let i = 1; i < (options.insertSessions ?? 1); i++) {
    insertSessions.push(new Session(dataDir, { installSignalHandlers: false }));
  }
  let next = 0;

  return {
    description: `chdb:${dataDir}`,

    async query<Row>(q: BoundQuery): Promise<Row[]> {
      const result = await session.queryBindAsync(q.text, q.params, { format: "JSONEachRow" });
      const text = result.text();
      if (text.length === 0) return [];
      return text
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Row);
    },

    async command(q: BoundQuery): Promise<void> {
      await session.queryBindAsync(q.text, q.params, { format: "Null" });
    },

    async insert(table: string, columns: readonly string[], format: InsertFormat, data: Uint8Array): Promise<void> {
      const file = join(SPOOL_DIR, `tracelight-insert-${process.pid}-${randomUUID()}.bin`);
      await writeFile(file, data);
      try {
        const columnList = columns.map((c) => `\`${c}\``).join(", ");
        const target = insertSessions[next++ % insertSessions.length] ?? session;
        await target.queryAsync(`INSERT INTO ${table} (${columnList}) FROM INFILE '${file}' FORMAT ${format}`, {
          format: "Null",
        });
      } finally {
        await unlink(file).catch(() => {});
      }
    },

    async close(): Promise<void> {
      for (const s of insertSessions) s.close();
    },
  };
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
