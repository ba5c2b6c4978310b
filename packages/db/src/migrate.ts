// Migrations like `prisma migrate deploy / dev / status`, through the WebAssembly schema
// engine: the same migration folders and `_prisma_migrations` table as Prisma's CLI.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { type DatabaseTarget, type Provider, parseDatabaseUrl, redactUrl } from "./database-url.ts";
import { MIGRATIONS_DIRS, SCHEMA_PATH } from "./paths.ts";
import { readSchema } from "./schema.ts";
import { type EngineHandle, ensurePostgresDatabase, openSchemaEngine } from "./schema-engine.ts";

export interface MigrateOptions {
  /** Defaults to the provider's committed folder (prisma/migrations for SQLite). */
  migrationsDir?: string;
  /** Receives the engine's JSON log lines. */
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

export interface CreatedMigration {
  /** Folder name (`<timestamp>_<name>`), or null when the schema needed no change. */
  name: string | null;
  path: string | null;
  sql: string | null;
}

const EMPTY_FILTER = { externalTables: [], externalEnums: [] };

/** Applies the committed migrations not yet applied, in order. Safe at every start. */
export async function migrateDeploy(url: string, options: MigrateOptions = {}): Promise<DeployResult> {
  return withEngine(url, options, "deploy", async ({ engine }, target) => {
    const migrationsList = await readMigrations(target.provider, options.migrationsDir);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: EMPTY_FILTER });
    return { applied: appliedMigrationNames };
  });
}

/** Compares the database's `_prisma_migrations` with the migrations folder. */
export async function migrationStatus(url: string, options: MigrateOptions = {}): Promise<MigrationStatus> {
  return withEngine(url, options, "status", async ({ engine }, target) => {
    const migrationsList = await readMigrations(target.provider, options.migrationsDir);
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: EMPTY_FILTER,
    });
    const history = diagnosis.history;
    const pending =
      history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
    const unknownToFolder =
      history && history.diagnostic !== "databaseIsBehind" ? history.unpersistedMigrationNames : [];
    // Without the table every migration is pending (the engine reports no history then).
    const allPending = diagnosis.hasMigrationsTable ? pending : migrationsList.migrationDirectories.map((d) => d.path);
    return {
      upToDate:
        allPending.length === 0 &&
        unknownToFolder.length === 0 &&
        diagnosis.failedMigrationNames.length === 0 &&
        diagnosis.editedMigrationNames.length === 0,
      pending: allPending,
      unknownToFolder,
      failed: diagnosis.failedMigrationNames,
      edited: diagnosis.editedMigrationNames,
    };
  });
}

/**
 * Like `prisma migrate dev --name`: applies pending migrations to the development database,
 * writes a new migration from the difference between the history and the schema, applies it.
 */
export async function createMigration(
  url: string,
  name: string,
  options: MigrateOptions & { schemaPath?: string; createOnly?: boolean } = {},
): Promise<CreatedMigration> {
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`migration name ${JSON.stringify(name)}: use letters, digits and _`);
  const target = parseDatabaseUrl(url);
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const schema = { path: schemaPath, content: readSchema(target.provider, schemaPath) };
  const dir = options.migrationsDir ?? MIGRATIONS_DIRS[target.provider];
  const withDir = { ...options, migrationsDir: dir };
  const script = await withEngine(url, withDir, "dev", async ({ engine }) => {
    const migrationsList = await readMigrations(target.provider, dir);
    const { action } = await engine.devDiagnostic({ migrationsList, filters: EMPTY_FILTER });
    if (action.tag === "reset") {
      throw new Error(
        `the development database no longer matches the migrations (${action.reason}); ` +
          `point the command at a fresh database (for SQLite, delete the file)`,
      );
    }
    await engine.applyMigrations({ migrationsList, filters: EMPTY_FILTER });
    // `diff` replays the history on a shadow database itself; the engine's createMigration
    // only works from a cache that devDiagnostic fills in some database states.
    const diff = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: EMPTY_FILTER,
    });
    return diff.exitCode === 2 ? (diff.stdout ?? "") : null;
  });
  if (script === null) return { name: null, path: null, sql: null };
  const folder = `${migrationTimestamp(new Date())}_${name}`;
  const path = join(dir, folder, "migration.sql");
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, script);
  await writeFile(join(dir, "migration_lock.toml"), lockfileFor(target.provider));
  if (!options.createOnly) await migrateDeploy(url, withDir);
  return { name: folder, path, sql: script };
}

