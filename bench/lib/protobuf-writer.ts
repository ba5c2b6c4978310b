// A minimal protobuf writer for generating OTLP request bodies in benchmarks. It remembers
// where trace IDs and timestamps land ("marks"), so a template body can be re-stamped with
// fresh IDs and times for each send at the cost of a few byte writes per span.

const encoder = new TextEncoder();

export type MarkKind = "traceId" | "time";
export interface Mark {
  kind: MarkKind;
  at: number;
}

export class ProtoWriter {
  private readonly bytes: number[] = [];
  readonly marks: Mark[] = [];

  get length(): number {
    return this.bytes.length;
  }

  varint(value: number): void {
    let v = value;
    while (v > 0x7f) {
      this.bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  uint(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  fixed64(field: number, value: bigint, mark?: MarkKind): void {
    this.tag(field, 1);
    if (mark) this.marks.push({ kind: mark, at: this.bytes.length });
    for (let i = 0n; i < 8n; i++) this.bytes.push(Number((value >> (8n * i)) & 0xffn));
  }

  double(field: number, value: number): void {
    this.tag(field, 1);
    for (const x of new Uint8Array(new Float64Array([value]).buffer)) this.bytes.push(x);
  }

  bytesField(field: number, value: Uint8Array, mark?: MarkKind): void {
    this.tag(field, 2);
    this.varint(value.length);
    if (mark) this.marks.push({ kind: mark, at: this.bytes.length });
    for (const x of value) this.bytes.push(x);
  }

  string(field: number, value: string): void {
    this.bytesField(field, encoder.encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    build(inner);
    this.tag(field, 2);
    this.varint(inner.length);
    const base = this.bytes.length;
    for (const x of inner.bytes) this.bytes.push(x);
    for (const m of inner.marks) this.marks.push({ kind: m.kind, at: base + m.at });
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
