// For processes that do not migrate (a ClickHouse server: only the migrate role alters it):
// compare the migrations recorded in tracelight_migrations with the files this build ships,
// and wait for the migrate job, or refuse, when the store is behind.
import { appliedMigrations, migrationFiles } from "./migrate.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface SchemaStatus {
  /** Recorded as applied, oldest first. */
  applied: string[];
  /** Shipped with this build and not applied yet. */
  pending: string[];
  /** The newest file this build ships. */
  needed: string | undefined;
}

export async function schemaStatus(transport: ClickHouseTransport, dir?: string): Promise<SchemaStatus> {
  const [files, applied] = await Promise.all([migrationFiles(dir), appliedMigrations(transport)]);
  const done = new Set(applied);
  return { applied, pending: files.filter((f) => !done.has(f)), needed: files.at(-1) };
}

const number = (file: string | undefined) => file?.slice(0, 4);

/** "schema at 0005, this build needs 0007: run `npm run migrate` ...". */
export function schemaBehindMessage(status: SchemaStatus): string {
  const at = status.applied.length === 0 ? "not created yet" : `at ${number(status.applied.at(-1))}`;
  return `ClickHouse schema ${at}, this build needs ${number(status.needed)} (pending: ${status.pending.join(", ")}): run \`npm run migrate\` (the api with --role migrate) against this store`;
}

export class SchemaBehindError extends Error {
  override name = "SchemaBehindError";
  constructor(readonly status: SchemaStatus) {
    super(schemaBehindMessage(status));
  }
}

export interface WaitForSchemaOptions {
  /** How long to wait for the migrate job; 0: refuse at once. */
  timeoutMs: number;
  /** Between reads of tracelight_migrations (default 5 s). */
  intervalMs?: number;
  /** Called after each read that found the schema behind, to say what it waits for. */
  onBehind?: (status: SchemaStatus, waitedMs: number) => void;
  dir?: string;
}

/** Resolves once every shipped migration is applied; throws SchemaBehindError after the timeout. */
export async function waitForSchema(
  transport: ClickHouseTransport,
  options: WaitForSchemaOptions,
): Promise<SchemaStatus> {
  const started = Date.now();
  const interval = options.intervalMs ?? 5_000;
  for (;;) {
    const status = await schemaStatus(transport, options.dir);
    if (status.pending.length === 0) return status;
    const waited = Date.now() - started;
    if (waited + interval > options.timeoutMs) throw new SchemaBehindError(status);
    options.onBehind?.(status, waited);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
