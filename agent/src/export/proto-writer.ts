// A protobuf writer over one buffer that grows and is reused from request to request: the span
// encoder writes every field straight from the agent's spans, with no intermediate objects.
// A nested message reserves room for its length and closes it once its size is known.

const INITIAL_BYTES = 256 * 1024;

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
    const n = Buffer.byteLength(value);
    this.tag(field, 2);
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
    this.pos += this.buf.write(value, this.pos, n, "hex");
  }

  /** Opens a nested message; returns the mark to close it with. */
  open(field: number): number {
    this.tag(field, 2);
    // Most messages here are under 16 KiB: two length bytes, moved when more are needed.
    this.ensure(2);
    this.pos += 2;
    return this.pos;
  }

  close(mark: number): void {
    const length = this.pos - mark;
    let size = 1;
    while (length >= 2 ** (7 * size)) size++;
    if (size !== 2) {
      this.ensure(size - 2);
      this.buf.copy(this.buf, mark - 2 + size, mark, this.pos);
      this.pos += size - 2;
    }
    let at = mark - 2;
    let v = length;
    for (let i = 1; i < size; i++) {
      this.buf[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[at] = v;
  }
}
