// Writes decoded rows: encodes each table's rows to a Native block and inserts it, one INSERT per
// table per call. Resolves once ClickHouse has stored every table's rows (what an OTLP 200
// acknowledges); rejects if any insert failed.
import type { LogRow, MetricRows, SpanRow } from "@tracelight/otlp";
import {
  type EncodedRows,
  encodeExponentialHistogram,
  encodeGauge,
  encodeHistogram,
  encodeLogs,
  encodeSpans,
  encodeSum,
  encodeSummary,
} from "./native/index.ts";
import type { ClickHouseTransport } from "./transport.ts";

export class TelemetryWriter {
  constructor(private readonly transport: ClickHouseTransport) {}

  async insertSpans(rows: readonly SpanRow[]): Promise<void> {
    if (rows.length > 0) await this.write(encodeSpans(rows));
  }

  async insertLogs(rows: readonly LogRow[]): Promise<void> {
    if (rows.length > 0) await this.write(encodeLogs(rows));
  }

  async insertMetrics(rows: MetricRows): Promise<void> {
    const batches: EncodedRows[] = [];
    if (rows.gauge.length > 0) batches.push(encodeGauge(rows.gauge));
    if (rows.sum.length > 0) batches.push(encodeSum(rows.sum));
    if (rows.histogram.length > 0) batches.push(encodeHistogram(rows.histogram));
    if (rows.exponentialHistogram.length > 0) batches.push(encodeExponentialHistogram(rows.exponentialHistogram));
    if (rows.summary.length > 0) batches.push(encodeSummary(rows.summary));
    // allSettled first so no insert is left running unobserved when another fails.
    const results = await Promise.allSettled(batches.map((b) => this.write(b)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  private write(batch: EncodedRows): Promise<void> {
    return this.transport.insert(batch.table, batch.columns, "Native", batch.bytes);
  }
}
