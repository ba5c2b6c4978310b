// One ClickHouse Native block, written column by column: varint column count, varint row count,
// then per column its name, its type name (both varint-length strings) and its data. Column
// data: fixed-width values back to back (little endian); String = varint length + bytes per row;
// Array(T) = one UInt64 cumulative end offset per row, then the flattened T column; Map(K, V) =
// offsets like an array, then all keys as a K column, then all values as a V column. No block
// info and no per-column serialization byte: those belong to the TCP protocol, not the format.
// Verified byte for byte against the engine's own Native output (test/native-block.chdb.test.ts).
// Blocks may be concatenated into one INSERT (ingest encodes each request as a block and a
// group commit sends its requests' blocks together); each extra block costs the engine a little
// (bench/engine-native.ts: +0.1–0.8 µs/row at 1,000-row blocks).
import type { AttributeMap } from "@tracelight/otlp";
import { ByteWriter } from "./byte-writer.ts";
import { type EncodedRows, initialCapacity } from "./encoded.ts";

/**
 * Column types as sent. LowCardinality(String) columns are sent as plain String (and maps/arrays
 * of it likewise): the engine converts on insert (input_format_native_allow_types_conversion, on
 * by default). Exact LowCardinality types saved the engine only ~0.3 µs/row, about what building
 * the dictionaries in JS would cost (README, "Ingest path").
 */
export const T = {
  string: "String",
  uint8: "UInt8",
  bool: "Bool",
  int32: "Int32",
  uint32: "UInt32",
  uint64: "UInt64",
  float64: "Float64",
  dateTime64: "DateTime64(9)",
  map: "Map(String, String)",
  strings: "Array(String)",
  dateTime64s: "Array(DateTime64(9))",
  float64s: "Array(Float64)",
  uint64s: "Array(UInt64)",
  maps: "Array(Map(String, String))",
} as const;

export class NativeBlockWriter extends ByteWriter {
  private readonly written: string[] = [];
  private readonly starts: number[] = [];

  /**
   * @param columns the INSERT's column list; the encoder must write exactly these, in order
   *   (checked by finish(), so a list and an encoder cannot drift apart unnoticed).
   * @param bytesPerRow first guess of the block's size per row. Each block is sized from its own
   *   rows only: sizing it from an earlier block let one client's huge value make the next
   *   client's buffer too large to allocate (and its rows lost).
   */
  constructor(
    private readonly columns: readonly string[],
    private readonly rowCount: number,
    bytesPerRow: number,
  ) {
    super(initialCapacity(rowCount, bytesPerRow));
    this.varint(columns.length);
    this.varint(rowCount);
  }

  /** Starts a column: its name and type; its data follows. */
  column(name: string, type: string): void {
    this.written.push(name);
    this.starts.push(this.pos);
    this.string(name);
    this.string(type);
  }

  /** Offsets of an Array or Map column: each row's cumulative end in the flattened data. */
  offsets(lists: readonly { readonly length: number }[]): void {
    let end = 0;
    for (const list of lists) {
      end += list.length;
      this.uint64FromNumber(end);
    }
  }

  /** Map(String, String) data for one map per row: offsets, all keys, then all values. */
  stringMaps(maps: readonly Readonly<AttributeMap>[]): void {
    // Offsets precede the keys but are only known while walking them: reserve, then fill in.
    this.ensure(maps.length * 8);
    let offsetAt = this.pos;
    this.pos += maps.length * 8;
    let end = 0;
    // for-in over plain objects hits V8's enum cache: no key array per map, and m[key] inside
    // it is a fast field load. The maps are plain data objects (no inherited enumerables).
    for (const m of maps) {
      for (const key in m) {
        this.string(key);
        end++;
      }
      this.putUint64(offsetAt, end);
      offsetAt += 8;
    }
    for (const m of maps) for (const key in m) this.string(m[key] as string);
  }

  finish(table: string): EncodedRows {
    const w = this.written;
    if (w.length !== this.columns.length || w.some((name, i) => name !== this.columns[i])) {
      throw new Error(`Native encoder for ${table} wrote columns [${w}], expected [${this.columns}]`);
    }
    const block = {
      table,
      columns: this.columns,
      rowCount: this.rowCount,
      bytes: this.bytes(),
      columnStarts: this.starts,
    };
    return this.truncatedValues > 0 ? { ...block, truncatedValues: this.truncatedValues } : block;
  }
}

/** All elements of per-row lists, in row order: the data of a Nested/Array column. */
export function flatten<E>(lists: readonly (readonly E[])[]): E[] {
  const out: E[] = [];
  for (const list of lists) for (const e of list) out.push(e);
  return out;
}