/** Prisma's folder prefix: the UTC time as YYYYMMDDHHMMSS. */
function migrationTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Like `prisma migrate resolve`: marks a failed migration rolled back, or a migration applied. */
export async function resolveMigration(
  url: string,
  migrationName: string,
  as: "rolled-back" | "applied",
  options: MigrateOptions = {},
): Promise<void> {
  await withEngine(url, options, "resolve", async ({ engine }, target) => {
    if (as === "rolled-back") await engine.markMigrationRolledBack({ migrationName });
    else {
      const migrationsList = await readMigrations(target.provider, options.migrationsDir);
      await engine.markMigrationApplied({ migrationName, migrationsList });
    }
  });
}

async function withEngine<T>(
  url: string,
  options: MigrateOptions,
  command: string,
  run: (handle: EngineHandle, target: DatabaseTarget) => Promise<T>,
  schema?: { path: string; content: string },
): Promise<T> {
  const target = parseDatabaseUrl(url);
  let handle: EngineHandle | undefined;
  try {
    if (target.provider === "sqlite") await mkdir(dirname(target.path), { recursive: true });
    else await ensurePostgresDatabase(target.url);
    handle = await openSchemaEngine(target, schema, options.log);
    // Snag 2: without `_prisma_migrations` the engine's checks fail (P1014); applying an
    // empty list creates the table and nothing else. A failed migration in the table makes
    // it refuse (P3009): the table exists then, and the command itself reports the failure.
    await handle.engine
      .applyMigrations({
        migrationsList: emptyList(options.migrationsDir ?? MIGRATIONS_DIRS[target.provider]),
        filters: EMPTY_FILTER,
      })
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== "P3009") throw error;
      });
    return await run(handle, target);
  } catch (error) {
    throw new Error(`migrate ${command} on ${redactUrl(url)} failed: ${engineErrorMessage(error)}`, { cause: error });
  } finally {
    await handle?.close();
  }
}

/** The folder's migrations, oldest first, as the engine wants them. */
export async function readMigrations(provider: Provider, dir = MIGRATIONS_DIRS[provider]): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  // A folder without a lockfile (a new one) is taken to be for the provider at hand.
  const lockfile = await readFile(join(dir, "migration_lock.toml"), "utf8").catch(() => lockfileFor(provider));
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => {
      const content = await readFile(join(dir, folder, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: folder, migrationFile: { path: "migration.sql", content } };
    }),
  );
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

function emptyList(dir: string): MigrationList {
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: null },
    shadowDbInitScript: "",
    migrationDirectories: [],
  };
}

function lockfileFor(provider: Provider): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

// The engine throws Errors whose message ends in a Rust span trace; the trace is dropped,
// and the migration it names is kept.
export function engineErrorMessage(error: unknown): string {
  const e = (error ?? {}) as { message?: unknown; code?: unknown };
  const text = typeof e.message === "string" ? e.message : String(error);
  const traceAt = text.search(/\n\s+0: /);
  const message = (traceAt === -1 ? text : text.slice(0, traceAt))
    .replace(/^external connector error\n/, "")
    .replace(/^Error querying the database: /, "")
    .trim();
  const migration = /migration_name="([^"]+)"/.exec(text)?.[1];
  const code = typeof e.code === "string" && e.code !== "" ? `${e.code} ` : "";
  if (e.code === "P3009") {
    return `${code}${message}\nRepair the database by hand, then mark it with \`npm run db:migrate -w @tracelight/db -- resolve --rolled-back <name>\` (or --applied <name>) and deploy again.`;
  }
  return migration && !message.includes(migration) ? `${code}migration ${migration}: ${message}` : `${code}${message}`;
}
