// What `_prisma_migrations` says against the migrations folder, read the way Prisma's schema
// engine reads it: a row is applied when finished and not rolled back, failed when neither.
import { type Migration, matchesChecksum } from "./migrations-folder.ts";

/** One row of `_prisma_migrations`, as far as deciding what to apply needs it. */
export interface MigrationRow {
  migrationName: string;
  checksum: string;
  startedAt: string;
  finishedAt: string | null;
  rolledBackAt: string | null;
  logs: string | null;
}

export interface MigrationHistory {
  /** In the folder, not yet applied (a rolled-back attempt does not count), oldest first. */
  pending: Migration[];
  /** Started and never finished nor rolled back: nothing more is applied until resolved. */
  failed: MigrationRow[];
  /** Applied, but the file no longer has the checksum recorded then. */
  edited: Migration[];
  /** Applied, missing from the folder (for example applied by a newer version). */
  unknownToFolder: string[];
}

export function compareHistory(rows: MigrationRow[], folder: Migration[]): MigrationHistory {
  const live = rows.filter((row) => row.rolledBackAt === null);
  const applied = live.filter((row) => row.finishedAt !== null);
  const inFolder = new Set(folder.map((m) => m.name));
  return {
    pending: folder.filter((m) => !live.some((row) => row.migrationName === m.name)),
    failed: live.filter((row) => row.finishedAt === null),
    edited: folder.filter((m) =>
      applied.some((row) => row.migrationName === m.name && !matchesChecksum(m.script, row.checksum)),
    ),
    unknownToFolder: [...new Set(applied.map((row) => row.migrationName).filter((name) => !inFolder.has(name)))],
  };
}

/** A failure's logs in one line: Prisma's engines append a Rust span trace ("   0: ..."). */
export function logsSummary(logs: string | null): string {
  if (!logs) return "no logs recorded";
  const traceAt = logs.search(/\n\s+0: /);
  const text = (traceAt === -1 ? logs : logs.slice(0, traceAt)).replace(/\s+/g, " ").trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
