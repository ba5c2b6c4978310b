// The raw engine baseline: the same generated rows, decoded and encoded to Native blocks ahead of
// time, inserted straight into chDB in this process (no HTTP, no decode on the clock). The
// service's ingest rate divided by this rate is what the service costs over the engine.
import { rmSync } from "node:fs";
import { decodeLogs, decodeTraces } from "@tracelight/otlp";
import { ProgressBar } from "@tracelight/progress-bar";
import { type EncodedRows, encodeLogs, encodeSpans, migrate, openChdbTransport } from "@tracelight/store";
import { processCpuNs } from "./agent-cpu.ts";
import { countRows } from "./count-rows.ts";
import { stamp, type Template } from "./dataset.ts";

/** Rows per INSERT: the api's largest group-commit batch (TRACELIGHT_INGEST_MAX_BATCH_ROWS). */
const ROWS_PER_INSERT = 50_000;
const IN_FLIGHT = 2;

/**
 * One Native block per INSERT, encoded from the rows of many requests: concatenating
 * per-request blocks (~100 rows each) instead measured 7.2 vs 4.2 µs engine CPU per span.
 */
function prepare<Row>(
  templates: Template[],
  baseNs: bigint,
  decode: (body: Uint8Array) => Row[],
  encode: (rows: Row[]) => EncodedRows,
): EncodedRows[] {
  const perInsert = Math.ceil(ROWS_PER_INSERT / templates[0]!.items);
  const batches: EncodedRows[] = [];
  for (let b = 0; b < 4; b++) {
    const rows = Array.from({ length: perInsert }, (_, i) =>
      decode(stamp(templates[i % templates.length]!, b * perInsert + i, baseNs)),
    ).flat();
    batches.push(encode(rows));
  }
  return batches;
}

/** Inserts `rows` rows from `batches`; their rate, and this process's CPU time per row (engine threads included). */
async function insertAll(
  label: string,
  batches: EncodedRows[],
  rows: number,
  insert: (b: EncodedRows) => Promise<void>,
): Promise<{ rate: number; cpuUs: number }> {
  const bar = new ProgressBar(label, rows);
  let done = 0;
  let scheduled = 0;
  let next = 0;
  const started = performance.now();
  const cpu = processCpuNs(process.pid);
  const worker = async () => {
    while (scheduled < rows) {
      const batch = batches[next++ % batches.length]!;
      scheduled += batch.rowCount;
      await insert(batch);
      done += batch.rowCount;
      bar.update(done);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  bar.done();
  return {
    rate: done / ((performance.now() - started) / 1000),
    cpuUs: (processCpuNs(process.pid) - cpu) / 1000 / done,
  };
}

export async function measureEngineBaseline(input: {
  traceTemplates: Template[];
  logTemplates: Template[];
  rows: number;
  /** Timestamps of the rows: recent, or the tables' TTL drops them at insert. */
  baseNs: bigint;
  dir: string;
}): Promise<{ spanRate: number; logRate: number; spanCpuUs: number; logCpuUs: number }> {
  // chDB may still finish background merges after close, so the directory is cleared before
  // a run rather than after it.
  const dir = input.dir;
  rmSync(dir, { recursive: true, force: true });
  const transport = openChdbTransport(dir);
  try {
    await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
    const spanBatches = prepare(
      input.traceTemplates,
      input.baseNs,
      (body) => decodeTraces(body, "protobuf").rows,
      encodeSpans,
    );
    const logBatches = prepare(
      input.logTemplates,
      input.baseNs,
      (body) => decodeLogs(body, "protobuf").rows,
      encodeLogs,
    );
    const insert = (b: EncodedRows) => transport.insert(b.table, b.columns, "Native", b.bytes);
    const spans = await insertAll("engine spans", spanBatches, input.rows, insert);
    const logs = await insertAll("engine logs", logBatches, input.rows, insert);
    console.log(`engine baseline stored: ${await countRows(transport)}`);
    return { spanRate: spans.rate, logRate: logs.rate, spanCpuUs: spans.cpuUs, logCpuUs: logs.cpuUs };
  } finally {
    await transport.close();
  }
}
