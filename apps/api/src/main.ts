// The Tracelight api process: read config, open the store, migrate, serve the configured
// roles; SIGINT/SIGTERM stop accepting, drain in-flight writes, close the store, exit 0.
// `--role migrate` alone applies the schema and exits (src/migrate-job.ts).
import { ConfigError, parseConfig } from "./config.ts";
import { log } from "./log.ts";
import { startService } from "./service.ts";

function readConfig() {
  try {
    return parseConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tracelight: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();

// Files this process writes (the metadata database and its journal, ClickHouse parts) are the
// service user's alone (src/private-data-dir.ts says why).
process.umask(0o077);

// A bug reached outside every request's own error handling: the process's state is unknown
// now, so log it with its stack and exit non-zero for `npm start` or the container to restart
// it. Acknowledged rows are already durable; unacknowledged ones are retried by their senders.
function crash(what: string, error: unknown): never {
  log.fatal(what, { error });
  process.exit(70);
}
process.on("uncaughtException", (error) => crash("uncaught exception", error));
process.on("unhandledRejection", (reason) => crash("unhandled rejection", reason));

if (config.schema.jobOnly) {
  const { runMigrateJob } = await import("./migrate-job.ts");
  process.exit(await runMigrateJob(config));
}

/** The store for the log line, without credentials a CLICKHOUSE_URL may carry. */
function storeLabel(): string {
  if (!config.clickhouseUrl) return "chdb (embedded)";
  const url = new URL(config.clickhouseUrl);
  return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
}

log.info("starting", {
  roles: [...config.roles].join(","),
  store: storeLabel(),
  dataDir: config.dataDir,
  pid: process.pid,
});

let service: Awaited<ReturnType<typeof startService>>;
try {
  service = await startService(config);
} catch (error) {
  log.error("startup failed", { error });
  process.exit(1);
}
log.info("ready");

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) {
    log.warn("second signal: exiting without draining", { signal });
    process.exit(1);
  }
  stopping = true;
  log.info("shutting down", { signal });
  try {
    await service.close();
    log.info("stopped");
    process.exit(0);
  } catch (error) {
    log.error("shutdown failed", { error });
    process.exit(1);
  }
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
