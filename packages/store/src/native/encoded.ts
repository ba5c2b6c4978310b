// What every table encoder returns: the INSERT's column list and the Native block.

export interface EncodedRows {
  readonly table: string;
  /** Explicit column list for the INSERT, so DEFAULT columns (TimestampTime) fill themselves. */
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** One ClickHouse Native block (several such blocks may be concatenated into one INSERT). */
  readonly bytes: Uint8Array;
}

/** Rough bytes per row, to size the first buffer so most batches never grow it. */
export const initialCapacity = (rows: number, bytesPerRow: number): number => Math.max(4096, rows * bytesPerRow);

/** UInt64 columns refuse negatives; a clock-skewed span with end < start stores 0. */
export const nonNegative = (v: bigint): bigint => (v < 0n ? 0n : v);
