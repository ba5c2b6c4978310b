// `npm run backfill -- --from <time> --to <time> [--table <name>]...`: fills the derived tables
// again for a range, from every source row in it (the store's backfill.ts: each hour's rows
// are replaced, so a redo never counts twice), with a progress line on stderr. Times are the
// query API's grammar (RFC 3339, epoch ms, now, now-7d). The store comes from the api's
// environment (CLICKHOUSE_URL, else the embedded chDB of TRACELIGHT_DATA_DIR: stop the api
// first, as one process owns that directory).

import { parseArgs } from "node:util";
import { INSTANT_FORMATS, instantAt } from "@tracelight/contracts/values";
import { ProgressBar } from "@tracelight/progress-bar";
import {
  alignRange,
  CHUNK_MS,
  DERIVED_TABLES,
  openTransport,
  planBackfill,
  runBackfill,
  SETTLE_MS,
} from "@tracelight/store";
import { ConfigError, parseConfig } from "./config.ts";

/** Filled when no --table is given: the tables whose readers would count a row twice. */
const DEFAULT_TABLES = DERIVED_TABLES.filter((d) => d.mode === "replace").map((d) => d.target);

function usage(problem: string): never {
  process.stderr.write(
    `backfill: ${problem}\nusage: npm run backfill -- --from <time> [--to <time>] [--table <name>]...\n` +
      `  times: ${INSTANT_FORMATS}; tables: ${DERIVED_TABLES.map((d) => d.target).join(", ")} (default ${DEFAULT_TABLES.join(", ")})\n`,
  );
  process.exit(2);
}

function readArgs(now: number) {
  let values: { from?: string; to?: string; table?: string[] };
  try {
    ({ values } = parseArgs({
      options: { from: { type: "string" }, to: { type: "string" }, table: { type: "string", multiple: true } },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  if (values.from === undefined) usage("--from is required");
  const fromMs = instantAt(values.from, now);
  const toMs = instantAt(values.to ?? "now", now);
  if (fromMs === undefined) usage(`--from ${values.from}: not a time (${INSTANT_FORMATS})`);
  if (toMs === undefined) usage(`--to ${values.to}: not a time (${INSTANT_FORMATS})`);
  if (fromMs >= toMs) usage("--from must be before --to");
  const tables = values.table ?? DEFAULT_TABLES;
  const unknown = tables.filter((t) => !DERIVED_TABLES.some((d) => d.target === t));
  if (unknown.length > 0) usage(`not a derived table: ${unknown.join(", ")}`);
  return { fromMs, toMs, tables };
}

async function main(): Promise<number> {
  const now = Date.now();
  const args = readArgs(now);
  const { fromMs, tables } = args;
  // An hour still being written is left to the views (backfill.ts SETTLE_MS says why).
  const settled = Math.floor((now - SETTLE_MS) / CHUNK_MS) * CHUNK_MS;
  const toMs = Math.min(args.toMs, settled);
  if (toMs < args.toMs) {
    process.stderr.write(`backfill: up to ${new Date(toMs).toISOString()}; later hours are still being written\n`);
  }
  if (fromMs >= toMs) return 0;
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) usage(error.message);
    throw error;
  }
  if (config.schema.cluster) usage("not on a cluster yet: each shard's views read its local tables");
  const transport = openTransport({ clickhouseUrl: config.clickhouseUrl, dataDir: config.dataDir });
  try {
    for (const target of tables) {
      await planBackfill(transport, { target, fromMs, toMs, retentionDays: config.ttlDays, redo: true, now });
    }
    // Planned chunks are whole hours of the range: run those only.
    let bar: ProgressBar | undefined;
    const result = await runBackfill(transport, tables, {
      range: alignRange(fromMs, toMs),
      onProgress: ({ chunksDone, chunks, rowsDone, chunk }) => {
        bar ??= new ProgressBar("backfill hours", chunks);
        bar.update(
          chunksDone,
          `${rowsDone.toLocaleString("en-US")} rows (${chunk.target} ${new Date(chunk.startMs).toISOString()})`,
        );
      },
    });
    bar?.done();
    process.stderr.write(`backfill: ${result.chunks} hours, ${result.rows} source rows\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`\nbackfill failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await transport.close();
  }
}

process.exit(await main());
