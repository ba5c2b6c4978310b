// Applies the committed migrations like `prisma migrate deploy / status / resolve`: the same
// folders and the same `_prisma_migrations` table and checksums, so a database migrated by
// Prisma (CLI or schema engine) is recognised and can be handed back to it. Each script runs
// in a transaction with its record; a failed one blocks later deploys until resolved (P3009).
import { type DatabaseTarget, parseDatabaseUrl, redactUrl } from "./database-url.ts";
import { type MigrationDriver, MigrationScriptError } from "./migration-driver.ts";
import { openPostgresDriver } from "./migration-driver-postgres.ts";
import { openSqliteDriver } from "./migration-driver-sqlite.ts";
import { compareHistory, logsSummary, type MigrationHistory, type MigrationRow } from "./migration-history.ts";
import { readMigrationsFolder } from "./migrations-folder.ts";

export interface MigrateOptions {
  /** Defaults to the provider's committed folder (prisma/migrations for SQLite). */
  migrationsDir?: string;
  /** Receives a line as each migration starts. */
  log?: (line: string) => void;
}

export interface DeployResult {
  /** Migrations applied by this call, oldest first (empty when already up to date). */
  applied: string[];
}

export interface MigrationStatus {
  upToDate: boolean;
  /** In the folder, not yet applied to the database. */
  pending: string[];
  /** Applied to the database, missing from the folder. */
  unknownToFolder: string[];
  /** Started and never finished: deploy refuses to go on until they are resolved. */
  failed: string[];
  /** Applied, but their migration.sql has changed since. */
  edited: string[];
}

const RESOLVE = "npm run db:migrate -- resolve";

/** Applies the committed migrations not yet applied, in order. Safe at every start. */
export async function migrateDeploy(url: string, options: MigrateOptions = {}): Promise<DeployResult> {
  return withDriver("deploy", url, async (driver, target) => {
    const folder = await readMigrationsFolder(target.provider, options.migrationsDir);
    await driver.lockAndPrepare();
    const history = compareHistory((await driver.readRows()) ?? [], folder);
    refuseFailed(history);
    refuseEdited(history);
    const applied: string[] = [];
    for (const migration of history.pending) {
      options.log?.(`applying migration ${migration.name}`);
      try {
        if (await driver.apply(migration)) applied.push(migration.name);
      } catch (error) {
        if (!(error instanceof MigrationScriptError)) throw error;
        const { startedAt, message } = error;
        await driver.insertRow({ migration, startedAt, finishedAt: null, logs: message, appliedStepsCount: 0 });
        throw new Error(
          `migration ${migration.name}: ${message}\nIt was rolled back, and no later migration is applied until it is resolved: ` +
            `fix ${migration.path}, then run \`${RESOLVE} --rolled-back ${migration.name}\` and deploy again.`,
        );
      }
    }
    return { applied };
  });
}

/** Compares the database's `_prisma_migrations` with the migrations folder; changes nothing. */
export async function migrationStatus(url: string, options: MigrateOptions = {}): Promise<MigrationStatus> {
  return guarded("status", url, async () => {
    const target = parseDatabaseUrl(url);
    const folder = await readMigrationsFolder(target.provider, options.migrationsDir);
    const driver = await openDriver(target, false);
    let rows: MigrationRow[] = [];
    if (driver) {
      try {
        rows = (await driver.readRows()) ?? [];
      } finally {
        await driver.close();
      }
    }
    const history = compareHistory(rows, folder);
    const status = {
      pending: history.pending.map((m) => m.name),
      unknownToFolder: history.unknownToFolder,
      failed: history.failed.map((row) => row.migrationName),
      edited: history.edited.map((m) => m.name),
    };
    return { upToDate: Object.values(status).every((names) => names.length === 0), ...status };
  });
}

/**
 * Like `prisma migrate resolve`, after a failed migration was repaired by hand: `rolled-back`
 * lets deploy run it again; `applied` records it as applied without running it.
 */
export async function resolveMigration(
  url: string,
  migrationName: string,
  as: "rolled-back" | "applied",
  options: MigrateOptions = {},
): Promise<void> {
  await withDriver("resolve", url, async (driver, target) => {
    const folder = await readMigrationsFolder(target.provider, options.migrationsDir);
    await driver.lockAndPrepare();
    const history = compareHistory((await driver.readRows()) ?? [], folder);
    const failed = history.failed.some((row) => row.migrationName === migrationName);
    if (as === "rolled-back") {
      if (!failed) throw new Error(`migration ${migrationName} is not a failed migration, so it cannot be rolled back`);
      await driver.markRolledBack(migrationName);
      return;
    }
    const migration = folder.find((m) => m.name === migrationName);
    if (!migration) throw new Error(`migration ${migrationName} is not in the migrations folder`);
    if (!failed && !history.pending.includes(migration)) {
      throw new Error(`migration ${migrationName} is already recorded as applied`);
    }
    await driver.markRolledBack(migrationName);
    const now = new Date();
    await driver.insertRow({ migration, startedAt: now, finishedAt: now, logs: null, appliedStepsCount: 0 });
  });
}

function refuseFailed({ failed }: MigrationHistory): void {
  if (failed.length === 0) return;
  const lines = failed.map((row) => `  ${row.migrationName} (started ${row.startedAt}): ${logsSummary(row.logs)}`);
  throw new Error(
    `P3009 failed migrations in the database; no migration is applied until they are resolved:\n${lines.join("\n")}\n` +
      "Undo whatever part of a failed migration reached the database (one run by this migrator was rolled back; " +
      "one recorded by Prisma's engine may be half applied), fix it, then run " +
      `\`${RESOLVE} --rolled-back <name>\` to run it again (or \`--applied <name>\` if you completed it by hand).`,
  );
}

function refuseEdited({ edited }: MigrationHistory): void {
  if (edited.length === 0) return;
  throw new Error(
    `checksum mismatch: ${edited.length === 1 ? "a migration was" : "migrations were"} edited after being applied ` +
      `(the checksum in _prisma_migrations is not the file's):\n${edited.map((m) => `  ${m.path}`).join("\n")}\n` +
      "Nothing was applied. Restore the file as applied (git log -p -- <file>) and put the change in a new migration.",
  );
}

function withDriver<T>(
  command: string,
  url: string,
  run: (driver: MigrationDriver, target: DatabaseTarget) => Promise<T>,
): Promise<T> {
  return guarded(command, url, async () => {
    const target = parseDatabaseUrl(url);
    const driver = (await openDriver(target, true))!;
    try {
      return await run(driver, target);
    } finally {
      await driver.close();
    }
  });
}

/** With `create` false (only reading), null where the database does not exist yet. */
function openDriver(target: DatabaseTarget, create: boolean): Promise<MigrationDriver | null> {
  return target.provider === "sqlite" ? openSqliteDriver(target.path, create) : openPostgresDriver(target.url, create);
}

async function guarded<T>(command: string, url: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`migrate ${command} on ${redactUrl(url)} failed: ${message}`, { cause: error });
  }
}
