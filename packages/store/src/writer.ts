// Writes Native blocks: blocks of the same table are concatenated into one INSERT body (Native
// allows several blocks per INSERT), so a call makes one INSERT per table. Resolves once
// ClickHouse has stored every table's rows (what an OTLP 200 acknowledges); rejects if any
// insert failed. Ingest encodes each request's rows at once and queues only the blocks; the
// row-level methods encode and take the same path. Columns a table found in the database lacks
// (the Collector exporter's older layouts) are cut out of each block before it is sent.
import type { LogRow, MetricRows, SpanRow } from "@tracelight/otlp";
import {
  type EncodedRows,
  encodeLogs,
  encodeMetrics,
  encodeSpans,
  mergeBlocks,
  withoutColumns,
} from "./native/index.ts";
import { profileOf } from "./schema-profile.ts";
import type { ClickHouseTransport } from "./transport.ts";

export class TelemetryWriter {
  constructor(private readonly transport: ClickHouseTransport) {}

  async insertSpans(rows: readonly SpanRow[]): Promise<void> {
    await this.insertEncoded(rows.length > 0 ? [encodeSpans(rows)] : []);
  }

  async insertLogs(rows: readonly LogRow[]): Promise<void> {
    await this.insertEncoded(rows.length > 0 ? [encodeLogs(rows)] : []);
  }

  async insertMetrics(rows: MetricRows): Promise<void> {
    await this.insertEncoded(encodeMetrics(rows));
  }

  /** Inserts encoded blocks, any tables, in any order: one INSERT per table. */
  async insertEncoded(blocks: readonly EncodedRows[]): Promise<void> {
    // The transport's profile: read on its first insert and kept (migrate() refreshes it).
    const { absentColumns } = await profileOf(this.transport);
    const fitted = blocks.map((b) => {
      const absent = absentColumns[b.table];
      return absent === undefined ? b : withoutColumns(b, absent);
    });
    const inserts = mergeBlocks(fitted).map((b) => this.transport.insert(b.table, b.columns, "Native", b.bytes));
    // allSettled first so no insert is left running unobserved when another fails.
    const results = await Promise.allSettled(inserts);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}
