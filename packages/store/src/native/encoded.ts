// What every table encoder returns: the INSERT's column list and the Native block.
import { ByteWriter } from "./byte-writer.ts";

export interface EncodedRows {
  readonly table: string;
  /** Explicit column list for the INSERT, so DEFAULT columns (TimestampTime) fill themselves. */
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** One or more ClickHouse Native blocks, back to back (one INSERT body). */
  readonly bytes: Uint8Array;
  /** String values cut at MAX_VALUE_BYTES (byte-writer.ts); absent is none. */
  readonly truncatedValues?: number;
  /** Where each column starts in `bytes` (one block only), so columns can be left out by slicing. */
  readonly columnStarts?: readonly number[];
}

/**
 * The block without the columns in `absent` (a table found without them, schema-profile.ts),
 * its column list agreeing. Whole columns are cut out by their offsets and the header is
 * rewritten: no value is read or encoded again.
 */
export function withoutColumns(block: EncodedRows, absent: ReadonlySet<string>): EncodedRows {
  const { columns, columnStarts: starts, bytes } = block;
  if (!columns.some((c) => absent.has(c))) return block;
  if (starts?.length !== columns.length) throw new Error(`${block.table}: block without column offsets`);
  const kept = columns.filter((c) => !absent.has(c));
  const head = new ByteWriter(32);
  head.varint(kept.length);
  head.varint(block.rowCount);
  const parts: Uint8Array[] = [head.bytes()];
  const keptStarts: number[] = [];
  let at = head.length;
  columns.forEach((c, i) => {
    if (absent.has(c)) return;
    const part = bytes.subarray(starts[i] as number, starts[i + 1] ?? bytes.byteLength);
    keptStarts.push(at);
    at += part.byteLength;
    parts.push(part);
  });
  return { ...block, columns: kept, bytes: Buffer.concat(parts, at), columnStarts: keptStarts };
}

/**
 * Concatenates the blocks of each table (and column list) into one INSERT body, in the order
 * the tables first appear; empty blocks are dropped.
 */
export function mergeBlocks(blocks: readonly EncodedRows[]): EncodedRows[] {
  const groups = new Map<string, EncodedRows[]>();
  for (const b of blocks) {
    if (b.rowCount === 0) continue;
    const key = `${b.table}\n${b.columns.join(",")}`;
    const group = groups.get(key);
    if (group) group.push(b);
    else groups.set(key, [b]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as EncodedRows;
    if (group.length === 1) return first;
    let rowCount = 0;
    for (const b of group) rowCount += b.rowCount;
    const bytes = Buffer.concat(group.map((b) => b.bytes));
    return { table: first.table, columns: first.columns, rowCount, bytes };
  });
}

/**
 * The block with its bytes in a buffer of their own size. An encoder's buffer grows by doubling,
 * so a block kept queued (rather than inserted at once) would otherwise hold up to twice its size.
 */
export function compactBlock(block: EncodedRows): EncodedRows {
  const { bytes } = block;
  if (bytes.buffer.byteLength - bytes.byteLength <= bytes.byteLength / 8) return block;
  return { ...block, bytes: Buffer.from(bytes) };
}

/** Bytes held by encoded blocks (what the ingest memory budget counts while they are queued). */
export const encodedBytes = (blocks: readonly EncodedRows[]): number => {
  let n = 0;
  for (const b of blocks) n += b.bytes.byteLength;
  return n;
};

/** Rough bytes per row, to size the first buffer so most batches never grow it. */
export const initialCapacity = (rows: number, bytesPerRow: number): number => Math.max(4096, rows * bytesPerRow);

/** UInt64 columns refuse negatives; a clock-skewed span with end < start stores 0. */
export const nonNegative = (v: bigint): bigint => (v < 0n ? 0n : v);
