// Reading what an OTLP/HTTP receiver answers: the partial success inside a 200
// (Export*ServiceResponse.partial_success) and the message of an error (google.rpc.Status), each
// in protobuf or JSON as the response's content type says. Both are tiny: a few fields are read
// by hand rather than with a protobuf library.

export interface PartialSuccess {
  rejected: number;
  message: string;
}

const MAX_MESSAGE_CHARS = 500;

const isJson = (contentType: string) => /\bjson\b/i.test(contentType);
const clip = (text: string) => (text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text);

/** The varint and length-delimited fields of a protobuf message (last value wins); undefined if unreadable. */
function protoFields(bytes: Uint8Array): Map<number, number | Uint8Array> | undefined {
  const fields = new Map<number, number | Uint8Array>();
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.length) throw new RangeError("truncated varint");
      const b = bytes[pos++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  };
  try {
    while (pos < bytes.length) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      switch (tag % 8) {
        case 0:
          fields.set(field, varint());
          break;
        case 1:
          pos += 8;
          break;
        case 2: {
          const length = varint();
          fields.set(field, bytes.subarray(pos, pos + length));
          pos += length;
          break;
        }
        case 5:
          pos += 4;
          break;
        default:
          return undefined;
      }
    }
  } catch {
    return undefined;
  }
  return pos === bytes.length ? fields : undefined;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(text(bytes));
  } catch {
    return undefined;
  }
}

/**
 * The partial success of a 200 answer, or undefined for a full success. A partial success may
 * reject nothing and still carry a message (a warning, e.g. invalid UTF-8 was replaced).
 */
export function readPartialSuccess(body: Uint8Array, contentType: string): PartialSuccess | undefined {
  if (body.length === 0) return undefined;
  if (isJson(contentType)) {
    const json = parseJson(body) as { partialSuccess?: Record<string, unknown> } | undefined;
    const ps = json?.partialSuccess;
    if (!ps || typeof ps !== "object") return undefined;
    const rejected = Number(ps.rejectedSpans ?? ps.rejectedDataPoints ?? ps.rejectedLogRecords ?? 0) || 0;
    const message = typeof ps.errorMessage === "string" ? ps.errorMessage : "";
    return rejected > 0 || message ? { rejected, message: clip(message) } : undefined;
  }
  // Export*ServiceResponse { 1: partial_success { 1: rejected, 2: error_message } }
  const embedded = protoFields(body)?.get(1);
  const ps = embedded instanceof Uint8Array ? protoFields(embedded) : undefined;
  if (!ps) return undefined;
  const count = ps.get(1);
  const rejected = typeof count === "number" ? count : 0;
  const bytes = ps.get(2);
  const message = bytes instanceof Uint8Array ? text(bytes) : "";
  return rejected > 0 || message ? { rejected, message: clip(message) } : undefined;
}

/** What an error answer says: google.rpc.Status's message, else the body as text. */
export function readErrorMessage(body: Uint8Array, contentType: string): string {
  if (body.length === 0) return "";
  if (isJson(contentType)) {
    const json = parseJson(body) as { message?: unknown; error?: { message?: unknown } } | undefined;
    const message = json?.message ?? json?.error?.message;
    if (typeof message === "string") return clip(message);
  } else if (/protobuf/i.test(contentType)) {
    // google.rpc.Status { 1: code, 2: message, 3: details }
    const message = protoFields(body)?.get(2);
    if (message instanceof Uint8Array) return clip(text(message));
  }
  return clip(text(body).trim());
}
