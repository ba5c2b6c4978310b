// ClickHouse Native-format encoders, one per table, from the row types of @tracelight/otlp.
export { ByteWriter, MAX_VALUE_BYTES } from "./byte-writer.ts";
export { NativeBlockWriter } from "./column-writer.ts";
export { compactBlock, type EncodedRows, encodedBytes, mergeBlocks } from "./encoded.ts";
export { encodeLogs, LOG_COLUMNS } from "./logs.ts";
export * from "./metrics.ts";
export { encodeSpans, SPAN_COLUMNS } from "./spans.ts";
