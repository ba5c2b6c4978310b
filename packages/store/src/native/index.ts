// ClickHouse Native-format encoders, one per table, from the row types of @tracelight/otlp.
import { TABLES } from "../tables.ts";
import { LOG_COLUMNS } from "./logs.ts";
import {
  EXPONENTIAL_HISTOGRAM_COLUMNS,
  GAUGE_COLUMNS,
  HISTOGRAM_COLUMNS,
  SUM_COLUMNS,
  SUMMARY_COLUMNS,
} from "./metrics.ts";
import { SPAN_COLUMNS } from "./spans.ts";

export { ByteWriter, MAX_VALUE_BYTES } from "./byte-writer.ts";
export { NativeBlockWriter } from "./column-writer.ts";
export { compactBlock, type EncodedRows, encodedBytes, mergeBlocks, withoutColumns } from "./encoded.ts";
export { encodeLogs, LOG_COLUMNS } from "./logs.ts";
export * from "./metrics.ts";
export { encodeSpans, SPAN_COLUMNS } from "./spans.ts";

/** The columns the encoders write, per table. */
export const WRITTEN_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [TABLES.traces]: SPAN_COLUMNS,
  [TABLES.logs]: LOG_COLUMNS,
  [TABLES.gauge]: GAUGE_COLUMNS,
  [TABLES.sum]: SUM_COLUMNS,
  [TABLES.histogram]: HISTOGRAM_COLUMNS,
  [TABLES.exponentialHistogram]: EXPONENTIAL_HISTOGRAM_COLUMNS,
  [TABLES.summary]: SUMMARY_COLUMNS,
};
export { encodeLogsFromOtlp } from "./direct/logs.ts";
export { encodeSpansFromOtlp } from "./direct/spans.ts";
export type { DirectTimeWindow } from "./direct/time-range.ts";
