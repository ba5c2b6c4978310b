// OTLP response bodies, encoded by hand (they are tiny): Export*ServiceResponse with its
// partial_success, and google.rpc.Status for errors, each as protobuf or proto3 JSON.

/** What a receiver answers an export with: items refused and why (the api's ExportOutcome). */
export interface ExportOutcome {
  rejected: number;
  /** Distinct reasons for the refused items. */
  errors: string[];
}

/** gRPC status codes used by the receivers (google.rpc.Code). */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

class ProtoWriter {
  private bytes: number[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  /** Varint field; proto3 omits zero. */
  varintField(field: number, value: number | bigint): this {
    if (BigInt(value) === 0n) return this;
    return this.varint(field << 3).varint(value);
  }

  /** Length-delimited field (string, bytes, embedded message). */
  bytesField(field: number, value: Uint8Array, keepEmpty = false): this {
    if (value.length === 0 && !keepEmpty) return this;
    this.varint((field << 3) | 2).varint(value.length);
    for (const b of value) this.bytes.push(b);
    return this;
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  finish(): Buffer {
    return Buffer.from(this.bytes);
  }
}

function partialSuccessMessage(result: ExportOutcome): string {
  return result.errors.join("; ");
}

function isFullSuccess(result: ExportOutcome): boolean {
  return result.rejected === 0 && result.errors.length === 0;
}

/**
 * Export{Trace,Logs,Metrics}ServiceResponse as protobuf. Full success is the empty message;
 * otherwise field 1 (partial_success) holds {1: rejected count, 2: error_message}. The three
 * signals share this layout, only the count's name differs.
 */
export function exportResponseProto(result: ExportOutcome): Buffer {
  if (isFullSuccess(result)) return Buffer.alloc(0);
  const partial = new ProtoWriter()
    .varintField(1, result.rejected)
    .stringField(2, partialSuccessMessage(result))
    .finish();
  return new ProtoWriter().bytesField(1, partial, true).finish();
}

/** The same response in OTLP/JSON (int64 as a decimal string, per the proto3 JSON mapping). */
/** `rejectedField`: the signal's count name, e.g. "rejectedSpans". */
export function exportResponseJson(result: ExportOutcome, spec: { rejectedField: string }): string {
  if (isFullSuccess(result)) return "{}";
  const partialSuccess: Record<string, string> = {};
  if (result.rejected > 0) partialSuccess[spec.rejectedField] = String(result.rejected);
  const message = partialSuccessMessage(result);
  if (message) partialSuccess.errorMessage = message;
  return JSON.stringify({ partialSuccess });
}

/** google.rpc.Status {1: code, 2: message, 3: details (Any)} as protobuf. */
export function statusProto(code: number, message: string, details: Uint8Array[] = []): Buffer {
  const w = new ProtoWriter().varintField(1, code).stringField(2, message);
  for (const detail of details) w.bytesField(3, detail, true);
  return w.finish();
}

/** google.rpc.Status in proto3 JSON. */
export function statusJson(code: number, message: string): string {
  return JSON.stringify({ code, message });
}

/**
 * google.protobuf.Any holding google.rpc.RetryInfo {1: retry_delay Duration {1: seconds}}, the
 * detail OTLP/gRPC clients read to know when to retry.
 */
export function retryInfoAny(seconds: number): Buffer {
  const duration = new ProtoWriter().varintField(1, Math.ceil(seconds)).finish();
  const retryInfo = new ProtoWriter().bytesField(1, duration, true).finish();
  return new ProtoWriter()
    .stringField(1, "type.googleapis.com/google.rpc.RetryInfo")
    .bytesField(2, retryInfo, true)
    .finish();
}
