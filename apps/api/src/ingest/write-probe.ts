// The write that proves the store takes writes again while ingest's are failing (write-health.ts):
// one row into a MergeTree table of its own, so it needs room for a new part on the data disk
// like any batch (a full disk keeps refusing it), and a node no client sends to can still
// become ready. A row per probe, only while failing, kept a day.
import { type ClickHouseTransport, sql } from "@tracelight/store";

export function writeProbe(transport: ClickHouseTransport): () => Promise<void> {
  return async () => {
    await transport.command(
      sql`CREATE TABLE IF NOT EXISTS tracelight_write_probe (at DateTime DEFAULT now())
          ENGINE = MergeTree ORDER BY tuple() TTL at + INTERVAL 1 DAY`,
    );
    await transport.command(sql`INSERT INTO tracelight_write_probe (at) VALUES (now())`);
  };
}
