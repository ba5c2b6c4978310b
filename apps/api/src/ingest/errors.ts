// Why an ingest request was refused, independent of the protocol. The OTLP/HTTP and OTLP/gRPC
// receivers each map a kind to their own status (see STATUS tables in their folders).

export type IngestErrorKind =
  /** The body could not be decoded (bad protobuf/JSON, bad gzip, ...). Not retryable. */
  | "invalid"
  /** Ingest keys are configured and the request had none, or a wrong one. */
  | "unauthenticated"
  /** The body, compressed or decompressed, exceeds TRACELIGHT_MAX_BODY_BYTES. */
  | "too_large"
  /** Content-Type or Content-Encoding the receiver does not speak. */
  | "unsupported_media"
  /** The in-memory queue is full; retry after `retryAfterSeconds`. */
  | "overloaded"
  /** The store refused the batch holding this request; retryable. */
  | "store_failed"
  /** The service is stopping. Retryable (elsewhere, or after restart). */
  | "shutting_down";

export class IngestError extends Error {
  override name = "IngestError";
  constructor(
    readonly kind: IngestErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.kind === "overloaded" || this.kind === "store_failed" || this.kind === "shutting_down";
  }
}
