// A growable little-endian byte buffer: LEB128 lengths, UTF-8 strings encoded straight into the
// buffer (no intermediate Buffer per string), 64-bit ints from bigint. This is the ingest hot
// path, so it avoids per-value allocations and DataView (which would need re-creating on growth).

// 64-bit values go through one shared typed-array slot: no BigInt arithmetic, no allocation.
const scratch64 = new BigInt64Array(1);
const scratchU64 = new BigUint64Array(scratch64.buffer);
const scratchBytes = new Uint8Array(scratch64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;

/**
 * The longest String value stored, in UTF-8 bytes (1 MiB). Longer ones (an attribute value, a
 * log body) are cut at a character boundary and counted, so the receiver can warn in the
 * partial success; reads of stored rows then stay bounded too.
 */
export const MAX_VALUE_BYTES = 1024 * 1024;
// Values this long (in UTF-16 units) may exceed the cap; shorter ones cannot (3 bytes a unit at most).
const MAY_EXCEED = Math.floor(MAX_VALUE_BYTES / 3);
// The varint length of any truncated value: at least MAX_VALUE_BYTES - 3, it is within [2^14, 2^21).
const TRUNCATED_PREFIX = 3;

export class ByteWriter {
  protected buf: Buffer;
  protected pos = 0;
  /** String values cut at MAX_VALUE_BYTES so far. */
  truncatedValues = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written so far. The writer must not be used afterwards (the view shares memory). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  protected ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  uint8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  bool(v: boolean): void {
    this.uint8(v ? 1 : 0);
  }

  uint32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  int32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32LE(v | 0, this.pos);
    this.pos += 4;
  }

  /** Int64 / DateTime64(9) nanoseconds. */
  int64(v: bigint): void {
    this.ensure(8);
    scratch64[0] = v;
    this.copyScratch();
  }

  uint64(v: bigint): void {
    this.ensure(8);
    scratchU64[0] = v;
    this.copyScratch();
  }

  /** UInt64 from a JS number (a safe integer): counts and offsets, without a bigint per value. */
  uint64FromNumber(v: number): void {
    this.ensure(8);
    this.putUint64(this.pos, v);
    this.pos += 8;
  }

  /** Writes a UInt64 (safe integer) at `p`, already reserved; does not move the position. */
  protected putUint64(p: number, v: number): void {
    const buf = this.buf;
    const lo = v >>> 0;
    const hi = (v / TWO_32) >>> 0;
    buf[p] = lo;
    buf[p + 1] = lo >>> 8;
    buf[p + 2] = lo >>> 16;
    buf[p + 3] = lo >>> 24;
    buf[p + 4] = hi;
    buf[p + 5] = hi >>> 8;
    buf[p + 6] = hi >>> 16;
    buf[p + 7] = hi >>> 24;
  }

  private copyScratch(): void {
    const buf = this.buf;
    const p = this.pos;
    if (littleEndian) {
      buf[p] = scratchBytes[0] as number;
      buf[p + 1] = scratchBytes[1] as number;
      buf[p + 2] = scratchBytes[2] as number;
      buf[p + 3] = scratchBytes[3] as number;
      buf[p + 4] = scratchBytes[4] as number;
      buf[p + 5] = scratchBytes[5] as number;
      buf[p + 6] = scratchBytes[6] as number;
      buf[p + 7] = scratchBytes[7] as number;
    } else {
      for (let i = 0; i < 8; i++) buf[p + i] = scratchBytes[7 - i] as number;
    }
    this.pos = p + 8;
  }

  float64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** Unsigned LEB128: the length prefix of strings (and the block header's counts). */
  varint(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }

  /** A String value: varint byte length, then the UTF-8 bytes. */
  string(s: string): void {
    const n = s.length;
    if (n > MAY_EXCEED && Buffer.byteLength(s, "utf8") > MAX_VALUE_BYTES) {
      this.truncated(s);
      return;
    }
    this.ensure(n * 3 + 5);
    const buf = this.buf;
    const at = this.pos;
    if (n < 128) {
      // Most values (IDs, names, attribute values) are short ASCII: copy them in a JS loop,
      // which beats a native call, with the one-byte length prefix in front.
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + 1 + i] = c;
      }
      if (i === n) {
        buf[at] = n;
        this.pos = at + 1 + n;
        return;
      }
      if (n * 3 < 128) {
        // Non-ASCII but surely under 128 bytes: encode, then fill in the one-byte length.
        const written = buf.write(s, at + 1);
        buf[at] = written;
        this.pos = at + 1 + written;
        return;
      }
    }
    this.varint(Buffer.byteLength(s, "utf8"));
    this.pos += this.buf.write(s, this.pos);
  }

  private truncated(s: string): void {
    this.truncatedValues++;
    this.ensure(TRUNCATED_PREFIX + MAX_VALUE_BYTES);
    // write() stops before a character that does not fit whole, so the cut is valid UTF-8.
    const written = this.buf.write(s, this.pos + TRUNCATED_PREFIX, MAX_VALUE_BYTES);
    this.varint(written);
    this.pos += written;
  }
}
