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
  return withEngine(
    url,
    options,
    "dev",
    async ({ engine }) => {
      const dir = options.migrationsDir ?? MIGRATIONS_DIRS[target.provider];
      let migrationsList = await readMigrations(target.provider, dir);
      const { action } = await engine.devDiagnostic({ migrationsList, filters: EMPTY_FILTER });
      if (action.tag === "reset") {
        throw new Error(
          `the development database no longer matches the migrations (${action.reason}); ` +
            `point the command at a fresh database (for SQLite, delete the file)`,
        );
      }
      await engine.applyMigrations({ migrationsList, filters: EMPTY_FILTER });
      const created = await engine.createMigration({
        migrationName: name,
        draft: false,
        migrationsList,
        schema: { files: [schema] },
        filters: EMPTY_FILTER,
      });
      if (created.migrationScript === null) return { name: null, path: null, sql: null };
      const path = join(dir, created.generatedMigrationName, `migration.${created.extension}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, created.migrationScript);
      await writeFile(join(dir, "migration_lock.toml"), lockfileFor(target.provider));
      if (!options.createOnly) {
        migrationsList = await readMigrations(target.provider, dir);
        await engine.applyMigrations({ migrationsList, filters: EMPTY_FILTER });
      }
      return { name: created.generatedMigrationName, path, sql: created.migrationScript };
    },
    schema,
  );
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
    // empty list creates the table and nothing else.
    await handle.engine.applyMigrations({
      migrationsList: emptyList(options.migrationsDir ?? MIGRATIONS_DIRS[target.provider]),
      filters: EMPTY_FILTER,
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
  const lockfile = await readFile(join(dir, "migration_lock.toml"), "utf8").catch(() => null);
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

// The engine throws plain objects or JSON text with a user-facing message and an error code.
function engineErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") {
    try {
      return engineErrorMessage(JSON.parse(error));
    } catch {
      return error;
    }
  }
  if (error && typeof error === "object") {
    const e = error as { message?: unknown; error_code?: unknown; meta?: unknown };
    if (typeof e.message === "string") return e.error_code ? `${e.error_code}: ${e.message}` : e.message;
    return JSON.stringify(error);
  }
  return String(error);
}
