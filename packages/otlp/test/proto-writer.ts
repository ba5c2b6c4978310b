// A tiny protobuf writer for hand-built test requests: the JS SDK cannot produce exemplars or
// summaries, and hostile bodies need exact control over every byte.

export class ProtoWriter {
  private readonly bytes: number[] = [];

  raw(...values: number[]): this {
    this.bytes.push(...values);
    return this;
  }

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  uint(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  sint(field: number, value: number): this {
    return this.tag(field, 0).varint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  fixed64(field: number, value: bigint): this {
    this.tag(field, 1);
    const v = BigInt.asUintN(64, value);
    for (let i = 0n; i < 8n; i++) this.bytes.push(Number((v >> (8n * i)) & 0xffn));
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.bytes.push(...b);
    return this;
  }

  fixed32(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, true);
    this.bytes.push(...b);
    return this;
  }

  bytesField(field: number, value: Uint8Array | number[]): this {
    this.tag(field, 2).varint(value.length);
    this.bytes.push(...value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  hex(field: number, hex: string): this {
    return this.bytesField(field, Buffer.from(hex, "hex"));
  }

  message(field: number, build: (w: ProtoWriter) => unknown): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** KeyValue helpers for the common AnyValue shapes. */
export const kv = {
  str: (w: ProtoWriter, field: number, key: string, value: string) =>
    w.message(field, (m) => m.string(1, key).message(2, (v) => v.string(1, value))),
  int: (w: ProtoWriter, field: number, key: string, value: number | bigint) =>
    w.message(field, (m) => m.string(1, key).message(2, (v) => v.uint(3, value))),
};
