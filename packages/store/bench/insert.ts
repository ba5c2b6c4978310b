// Insert throughput through TelemetryWriter (Native encode + chDB insert, exporter schema with
// all indexes, MVs included), with 1 and 2 chDB insert sessions and concurrent batches.
// Usage: node --import tsx bench/insert.ts [spans=1000000] [batch=10000] [concurrency=2]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { sql } from "../src/sql.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { makeLogs, makeSpans } from "./fixtures.ts";

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 10_000);
const CONCURRENCY = Number(process.argv[4] ?? 2);
const SLOTS = 20; // distinct pre-built batches, cycled, so row building stays out of the figure
const spanBatches = Array.from({ length: SLOTS }, (_, i) => makeSpans(BATCH, i * BATCH));
const logBatches = Array.from({ length: SLOTS }, (_, i) => makeLogs(BATCH, i * BATCH));

for (const signal of (process.env.SIGNALS ?? "spans,logs").split(",") as ("spans" | "logs")[]) {
  for (const sessions of (process.env.SESSIONS ?? "1,2").split(",").map(Number)) {
    const dir = mkdtempSync(join(tmpdir(), "tracelight-insert-"));
    const t = openChdbTransport(dir, { insertSessions: sessions });
    // MIGRATIONS_DIR lets the bench compare schemas (e.g. without 0006 lookup indexes).
    await migrate(t, {
      ttlDays: { traces: 30, logs: 30, metrics: 30 },
      ...(process.env.MIGRATIONS_DIR ? { dir: process.env.MIGRATIONS_DIR } : {}),
    });
    const writer = new TelemetryWriter(t);
    let next = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next * BATCH < TOTAL) {
          const slot = next++ % SLOTS;
          if (signal === "spans") await writer.insertSpans(spanBatches[slot] ?? []);
          else await writer.insertLogs(logBatches[slot] ?? []);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const table = signal === "spans" ? "otel_traces" : "otel_logs";
    const [c] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM ${{ text: table, params: {} }}`);
    console.log(
      `${signal}: ${sessions} session(s), ${CONCURRENCY} concurrent batches of ${BATCH}: ${Math.round(TOTAL / seconds).toLocaleString()} rows/s ` +
        `(${seconds.toFixed(1)} s, process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s = ${((cpu.user + cpu.system) / TOTAL).toFixed(2)} µs/row, stored ${c?.n})`,
    );
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
