// Engine cost of one INSERT's shape, same 20k spans into the full otel_traces (MVs included,
// merges stopped so only the insert is measured): our Native block (plain String types), the
// engine's own Native block with the table's exact LowCardinality types, and the same rows as
// concatenated small blocks (what concatenating per-request encodings would send).
// Usage: node --import tsx bench/engine-native.ts [repeats=25]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { encodeSpans } from "../src/native/index.ts";
import { raw, sql } from "../src/sql.ts";
import { makeSpans } from "./fixtures.ts";

const REPEATS = Number(process.argv[2] ?? 25);
const ROWS = 20_000;
const dir = mkdtempSync(join(tmpdir(), "tracelight-engine-native-"));
const spool = (name: string) => `/dev/shm/tracelight-bench-${process.pid}-${name}.bin`;
const t = openChdbTransport(dir);
await migrate(t, { ttlDays: { traces: 30, logs: 30, metrics: 30 } });
await t.command(sql`SYSTEM STOP MERGES`);

const rows = makeSpans(ROWS);
const block = encodeSpans(rows);
const columns = block.columns.map((c) => `\`${c}\``).join(", ");
const split = (n: number) =>
  Buffer.concat(Array.from({ length: ROWS / n }, (_, i) => encodeSpans(rows.slice(i * n, (i + 1) * n)).bytes));
writeFileSync(spool("one"), block.bytes);
writeFileSync(spool("1000"), split(1000));
writeFileSync(spool("100"), split(100));
// The engine's own block with exact types: through a copy of the table, then SELECT ... Native.
await t.command(sql`CREATE TABLE exact_copy AS otel_traces`);
await t.command(sql`${raw(`INSERT INTO exact_copy (${columns}) FROM INFILE '${spool("one")}' FORMAT Native`)}`);
await t.query(sql`${raw(`SELECT ${columns} FROM exact_copy INTO OUTFILE '${spool("exact")}' FORMAT Native`)}`);
console.log(`bytes: ours ${block.bytes.length}, engine's exact-typed ${readFileSync(spool("exact")).length}`);

async function run(label: string, file: string): Promise<string> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < REPEATS; i++) {
    await t.command(sql`${raw(`INSERT INTO otel_traces (${columns}) FROM INFILE '${file}' FORMAT Native`)}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const rate = (REPEATS * ROWS) / ((performance.now() - start) / 1000);
  return `${label} ${Math.round(rate / 1000)}k rows/s ${((cpu.user + cpu.system) / (REPEATS * ROWS)).toFixed(2)} µs/row`;
}

try {
  for (let round = 0; round < 3; round++) {
    const results = [
      await run("1 block (String types)", spool("one")),
      await run("1 block (exact LowCardinality)", spool("exact")),
      await run("20 × 1000 rows", spool("1000")),
      await run("200 × 100 rows", spool("100")),
    ];
    console.log(results.join(" | "));
  }
} finally {
  await t.close();
  for (const name of ["one", "exact", "1000", "100"]) rmSync(spool(name), { force: true });
  rmSync(dir, { recursive: true, force: true });
}
