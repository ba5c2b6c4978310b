// The automatic backfill: after this process migrated a store whose source tables already held
// rows, the derived tables (RED rollup, exemplar index, trace-id bounds) are filled for those
// rows in the background — and chunks a stopped process left are finished at the next start.
// It has a transport of its own: on chDB a statement holds its session until done, and the
// service's first session also takes ingest's inserts.
import {
  type ClickHouseTransport,
  DERIVED_TABLES,
  openTransport,
  pendingChunks,
  planAutomaticBackfill,
  runBackfill,
} from "@tracelight/store";
import type { Config } from "./config.ts";
import { log } from "./log.ts";

export interface RunningBackfill {
  /** Settles when the backfill finished, failed (logged) or was stopped. */
  readonly done: Promise<void>;
  /** Stops after the statement under way; its chunk is finished at the next start. */
  stop(): Promise<void>;
}

/** Progress goes to the log at most this often (and at the end). */
const LOG_EVERY_MS = 10_000;

/** Plans with the service's transport; a transport of the backfill's own opens only when there is work. */
export function startAutomaticBackfill(
  service: ClickHouseTransport,
  config: Pick<Config, "clickhouseUrl" | "dataDir" | "ttlDays" | "schema">,
  settleMs?: number,
): RunningBackfill {
  if (config.schema.cluster) {
    // Each shard's views read its local tables; a backfill would have to run on every shard.
    log.warn("backfill: not on a cluster yet; derived tables of rows older than their views stay empty", {
      cluster: config.schema.cluster,
    });
    return { done: Promise.resolve(), stop: async () => {} };
  }
  const stopping = new AbortController();
  const targets = DERIVED_TABLES.map((d) => d.target);
  const done = (async () => {
    let transport: ClickHouseTransport | undefined;
    try {
      const planned = await planAutomaticBackfill(service, config.ttlDays);
      if (planned.length > 0) {
        log.info("backfill planned: derived tables for rows older than their views", {
          tables: [...new Set(planned.map((c) => c.target))],
          chunks: planned.length,
          rows: planned.reduce((n, c) => n + c.sourceRows, 0),
        });
      }
      if ((await pendingChunks(service, targets)).length === 0 || stopping.signal.aborted) return;
      transport = openTransport({ clickhouseUrl: config.clickhouseUrl, dataDir: config.dataDir });
      const started = performance.now();
      let logged = started;
      const result = await runBackfill(transport, targets, {
        signal: stopping.signal,
        settleMs,
        onWait: (chunk, waitMs) =>
          log.info("backfill waits for an hour to end before filling it", {
            table: chunk.target,
            hour: new Date(chunk.startMs).toISOString(),
            waitS: Math.round(waitMs / 1000),
          }),
        onProgress: ({ chunksDone, chunks, rowsDone, rows, chunk }) => {
          if (performance.now() - logged < LOG_EVERY_MS) return;
          logged = performance.now();
          log.info("backfill progress", { chunksDone, chunks, rowsDone, rows, table: chunk.target });
        },
      });
      if (result.chunks > 0) {
        log.info("backfill finished", { ...result, seconds: Math.round((performance.now() - started) / 1000) });
      }
    } catch (error) {
      if (stopping.signal.aborted) log.info("backfill stopped: it resumes at the next start");
      else log.warn("backfill failed: it resumes at the next start, or run npm run backfill", { error });
    } finally {
      await transport?.close();
    }
  })();
  return {
    done,
    async stop() {
      stopping.abort(new Error("the service is stopping"));
      await done;
    },
  };
}
