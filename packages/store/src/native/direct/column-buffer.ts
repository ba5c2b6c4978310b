// Column data written straight from OTLP protobuf bytes: strings copied from the request buffer
// (checked, not decoded), IDs as hex, 64-bit times as their two 32-bit halves. Buffers are kept
// and reset between requests, so a request allocates only its finished block.
import { isUtf8 } from "node:buffer";
import { ByteWriter, MAX_VALUE_BYTES } from "../byte-writer.ts";
import type { EncodedRows } from "../encoded.ts";

const HEX = new TextEncoder().encode("0123456789abcdef");
/** Shorter strings are copied and checked for ASCII in a JS loop, which beats a native call. */
const LOOP_COPY = 64;

export class ColumnBuffer extends ByteWriter {
  /**
   * Empties the buffer, keeping its memory up to 1 MiB (a column of ~4,000 spans' attributes):
   * past that it starts small again, so the ~30 buffers kept between requests hold at most ~30 MiB.
   */
  reset(): void {
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.allocUnsafe(16 * 1024);
    this.pos = 0;
    this.truncatedValues = 0;
  }

  /**
   * A String value from `src[start, end)`, which must be UTF-8 of at most MAX_VALUE_BYTES;
   * returns false (nothing written) otherwise, for the caller to take the row path, which
   * replaces or cuts such values and says so.
   */
  utf8From(src: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n > MAX_VALUE_BYTES) return false;
    this.ensure(n + 5);
    const buf = this.buf;
    if (n < 128 && n <= LOOP_COPY) {
      let p = this.pos;
      buf[p++] = n;
      let high = 0;
      for (let i = start; i < end; i++) {
        const c = src[i] as number;
        high |= c;
        buf[p++] = c;
      }
      if (high >= 0x80 && !isUtf8(src.subarray(start, end))) return false;
      this.pos = p;
      return true;
    }
    if (!isUtf8(src.subarray(start, end))) return false;
    this.varint(n);
    buf.set(src.subarray(start, end), this.pos);
    this.pos += n;
    return true;
  }

  /** A String value: lowercase hex of `src[start, end)` (an ID of at most 63 bytes). */
  hexFrom(src: Uint8Array, start: number, end: number): void {
    const n = (end - start) * 2;
    this.ensure(n + 1);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = n;
    for (let i = start; i < end; i++) {
      const b = src[i] as number;
      buf[p++] = HEX[b >>> 4] as number;
      buf[p++] = HEX[b & 15] as number;
    }
    this.pos = p;
  }

  /** A 64-bit value from its low and high 32 bits. */
  uint64Parts(lo: number, hi: number): void {
    this.ensure(8);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = lo;
    buf[p + 1] = lo >>> 8;
    buf[p + 2] = lo >>> 16;
    buf[p + 3] = lo >>> 24;
    buf[p + 4] = hi;
    buf[p + 5] = hi >>> 8;
    buf[p + 6] = hi >>> 16;
    buf[p + 7] = hi >>> 24;
    this.pos = p + 8;
  }

  /** Bytes already encoded elsewhere (a resource's attributes, a service name). */
  append(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    if (n <= LOOP_COPY) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = bytes[i] as number;
      this.pos = p;
    } else {
      this.buf.set(bytes, this.pos);
      this.pos += n;
    }
  }

  /** The bytes written (a view: valid until the next reset). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** One column of a block: its name, type and data, which may be split over several buffers. */
export interface ColumnParts {
  name: string;
  type: string;
  parts: readonly ColumnBuffer[];
}

/** The Native block (column-writer.ts has the layout) in a buffer of exactly its size. */
export function assembleBlock(
  table: string,
  names: readonly string[],
  rowCount: number,
  columns: readonly ColumnParts[],
): EncodedRows {
  if (columns.length !== names.length || columns.some((c, i) => c.name !== names[i])) {
    throw new Error(
      `direct Native encoder for ${table} wrote columns [${columns.map((c) => c.name)}], expected [${names}]`,
    );
  }
  const head = new ByteWriter(64);
  head.varint(columns.length);
  head.varint(rowCount);
  const headers = columns.map((c) => {
    const w = new ByteWriter(64);
    w.string(c.name);
    w.string(c.type);
    return w.bytes();
  });
  let size = head.length;
  columns.forEach((c, i) => {
    size += (headers[i] as Buffer).length;
    for (const p of c.parts) size += p.length;
  });
  const out = Buffer.allocUnsafeSlow(size);
  out.set(head.bytes(), 0);
  let at = head.length;
  const columnStarts: number[] = [];
  columns.forEach((c, i) => {
    columnStarts.push(at);
    const header = headers[i] as Buffer;
    out.set(header, at);
    at += header.length;
    for (const p of c.parts) {
      out.set(p.view(), at);
      at += p.length;
    }
  });
  return { table, columns: names, rowCount, bytes: out, columnStarts };
}
