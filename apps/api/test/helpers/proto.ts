// A minimal protobuf wire reader for tests: enough to read google.rpc.Status and the export
// responses back, written independently of the encoder under test.

export type Field = { wire: 0; value: bigint } | { wire: 2; value: Uint8Array };

export function readFields(bytes: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[pos++];
      if (byte === undefined) throw new Error("truncated varint");
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const number = tag >> 3;
    const wire = tag & 7;
    let field: Field;
    if (wire === 0) field = { wire: 0, value: varint() };
    else if (wire === 2) {
      const length = Number(varint());
      field = { wire: 2, value: bytes.subarray(pos, pos + length) };
      pos += length;
    } else throw new Error(`unsupported wire type ${wire}`);
    fields.set(number, [...(fields.get(number) ?? []), field]);
  }
  return fields;
}

/** google.rpc.Status → { code, message, details } */
export function readStatus(bytes: Uint8Array): { code: number; message: string; details: Uint8Array[] } {
  const f = readFields(bytes);
  const code = f.get(1)?.[0];
  const message = f.get(2)?.[0];
  return {
    code: code?.wire === 0 ? Number(code.value) : 0,
    message: message?.wire === 2 ? new TextDecoder().decode(message.value) : "",
    details: (f.get(3) ?? []).flatMap((d) => (d.wire === 2 ? [d.value] : [])),
  };
}
