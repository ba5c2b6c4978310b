// The schema, at start and as a one-shot job. Every process first checks the engine's version.
// `--role migrate` (npm run migrate) then applies the ClickHouse migrations (ON CLUSTER with a
// cluster) and the metadata database's and exits; `--print` only prints the ClickHouse DDL.
// Serving processes apply the ClickHouse migrations themselves on embedded chDB, and on a
// ClickHouse server wait for the job instead (config.ts SchemaSettings says why).
import { migrateDeploy, migrationStatus } from "@tracelight/db";
import {
  type ClickHouseTransport,
  checkEngineVersion,
  clusterDdl,
  migrate,
  migrationStatements,
  openTransport,
  schemaBehindMessage,
  waitForSchema,
} from "@tracelight/store";
import { startAutomaticBackfill } from "./backfill-job.ts";
import type { Config } from "./config.ts";
import { log } from "./log.ts";
import { makePrivateDir } from "./private-data-dir.ts";

export interface SchemaOptions {
  /** Tests: the oldest engine accepted, instead of the store's MIN_ENGINE_VERSION. */
  minEngineVersion?: string;
}

/** Checks the engine, then applies the ClickHouse migrations or waits until the migrate job has. */
export async function prepareSchema(
  transport: ClickHouseTransport,
  config: Pick<Config, "ttlDays" | "ttlExplicit" | "schema">,
  options: SchemaOptions = {},
): Promise<void> {
  const engine = await checkEngineVersion(transport, options.minEngineVersion);
  if (config.schema.atStart === "apply") {
    const cluster = config.schema.cluster ? clusterDdl(config.schema.cluster) : undefined;
    const { applied, ttlChanged, skipped } = await migrate(transport, {
      ttlDays: config.ttlDays,
      ttlExplicit: config.ttlExplicit,
      cluster,
    });
    if (applied.length > 0 || ttlChanged.length > 0) {
      log.info("ClickHouse migrations applied", {
        engine,
        applied,
        ttlChanged,
        skipped,
        cluster: config.schema.cluster,
      });
    }
    return;
  }
  await waitForSchema(transport, {
    timeoutMs: config.schema.waitMs,
    onBehind: (status, waitedMs) =>
      log.warn(`waiting for the migrate job: ${schemaBehindMessage(status)}`, {
        waitedS: Math.round(waitedMs / 1000),
        timeoutS: config.schema.waitMs / 1000,
      }),
  });
}

/**
 * The metadata database, like the ClickHouse schema: applied where this process migrates,
 * else checked (waiting for the migrate job up to TRACELIGHT_SCHEMA_WAIT_S), so replicas
 * that only check need no DDL rights there either.
 */
export async function prepareMetadata(config: Pick<Config, "databaseUrl" | "schema">): Promise<void> {
  if (config.schema.atStart === "apply") {
    const { applied } = await migrateDeploy(config.databaseUrl);
    if (applied.length > 0) log.info("metadata migrations applied", { applied });
    return;
  }
  const started = Date.now();
  for (;;) {
    const status = await migrationStatus(config.databaseUrl);
    if (status.upToDate) return;
    const blocked = [...status.failed, ...status.edited];
    const waited = Date.now() - started;
    const behind = `metadata database behind this build (pending: ${status.pending.join(", ") || "none"}${blocked.length > 0 ? `; failed or edited: ${blocked.join(", ")}` : ""}): run \`npm run migrate\` (the api with --role migrate)`;
    if (blocked.length > 0 || waited + METADATA_POLL_MS > config.schema.waitMs) throw new Error(behind);
    log.warn(`waiting for the migrate job: ${behind}`, { waitedS: Math.round(waited / 1000) });
    await new Promise((resolve) => setTimeout(resolve, METADATA_POLL_MS));
  }
}

const METADATA_POLL_MS = 5_000;

/** `--role migrate` alone (its config's `schema.atStart` is always "apply"); resolves with the process's exit code. */
export async function runMigrateJob(
  config: Config,
  options: SchemaOptions & { write?: (text: string) => void } = {},
): Promise<number> {
  if (config.schema.print) {
    const write = options.write ?? ((text: string) => process.stdout.write(text));
    const cluster = config.schema.cluster ? clusterDdl(config.schema.cluster) : undefined;
    for (const { file, statements } of await migrationStatements({ ttlDays: config.ttlDays, cluster })) {
      write(`-- ${file}\n${statements.map((s) => `${s};\n`).join("\n")}\n`);
    }
    return 0;
  }
  makePrivateDir(config.dataDir);
  const transport = openTransport({ clickhouseUrl: config.clickhouseUrl, dataDir: config.dataDir });
  try {
    await prepareSchema(transport, config, options);
    // Serving processes on a server do not migrate, so the job fills the derived tables too —
    // the live hour at once rather than after it ends (backfill.ts SETTLE_MS): a job must end.
    await startAutomaticBackfill(transport, config, 0).done;
    await prepareMetadata(config);
    log.info("schema up to date");
    return 0;
  } catch (error) {
    log.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { error });
    return 1;
  } finally {
    await transport.close();
  }
}
