// A bounds-checked protobuf wire-format reader over one request body. Every read checks the
// buffer end and throws OtlpDecodeError naming the problem and the byte offset; message
// decoders check that each embedded message ends exactly at its declared length.
import { Buffer, isUtf8 } from "node:buffer";
import { OtlpDecodeError } from "../errors.ts";

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** Unknown groups nest; hostile input could nest them without end. */
const MAX_GROUP_DEPTH = 32;
const TWO_32 = 4294967296;

export class Reader {
  readonly bytes: Uint8Array;
  /** The same memory as a Buffer, for Node's native string, hex and base64 slicing. */
  readonly buf: Buffer;
  readonly view: DataView;
  readonly length: number;
  pos = 0;
  /** Low and high 32 bits of the last 64-bit varint read by `varint64`. */
  lo = 0;
  hi = 0;
  /** Strings whose bytes were not valid UTF-8 (decoded with U+FFFD replacements). */
  invalidUtf8 = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  fail(problem: string, at: number = this.pos): never {
    throw new OtlpDecodeError(`invalid protobuf: ${problem} at byte ${at}`);
  }

  /** A varint truncated to its low 32 bits (tags, enums, uint32/int32, bools). */
  uint32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos < this.length) {
      const b = bytes[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    const start = pos;
    let result = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.length) this.fail("truncated varint", start);
      const b = bytes[pos++] as number;
      if (i < 5) result |= (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    return this.fail("varint longer than 10 bytes", start);
  }

  /** A full 64-bit varint into `lo`/`hi`. */
  varint64(): void {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.length) this.fail("truncated varint", start);
      const b = bytes[pos++] as number;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    this.fail("varint longer than 10 bytes", start);
  }

  /** int64 varint as exact decimal text (attribute int values must not lose digits). */
  int64Text(): string {
    this.varint64();
    const lo = this.lo;
    const hi = this.hi;
    if (hi < 0x200000) return String(hi * TWO_32 + lo);
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** uint64 varint as bigint. */
  uint64Big(): bigint {
    this.varint64();
    if (this.hi === 0) return BigInt(this.lo);
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** zigzag-encoded sint32. */
  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  bool(): boolean {
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  private need(n: number): number {
    const pos = this.pos;
    if (pos + n > this.length) this.fail(`truncated ${n === 8 ? "fixed64" : "fixed32"}`);
    this.pos = pos + n;
    return pos;
  }

  fixed64Big(): bigint {
    return this.view.getBigUint64(this.need(8), true);
  }

  /** sfixed64 as a number: metric int values become doubles in the tables anyway. */
  sfixed64Number(): number {
    const at = this.need(8);
    return this.view.getInt32(at + 4, true) * TWO_32 + this.view.getUint32(at, true);
  }

  double(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  fixed32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  /** Reads a length prefix and returns where the length-delimited field ends. */
  lenEnd(): number {
    const start = this.pos;
    let n: number;
    const first = start < this.length ? (this.bytes[start] as number) : 0x80;
    if (first < 0x80) {
      this.pos = start + 1;
      n = first;
    } else {
      this.varint64();
      if (this.hi !== 0) this.fail(`length ${this.hi * TWO_32 + this.lo} exceeds the message`, start);
      n = this.lo;
    }
    const end = this.pos + n;
    if (end > this.length) {
      this.fail(`length ${n} exceeds the ${this.length - this.pos} remaining bytes`, start);
    }
    return end;
  }

  /**
   * Decodes bytes as UTF-8. Invalid UTF-8 is replaced with U+FFFD and counted rather than
   * refused: the item stays stored and the client is told in the partial-success message.
   */
  string(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    if (start === end) return "";
    const text = this.buf.toString("utf8", start, end);
    // A U+FFFD in the output is either real or a replacement; only then pay for validation.
    if (text.indexOf("\uFFFD") !== -1 && !isUtf8(this.bytes.subarray(start, end))) this.invalidUtf8++;
    return text;
  }

  base64(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    return this.buf.toString("base64", start, end);
  }

  /** Skips one field whose tag was read; `wireType` is `tag & 7`. */
  skip(tag: number, depth = 0): void {
    switch (tag & 7) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.need(8);
        return;
      case WIRE_LEN:
        this.pos = this.lenEnd();
        return;
      case WIRE_FIXED32:
        this.need(4);
        return;
      case WIRE_START_GROUP:
        this.skipGroup(tag >>> 3, depth);
        return;
      case WIRE_END_GROUP:
        this.fail(`unexpected end-group tag for field ${tag >>> 3}`);
        break;
      default:
        this.fail(`invalid wire type ${tag & 7} for field ${tag >>> 3}`);
    }
  }

  private skipGroup(field: number, depth: number): void {
    if (depth >= MAX_GROUP_DEPTH) this.fail(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
    const start = this.pos;
    for (;;) {
      if (this.pos >= this.length) this.fail(`unterminated group for field ${field}`, start);
      const tag = this.tag();
      if ((tag & 7) === WIRE_END_GROUP) {
        if (tag >>> 3 !== field) this.fail(`end-group tag for field ${tag >>> 3} closes group ${field}`);
        return;
      }
      this.skip(tag, depth + 1);
    }
  }

  /** Reads a field tag; field number 0 is never valid. */
  tag(): number {
    const at = this.pos;
    const tag = this.uint32();
    if (tag >>> 3 === 0) this.fail("field number 0", at);
    return tag;
  }

  /**
   * Skips a field the message decoder did not match. When the field number is one the message
   * defines (bit set in `known`), the sender used the wrong wire type: refuse the request
   * rather than silently dropping data it meant to send.
   */
  unknown(tag: number, known: number, message: string): void {
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === WIRE_END_GROUP || wireType > WIRE_FIXED32) this.skip(tag); // throws, naming it
    if (field < 32 && (known & (1 << field)) !== 0) {
      this.fail(`field ${field} of ${message} has wrong wire type ${tag & 7}`);
    }
    this.skip(tag);
  }

  /** After a message's fields: the last field must end exactly at the declared length. */
  end(end: number, message: string): void {
    if (this.pos !== end) this.fail(`field overruns the end of ${message} (ends at byte ${end})`);
  }
}

/** Bit mask of field numbers, for `Reader.unknown`. */
export function fields(...numbers: number[]): number {
  let mask = 0;
  for (const n of numbers) mask |= 1 << n;
  return mask;
}
