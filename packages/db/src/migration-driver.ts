// What the migrator needs from a database: Prisma's `_prisma_migrations` table, a lock against
// other migrators, and a migration script run with its record in one transaction.
import type { MigrationRow } from "./migration-history.ts";
import type { Migration } from "./migrations-folder.ts";

export interface NewMigrationRow {
  migration: Migration;
  startedAt: Date;
  finishedAt: Date | null;
  logs: string | null;
  /** Prisma counts 1 for a script it ran, 0 for a failure or a migration marked applied. */
  appliedStepsCount: number;
}

export interface MigrationDriver {
  /** Waits for the migration lock where the database has one, then creates the table when missing. */
  lockAndPrepare(): Promise<void>;
  /** null while the database has no `_prisma_migrations`. */
  readRows(): Promise<MigrationRow[] | null>;
  /**
   * Runs the script and records it applied, in one transaction. False when another process
   * applied it meanwhile. A failing script is rolled back and thrown as a MigrationScriptError.
   */
  apply(migration: Migration): Promise<boolean>;
  insertRow(row: NewMigrationRow): Promise<void>;
  /** Marks the failed attempts of a migration rolled back; how many there were. */
  markRolledBack(name: string): Promise<number>;
  close(): Promise<void>;
}

export class MigrationScriptError extends Error {
  constructor(
    readonly migration: Migration,
    readonly startedAt: Date,
    message: string,
  ) {
    super(message);
  }
}

// Prisma's own layout, column for column, so that `prisma migrate` reads what this writes.
export const INSERT_COLUMNS =
  '"id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"';

/** How long a migrator waits for another one (lock or busy database) before giving up. */
export const LOCK_WAIT_MS = 60_000;
