// A protobuf writer over one buffer that grows and is reused from request to request: the span
// encoder writes every field straight from the agent's spans, with no intermediate objects.
// A nested message reserves room for its length and writes it once its size is known.

const INITIAL_BYTES = 256 * 1024;

/** Character code → its value as a lowercase hex digit. */
const HEX = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX["0123456789abcdef".charCodeAt(i)] = i;

export class ProtoWriter {
  private buf = Buffer.allocUnsafe(INITIAL_BYTES);
  private pos = 0;

  /** Starts a new message, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** A copy of what was written (the buffer is reused by the next message). */
  finish(): Uint8Array {
    return new Uint8Array(this.buf.subarray(0, this.pos));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** A non-negative integer below 2^53. */
  varint(value: number): void {
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  uint(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  /** int64 of a safe integer: negative values as their 64-bit two's complement. */
  int64(field: number, value: number): void {
    this.tag(field, 0);
    if (value >= 0) {
      this.varint(value);
      return;
    }
    this.ensure(10);
    // Ten bytes of seven bits each.
    let v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 9; i++) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  bool(field: number, value: boolean): void {
    this.tag(field, 0);
    this.varint(value ? 1 : 0);
  }

  double(field: number, value: number): void {
    this.tag(field, 1);
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(value, this.pos);
  }

  fixed64(field: number, value: bigint): void {
    this.tag(field, 1);
    this.ensure(8);
    this.pos = this.buf.writeBigUInt64LE(value, this.pos);
  }

  fixed32(field: number, value: number): void {
    this.tag(field, 5);
    this.ensure(4);
    this.pos = this.buf.writeUInt32LE(value, this.pos);
  }

  string(field: number, value: string): void {
    this.tag(field, 2);
    // Short ASCII strings (most attribute keys and values) byte by byte: cheaper than a call
    // into Buffer's native writer for each.
    const length = value.length;
    if (length < 128) {
      this.ensure(length + 1);
      const buf = this.buf;
      let at = this.pos + 1;
      let i = 0;
      for (; i < length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at++] = c;
      }
      if (i === length) {
        buf[this.pos] = length;
        this.pos = at;
        return;
      }
    }
    const n = Buffer.byteLength(value);
    this.varint(n);
    this.ensure(n);
    this.pos += this.buf.write(value, this.pos, n, "utf8");
  }

  /** Bytes given as lowercase hex (trace and span IDs). */
  hex(field: number, value: string): void {
    const n = value.length >> 1;
    this.tag(field, 2);
    this.varint(n);
    this.ensure(n);
    const buf = this.buf;
    for (let i = 0; i < n; i++)
      buf[this.pos++] = (HEX[value.charCodeAt(2 * i)]! << 4) | HEX[value.charCodeAt(2 * i + 1)]!;
  }

  /**
   * Opens a nested message; returns the mark to close it with. `lengthBytes` is room for its
   * length (1: under 128 bytes, 2: under 16 KiB, 3: under 2 MiB): a wrong guess costs a move.
   */
  open(field: number, lengthBytes = 1): number {
    this.tag(field, 2);
    this.ensure(lengthBytes);
    this.pos += lengthBytes;
    return this.pos * 4 + lengthBytes;
  }

  close(mark: number): void {
    const reserved = mark % 4;
    const start = (mark - reserved) / 4;
    const length = this.pos - start;
    let size = 1;
    while (length >= 2 ** (7 * size)) size++;
    if (size !== reserved) {
      this.ensure(size - reserved);
      this.buf.copy(this.buf, start - reserved + size, start, this.pos);
      this.pos += size - reserved;
    }
    let at = start - reserved;
    let v = length;
    for (let i = 1; i < size; i++) {
      this.buf[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[at] = v;
  }
}
