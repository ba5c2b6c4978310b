// Embedded ClickHouse (chDB) in this process. Inserts go through a file on tmpfs with
// `INSERT ... FROM INFILE`: the binding's inline insert puts the payload in the SQL text,
// where a blank line ends the data and rows are silently lost (see PLATFORM.md).
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "chdb";
import type { BoundQuery } from "./sql.ts";
import type { ClickHouseTransport, InsertFormat } from "./transport.ts";

const SPOOL_DIR = process.platform === "linux" ? "/dev/shm" : tmpdir();

export function openChdbTransport(dataDir: string): ClickHouseTransport {
  mkdirSync(dataDir, { recursive: true });
  const session = new Session(dataDir, { installSignalHandlers: false });

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
        await session.queryAsync(`INSERT INTO ${table} (${columnList}) FROM INFILE '${file}' FORMAT ${format}`, {
          format: "Null",
        });
      } finally {
        await unlink(file).catch(() => {});
      }
    },

    async close(): Promise<void> {
      session.close();
    },
  };
}
