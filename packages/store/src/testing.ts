// For benches and tests of a store they filled themselves: wait until the engine has finished
// merging what was written, so what is measured next does not race background merges; and a
// store as the Collector's ClickHouse exporter leaves it (testing/exporter-*.ts); a stand-in
// for a ClickHouse server's HTTP interface over chDB (testing/clickhouse-http-stand-in.ts).
import { until } from "@tracelight/testkit";
import { sql } from "./sql.ts";
import type { ClickHouseTransport } from "./transport.ts";

export * from "./testing/clickhouse-http-stand-in.ts";
export * from "./testing/exporter-rows.ts";
export * from "./testing/exporter-tables.ts";

/** Waits until no background merge runs (at most 5 minutes), saying on stderr how many still do. */
export async function waitForMerges(t: ClickHouseTransport): Promise<void> {
  const started = performance.now();
  await until(
    "background merges to finish",
    async () => {
      const [row] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM system.merges`);
      const running = Number(row?.n ?? 0);
      if (running === 0) return true;
      process.stderr.write(`waiting for ${running} background merges to finish...\n`);
      throw new Error(`${running} merges running`);
    },
    { timeoutMs: 300_000, intervalMs: 2_000 },
  );
  console.log(`background merges settled after ${Math.round((performance.now() - started) / 1000)} s`);
}
