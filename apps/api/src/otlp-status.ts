// How each ingest refusal is reported: the OTLP/HTTP status code and the gRPC status code
// (also the `code` of the google.rpc.Status body on HTTP). Retryable kinds use the codes
// OTLP clients retry: HTTP 503 with Retry-After, gRPC UNAVAILABLE with RetryInfo.

import { GrpcCode } from "@tracelight/otlp-encode";
import type { IngestErrorKind } from "./ingest/errors.ts";

export const INGEST_STATUS: Readonly<Record<IngestErrorKind, { http: number; grpc: number }>> = {
  invalid: { http: 400, grpc: GrpcCode.INVALID_ARGUMENT },
  unauthenticated: { http: 401, grpc: GrpcCode.UNAUTHENTICATED },
  too_large: { http: 413, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  unsupported_media: { http: 415, grpc: GrpcCode.INVALID_ARGUMENT },
  overloaded: { http: 503, grpc: GrpcCode.UNAVAILABLE },
  // Not 500: OTLP clients retry only 429/502/503/504, and a failed write is worth retrying.
  store_failed: { http: 503, grpc: GrpcCode.UNAVAILABLE },
  shutting_down: { http: 503, grpc: GrpcCode.UNAVAILABLE },
};
